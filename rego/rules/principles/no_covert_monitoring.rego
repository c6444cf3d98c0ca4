# METADATA
# title: Covert monitoring, or no notice before the first capture
# description: >-
#   Monitoring must be overt: the program must not be covert, a notice must have been given to
#   the people monitored, and it must be dated no later than program.start_date (the first
#   collection). A notice without a date cannot show that it came first.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PR-001
#   severity: critical
#   legal: ["GDPR Art. 5(1)(a)", "GDPR Recital 39", "GDPR Recital 60", "WP249", "ECtHR Bărbulescu v. Romania (61496/08)"]
#   recommended_action: >-
#     Publish a specific monitoring notice before the first capture; allow covert measures only
#     for a documented, time-boxed investigation of a concrete suspicion approved by legal and
#     the DPO.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transparency, risk_scenarios: [excessive_collection]}
package compliance.rules.principles.no_covert_monitoring

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "program.covert", msg, {"covert": true}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.program.covert == true
	msg := sprintf("program %s is covert (program.covert is true): the people monitored are not told", [program.metadata.id])
}

deny contains lib.finding(lib.program_resource(program), "transparency.notice.provided", msg, {"provided": provided}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	provided := object.get(program, ["transparency", "notice", "provided"], null)
	provided != true
	msg := sprintf("program %s gives the people monitored no notice (transparency.notice.provided is %s)", [
		program.metadata.id, lib.shown(provided),
	])
}

deny contains lib.finding(lib.program_resource(program), "transparency.notice.date", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.transparency.notice.provided == true
	notice := object.get(program, ["transparency", "notice", "date"], null)
	start := object.get(program, ["program", "start_date"], null)
	problem := _timing_problem(notice, start)
	msg := sprintf("program %s: %s", [program.metadata.id, problem])
	evidence := {"notice_date": notice, "start_date": start}
}

_timing_problem(notice, _) := "the notice has no date, so it cannot be shown to precede the first capture" if {
	not is_string(notice)
}

_timing_problem(notice, start) := sprintf("the notice is dated %s, after capture started on %s", [notice, start]) if {
	is_string(notice)
	is_string(start)
	notice > start
}
