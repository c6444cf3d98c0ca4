# METADATA
# title: No AI-literacy measures for the staff who run the AI system
# description: >-
#   AI Act Art. 4: providers and deployers take measures to support a sufficient level of AI
#   literacy of the staff who operate and use their AI systems. Applicable since 2 Feb 2025;
#   softened by Regulation (EU) 2026/1744 to a duty to take supporting measures, hence low. Until
#   2026-12 this obligation shared the id EU-AIA-005 with the high-risk deployer duties; it has its
#   own id since, so a waiver or --skip-rule naming EU-AIA-005 for it must name EU-AIA-006.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
# custom:
#   id: EU-AIA-006
#   severity: low
#   legal: ["AI Act Art. 4", "Regulation (EU) 2026/1744"]
#   recommended_action: Train the staff who run the program on the AI system, its limits and its risks; record it.
#   inputs: [Program]
#   status: in_force
#   applies_from: "2025-02-02"
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.ai_act.ai_literacy

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "ai.literacy_training_done", msg, {"literacy_training_done": done}) if {
	some program in input.programs
	reason := lib.us_pack_reason(program, "EU-AIA")
	done := object.get(program, ["ai", "literacy_training_done"], null)
	done != true
	msg := sprintf("program %s runs an AI system (%s) but records no AI-literacy measures for its staff (ai.literacy_training_done is %s)", [
		program.metadata.id, reason, lib.shown(done),
	])
}
