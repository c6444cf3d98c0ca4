# METADATA
# title: French staff not informed before the monitoring device collects their data
# description: >-
#   No information about an employee may be collected by a device not brought to their attention
#   beforehand: the notice to French staff must be provided, dated, and dated no later than the
#   program's first capture.
# related_resources:
#   - ref: https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: FR-CT-001
#   severity: high
#   legal: ["Code du travail L1222-4", "GDPR Art. 13"]
#   recommended_action: >-
#     Give each employee an individual notice, with acknowledgment, before the device is
#     activated for them.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transparency, risk_scenarios: []}
package compliance.rules.france.prior_individual_information

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), field, msg, evidence) if {
	some program in input.programs
	lib.pack_applies(program, "FR")
	lib.workers_monitored(program)
	notice := _notice(program)
	start := object.get(program, ["program", "start_date"], null)
	[field, problem] := _problem(notice, start)
	msg := sprintf("program %s collects data on French staff %s (Code du travail L1222-4)", [program.metadata.id, problem])
	evidence := {
		"provided": object.get(notice, "provided", null),
		"date": object.get(notice, "date", null),
		"start_date": start,
	}
}

_problem(notice, start) := ["transparency.notice.provided", "without a prior notice (transparency.notice.provided is not true)"] if {
	not notice.provided == true
} else := ["transparency.notice.date", "without a dated notice, so prior information cannot be shown"] if {
	not is_string(object.get(notice, "date", null))
} else := ["transparency.notice.date", sprintf("since %s but informed them only on %s", [start, notice.date])] if {
	is_string(start)
	notice.date > start
}

_notice(program) := program.transparency.notice if is_object(program.transparency.notice)

else := {}
