# METADATA
# title: Notice given after collection started, or not renewed after a scope change
# description: >-
#   The notice must be dated (transparency.notice.date) no later than the first collection
#   (program.start_date). Where the DPIA review records a scope change (dpia.review.triggers
#   includes scope_change) at a review dated after the notice (dpia.review.last_review), the
#   people monitored were not told of the change. A missing notice date or start date is
#   reported: the order cannot be shown.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-TR-002
#   severity: high
#   legal: ["GDPR Art. 13(1)", "GDPR Art. 13(3)", "WP249", "Code du travail L1222-4"]
#   recommended_action: >-
#     Block agent activation until the employee has received (and, for NY and DE, acknowledged)
#     the notice; re-notify before any change of scope.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transparency, risk_scenarios: [loss_of_control]}
package compliance.rules.transparency.notice_before_collection

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), field, msg, {"notice_date": notice, "start_date": start}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	notice := object.get(program, ["transparency", "notice", "date"], null)
	start := object.get(program, ["program", "start_date"], null)
	[field, problem] := _timing(notice, start)
	msg := sprintf("program %s: %s", [program.metadata.id, problem])
}

deny contains lib.finding(lib.program_resource(program), "transparency.notice.date", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	"scope_change" in program.dpia.review.triggers
	notice := program.transparency.notice.date
	review := program.dpia.review.last_review
	is_string(notice)
	is_string(review)
	review > notice
	msg := sprintf("program %s changed scope (DPIA review of %s) after its last notice of %s, and the people monitored were not re-notified", [
		program.metadata.id, review, notice,
	])
	evidence := {"notice_date": notice, "last_review": review, "triggers": program.dpia.review.triggers}
}

_timing(notice, start) := ["transparency.notice.date", "no notice date is declared, so notice before collection cannot be shown"] if {
	not is_string(notice)
} else := ["program.start_date", "no start date is declared, so notice before collection cannot be shown"] if {
	not is_string(start)
} else := ["transparency.notice.date", sprintf("the notice is dated %s, after collection started on %s", [notice, start])] if {
	notice > start
}
