# METADATA
# title: High residual risk without prior consultation of the supervisory authority
# description: >-
#   Where the DPIA leaves a high or very high residual risk, the supervisory authority must be
#   consulted before processing starts. A performed DPIA that records no residual risk level
#   cannot show that no consultation is needed (reported as medium).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPIA-007
#   severity: critical
#   legal: ["GDPR Art. 36(1)", "GDPR Art. 36(2)", "GDPR Art. 36(3)"]
#   recommended_action: >-
#     Add measures until the residual risk is below high, or consult the lead supervisory
#     authority with the full DPIA and wait for its advice (up to 8 + 6 weeks) before starting.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
#   severity_rule: medium where the residual risk level is not recorded
package compliance.rules.dpia.prior_consultation

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "dpia.art36.submitted_date", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	level := program.dpia.residual_risk_level
	level in {"high", "very_high"}
	submitted := object.get(program, ["dpia", "art36", "submitted_date"], null)
	start := object.get(program, ["program", "start_date"], null)
	problem := _problem(submitted, start, lib.state(program, ["dpia", "art36", "submitted_date"]))
	evidence := {"residual_risk_level": level, "submitted_date": submitted, "start_date": start}
	msg := sprintf("the DPIA of program %s leaves a %s residual risk, but %s", [program.metadata.id, replace(level, "_", " "), problem])
}

deny contains lib.finding_severity(lib.program_resource(program), "dpia.residual_risk_level", msg, {"residual_risk_level": level}, "medium") if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpia.performed == true
	level := object.get(program, ["dpia", "residual_risk_level"], null)
	not level in {"low", "medium", "high", "very_high"}
	msg := sprintf("the DPIA of program %s records no residual risk level (dpia.residual_risk_level is %s), so the need for prior consultation cannot be judged", [
		program.metadata.id, lib.state(program, ["dpia", "residual_risk_level"]),
	])
}

_problem(submitted, start, shown) := sprintf("the supervisory authority was not consulted (dpia.art36.submitted_date is %s)", [shown]) if {
	not is_string(submitted)
} else := sprintf("the supervisory authority was consulted on %s, after processing started on %s", [submitted, start]) if {
	is_string(start)
	submitted > start
}
