# METADATA
# title: CSE not informed and consulted before the monitoring decision
# description: >-
#   In a French establishment with a CSE (taken as one with a works council, at least 50
#   employees, or an undeclared headcount), the CSE must be informed and consulted before the
#   decision to implement means of controlling employees' activity, so before the program starts.
# related_resources:
#   - ref: https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050
# custom:
#   id: FR-CT-002
#   severity: high
#   legal: ["Code du travail L2312-38", "Code du travail L2312-15", "Code du travail L2317-1", "Cass. soc. 11 déc. 2019 n° 18-11.792"]
#   recommended_action: >-
#     Run a formal CSE information-consultation with a DPIA summary before the decision, and
#     record the CSE's opinion.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   unverified: the 50-employee threshold for L2312-38 (docs/method.md#open-points, item 5; taken as settled, not re-checked against Legifrance)
#   dpia: {section: employment, consultation: true, risk_scenarios: []}
package compliance.rules.france.cse_consultation

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "consultation.cse.informed_consulted_date", msg, evidence) if {
	some program in input.programs
	lib.pack_applies(program, "FR")
	lib.workers_monitored(program)
	_has_cse(program)
	consulted := object.get(program, ["consultation", "cse", "informed_consulted_date"], null)
	start := object.get(program, ["program", "start_date"], null)
	problem := _problem(consulted, start)
	msg := sprintf("program %s monitors staff of a French establishment with a CSE but %s", [program.metadata.id, problem])
	evidence := {"informed_consulted_date": consulted, "start_date": start}
}

_has_cse(program) if {
	some establishment in program.controller.establishments
	establishment.country == "FR"
	_cse_size(establishment)
}

_cse_size(establishment) if establishment.has_works_council == true

_cse_size(establishment) if establishment.employees >= 50

_cse_size(establishment) if not is_number(object.get(establishment, "employees", null))

_problem(consulted, start) := "the CSE was not informed and consulted (consultation.cse.informed_consulted_date is not set)" if {
	not is_string(consulted)
} else := sprintf("the CSE was consulted on %s, after the program started on %s", [consulted, start]) if {
	is_string(start)
	consulted > start
}
