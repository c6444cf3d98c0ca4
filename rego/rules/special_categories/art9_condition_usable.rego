# METADATA
# title: Art. 9 condition that does not hold in employment
# description: >-
#   Explicit consent (art9_condition explicit_consent) cannot cover employees' special-category
#   data unless refusing carries no detriment (consent.refusal_without_detriment true); the
#   employment-law condition (employment_law) must cite the Union or Member-State law or
#   collective agreement that authorises the processing (art9_legal_ref).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://www.gesetze-im-internet.de/bdsg_2018/__26.html
# custom:
#   id: GDPR-SC-002
#   severity: high
#   legal: ["GDPR Art. 9(2)(a)", "GDPR Art. 9(2)(b)", "BDSG §26(3)", "EDPB Guidelines 05/2020 §3.1.1"]
#   recommended_action: >-
#     Cite the specific statute or collective agreement in art9_legal_ref; where neither exists
#     and consent cannot be refused freely, exclude the special-category data.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: lawfulness, risk_scenarios: []}
package compliance.rules.special_categories.art9_condition_usable

import data.compliance.lib

deny contains lib.finding(lib.purpose_resource(program, purpose), "art9_condition", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some subject in program.data_subjects
	subject.category == "employee"
	some purpose in program.purposes
	purpose.art9_condition == "explicit_consent"
	refusal := object.get(program, ["consent", "refusal_without_detriment"], null)
	refusal != true
	msg := sprintf(
		"purpose %s of program %s relies on employees' explicit consent for special-category data, but refusing is not shown to be free of detriment (consent.refusal_without_detriment is %s)",
		[purpose.id, program.metadata.id, lib.shown(refusal)],
	)
	evidence := {"art9_condition": "explicit_consent", "refusal_without_detriment": refusal}
}

deny contains lib.finding(lib.purpose_resource(program, purpose), "art9_legal_ref", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some purpose in program.purposes
	purpose.art9_condition == "employment_law"
	ref := object.get(purpose, "art9_legal_ref", null)
	not _text(ref)
	msg := sprintf("purpose %s of program %s relies on the employment-law condition of Art. 9(2)(b) but cites no law or collective agreement (art9_legal_ref is %s)", [
		purpose.id, program.metadata.id, lib.shown(ref),
	])
	evidence := {"art9_condition": "employment_law", "art9_legal_ref": ref}
}

_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
