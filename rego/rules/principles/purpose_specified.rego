# METADATA
# title: Purpose not specified, or an AI-training purpose left open to performance evaluation
# description: >-
#   Every purpose needs a description that names what is done with the data: an empty
#   description, or one that is only a generic phrase ("business purposes", "AI research",
#   "improve our products"), fails. An ai_training purpose must list performance_evaluation
#   among its prohibited_secondary_uses. (A data_category_ids entry naming an undeclared data
#   category is rejected by input validation, so it is not checked here.)
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PR-002
#   severity: high
#   legal: ["GDPR Art. 5(1)(b)", "GDPR Art. 6(4)", "WP249"]
#   recommended_action: >-
#     Write one purpose per outcome (e.g. "train computer-use agent models on UI interaction
#     sequences in allowlisted internal tools"), enumerate banned secondary uses and enforce them
#     (see GDPR-EMP-005).
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: purpose_limitation, risk_scenarios: [function_creep]}
package compliance.rules.principles.purpose_specified

import data.compliance.lib

# Descriptions that name no object (compared in lower case, without a final full stop).
_generic := {
	"business purposes", "legitimate business purposes", "internal purposes", "other purposes",
	"ai research", "ai training", "ai development", "machine learning", "model training",
	"research", "research and development", "r&d", "analytics", "product improvement",
	"improve products", "improve our products", "improve our services", "improve products and services",
	"improving our products", "improving our services",
}

deny contains lib.finding(lib.purpose_resource(program, purpose), "description", msg, {"description": description}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some purpose in program.purposes
	description := object.get(purpose, "description", null)
	problem := _description_problem(description)
	msg := sprintf("purpose %s of program %s %s", [purpose.id, program.metadata.id, problem])
}

deny contains lib.finding(lib.purpose_resource(program, purpose), "prohibited_secondary_uses", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some purpose in program.purposes
	purpose.category == "ai_training"
	banned := object.get(purpose, "prohibited_secondary_uses", null)
	not _bans_performance_evaluation(banned)
	msg := sprintf(
		"ai_training purpose %s of program %s does not prohibit re-use for performance_evaluation (prohibited_secondary_uses is %s)",
		[purpose.id, program.metadata.id, lib.shown(banned)],
	)
	evidence := {"category": "ai_training", "prohibited_secondary_uses": banned}
}

_description_problem(description) := "has no description (description is missing or empty)" if {
	not _text(description)
} else := sprintf("is described only as %s, which does not say what is done with the data", [json.marshal(description)]) if {
	lower(trim_right(trim_space(description), ".")) in _generic
}

_bans_performance_evaluation(banned) if {
	is_array(banned)
	"performance_evaluation" in banned
}

_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
