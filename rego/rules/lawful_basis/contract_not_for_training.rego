# METADATA
# title: Contract necessity claimed for AI training or productivity telemetry
# description: >-
#   Training a company's AI products or measuring productivity is not objectively indispensable
#   to performing an individual employment contract, so a purpose with category ai_training or
#   productivity cannot rest on Art. 6(1)(b). A purpose resting on contract that declares no
#   category is reported too: whether the basis fits cannot be checked.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://curia.europa.eu/juris/liste.jsf?num=C-252/21
# custom:
#   id: GDPR-LB-003
#   severity: high
#   legal: ["GDPR Art. 6(1)(b)", "CJEU C-252/21", "WP249", "EDPB Guidelines 2/2019 (by analogy)"]
#   recommended_action: >-
#     Re-base the purpose on legitimate interests with a documented LIA, or on voluntary consent
#     with a real alternative.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: lawfulness, risk_scenarios: []}
package compliance.rules.lawful_basis.contract_not_for_training

import data.compliance.lib

_not_contractual := {"ai_training", "productivity"}

deny contains lib.finding(lib.purpose_resource(program, purpose), "lawful_basis", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some purpose in program.purposes
	purpose.lawful_basis == "contract"
	category := object.get(purpose, "category", null)
	problem := _problem(category)
	msg := sprintf("purpose %s of program %s relies on contract necessity (Art. 6(1)(b)) %s", [purpose.id, program.metadata.id, problem])
	evidence := {"lawful_basis": "contract", "category": category}
}

_problem(category) := sprintf("for %s, which no employment contract objectively requires", [category]) if {
	category in _not_contractual
}

_problem(null) := "but declares no category, so whether the contract requires it cannot be checked"
