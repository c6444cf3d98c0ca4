# METADATA
# title: Notice given after collection started, or not renewed before a material change
# description: >-
#   The notice must be dated (transparency.notice.date) no later than the first collection
#   (program.start_date), and each material change in the change log (program.changes[] with
#   material true) needs a fresh notice (its notice_date) no later than the date the change took
#   effect. A missing notice date or start date is reported: the order cannot be shown. The DPIA
#   review triggers (dpia.review.triggers) are a review policy, not evidence that a change
#   happened, and are not read.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-TR-002
#   severity: high
#   legal: ["GDPR Art. 13(1)", "GDPR Art. 13(3)", "WP249", "Code du travail L1222-4"]
#   recommended_action: >-
#     Block agent activation until the employee has received (and, for NY and DE, acknowledged)
#     the notice; re-notify before each material change and record the date in program.changes[].notice_date.
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

deny contains lib.finding(lib.program_resource(program), sprintf("program.changes.%d.notice_date", [i]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, change in _changes(program)
	is_object(change)
	change.material == true
	notice := object.get(change, "notice_date", null)
	problem := _change_problem(change, notice)
	msg := sprintf("program %s: material change %s %s", [program.metadata.id, _change_label(i, change), problem])
	evidence := {"change": i, "date": object.get(change, "date", null), "notice_date": notice}
}

_timing(notice, start) := ["transparency.notice.date", "no notice date is declared, so notice before collection cannot be shown"] if {
	not is_string(notice)
} else := ["program.start_date", "no start date is declared, so notice before collection cannot be shown"] if {
	not is_string(start)
} else := ["transparency.notice.date", sprintf("the notice is dated %s, after collection started on %s", [notice, start])] if {
	notice > start
}

_changes(program) := changes if {
	changes := program.program.changes
	is_array(changes)
} else := []

_change_problem(change, notice) := "has no notice date (notice_date is missing): the people monitored are not shown to have been told of it" if {
	not is_string(notice)
} else := sprintf("has no date (date is missing), so notice before it (on %s) cannot be shown", [notice]) if {
	not is_string(object.get(change, "date", null))
} else := sprintf("took effect on %s but the people monitored were told of it only on %s", [change.date, notice]) if {
	notice > change.date
}

_change_label(i, change) := sprintf("#%d (%s, %s)", [i, change.description, _day_shown(change)]) if {
	is_string(change.description)
} else := sprintf("#%d (%s)", [i, _day_shown(change)])

_day_shown(change) := sprintf("dated %s", [change.date]) if is_string(change.date)

else := "undated"
