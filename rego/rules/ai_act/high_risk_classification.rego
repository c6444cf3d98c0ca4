# METADATA
# title: Worker-monitoring AI not classified as high-risk
# description: >-
#   AI intended for recruitment, task allocation, or monitoring and evaluating the performance and
#   behaviour of workers is high-risk under AI Act Annex III point 4, unless the provider documents
#   under Art. 6(3) that it poses no significant risk (never where it profiles people). Since
#   Regulation (EU) 2026/1744 the stand-alone Annex III obligations apply from 2 Dec 2027
#   (param ai_act_annex3_applies_from). Fires where the intended purposes make the system high-risk
#   but the program neither declares it high-risk (ai.high_risk_annex_iii) nor documents an
#   exemption, so the provider and deployer obligations are not taken on.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
# custom:
#   id: EU-AIA-002
#   severity: high
#   legal: ["AI Act Art. 6(2)", "AI Act Art. 6(3)", "AI Act Annex III point 4", "AI Act Art. 113", "Regulation (EU) 2026/1744"]
#   recommended_action: >-
#     Declare the intended purpose narrowly (training-data collection only) and enforce it; if
#     monitoring or evaluation of workers is intended, classify the system as high-risk and run the
#     provider / deployer compliance track before 2 Dec 2027.
#   inputs: [Program]
#   status: in_force_not_yet_applicable
#   applies_from: "2027-12-02"
#   params: [ai_act_annex3_applies_from]
#   dpia: {section: purpose_limitation, risk_scenarios: [function_creep]}
package compliance.rules.ai_act.high_risk_classification

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "ai.high_risk_annex_iii", msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "EU-AIA")
	tags := lib.aia_annex_iii_tags(program)
	count(tags) > 0
	not program.ai.art6_3_exemption_documented == true
	declared := object.get(program, ["ai", "high_risk_annex_iii"], null)
	declared != true
	evidence := {
		"intended_purpose_tags": tags,
		"high_risk_annex_iii": declared,
		"art6_3_exemption_documented": object.get(program, ["ai", "art6_3_exemption_documented"], null),
		"applies_from": lib.param("ai_act_annex3_applies_from"),
	}
	msg := sprintf(
		"the AI system of program %s is intended for %s (AI Act Annex III point 4), so it is high-risk from %s, but the program does not classify it as such (ai.high_risk_annex_iii is %s) and documents no Art. 6(3) exemption",
		[program.metadata.id, concat(", ", tags), evidence.applies_from, lib.shown(declared)],
	)
}

deny contains lib.finding(lib.program_resource(program), "ai.intended_purpose_tags", msg, {"intended_purpose_tags": tags}) if {
	some program in input.programs
	lib.us_pack_reason(program, "EU-AIA")
	tags := object.get(program, ["ai", "intended_purpose_tags"], null)
	not is_array(tags)
	not program.ai.high_risk_annex_iii == true
	msg := sprintf(
		"program %s does not declare the intended purposes of its AI system (ai.intended_purpose_tags is %s), so whether it is high-risk under AI Act Annex III cannot be told",
		[program.metadata.id, lib.shown(tags)],
	)
}
