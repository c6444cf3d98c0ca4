# METADATA
# title: Workers and their representatives not informed before a high-risk AI system is used
# description: >-
#   AI Act Art. 26(7): before putting a high-risk AI system into service or using it at the
#   workplace, a deployer that is an employer must inform the workers' representatives and the
#   affected workers that they will be subject to it. The Art. 26 deployer duties apply with the
#   Annex III obligations, from 2 Dec 2027 (Regulation (EU) 2026/1744).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
# custom:
#   id: EU-AIA-003
#   severity: high
#   legal: ["AI Act Art. 26(7)", "AI Act Recital 92", "Directive 2002/14/EC"]
#   recommended_action: >-
#     Inform the affected workers and their representatives before the system is used, bundled
#     with the works-council / CSE process and the GDPR notice; record both dates.
#   inputs: [Program]
#   status: in_force_not_yet_applicable
#   applies_from: "2027-12-02"
#   params: []
#   dpia: {section: transparency, consultation: true, risk_scenarios: []}
package compliance.rules.ai_act.workers_informed_before_use

import data.compliance.lib

_audiences := {"workers_informed_date": "the affected workers", "worker_reps_informed_date": "the workers' representatives"}

deny contains lib.finding(lib.program_resource(program), sprintf("ai.%s", [name]), msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "EU-AIA")
	program.ai.ai_act_role in {"deployer", "both"}
	lib.workers_monitored(program)
	reason := lib.aia_high_risk_reason(program)
	start := object.get(program, ["program", "start_date"], null)
	some name, audience in _audiences
	informed := object.get(program, ["ai", name], null)
	problem := _problem(name, informed, start)
	evidence := {name: informed, "start_date": start}
	msg := sprintf("program %s deploys a high-risk AI system at the workplace (%s) but %s %s", [program.metadata.id, reason, audience, problem])
}

_problem(name, informed, _) := sprintf("were not informed (ai.%s is %s)", [name, lib.shown(informed)]) if not is_string(informed)

_problem(_, informed, start) := sprintf("were informed on %s, after its use began on %s", [informed, start]) if {
	is_string(informed)
	is_string(start)
	informed > start
}

_problem(_, informed, start) := sprintf("were informed on %s and program.start_date is missing, so that cannot be shown to precede its use", [informed]) if {
	is_string(informed)
	not is_string(start)
}
