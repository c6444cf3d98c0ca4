# METADATA
# title: DPIA of a high-risk AI system does not use the provider's instructions for use
# description: >-
#   AI Act Art. 26(9): deployers of a high-risk AI system use the information the provider gives
#   under Art. 13 (instructions for use) to carry out their GDPR Art. 35 DPIA. Where a DPIA was
#   performed, the instructions must have been received and the DPIA's description section must
#   cover the system. The Art. 26 deployer duties apply from 2 Dec 2027 (Regulation (EU) 2026/1744).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
# custom:
#   id: EU-AIA-004
#   severity: medium
#   legal: ["AI Act Art. 26(9)", "AI Act Art. 13", "GDPR Art. 35"]
#   recommended_action: >-
#     Obtain the provider's instructions for use and model documentation and attach them to the
#     DPIA's description section (an AI annex).
#   inputs: [Program]
#   status: in_force_not_yet_applicable
#   applies_from: "2027-12-02"
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.ai_act.dpia_uses_provider_information

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), gaps[0].field, msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "EU-AIA")
	program.ai.ai_act_role in {"deployer", "both"}
	reason := lib.aia_high_risk_reason(program)
	program.dpia.performed == true
	evidence := {
		"instructions_for_use_received": object.get(program, ["ai", "instructions_for_use_received"], null),
		"description": object.get(program, ["dpia", "sections", "description"], null),
	}
	gaps := array.concat(
		[_gap("ai.instructions_for_use_received", "the provider's instructions for use were not received", evidence.instructions_for_use_received) |
			evidence.instructions_for_use_received != true
		],
		[_gap("dpia.sections.description", "the DPIA has no description section to carry them", evidence.description) |
			evidence.description != true
		],
	)
	count(gaps) > 0
	msg := sprintf("program %s deploys a high-risk AI system (%s) and performed a DPIA, but %s", [
		program.metadata.id,
		reason,
		concat("; ", [gap.problem | some gap in gaps]),
	])
}

_gap(field, problem, value) := {"field": field, "problem": sprintf("%s (%s is %s)", [problem, field, lib.shown(value)])}
