# METADATA
# title: Employee consent relied on where refusal is not free
# description: >-
#   Where a program relies on consent (consent.used true, or a purpose with lawful_basis consent)
#   and its data subjects include employees, the consent is valid only if refusing carries no
#   detriment (consent.refusal_without_detriment), an alternative is offered
#   (consent.alternative_offered) and participation is not mandatory
#   (program.mandatory_participation false). With an establishment in Germany, the consent must
#   also be in writing or electronic (consent.form).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://www.gesetze-im-internet.de/bdsg_2018/__26.html
# custom:
#   id: GDPR-LB-005
#   severity: critical
#   legal: ["GDPR Art. 4(11)", "GDPR Art. 7(4)", "GDPR Recital 43", "EDPB Guidelines 05/2020 §3.1.1", "WP249", "BDSG §26(2)"]
#   recommended_action: >-
#     Either make participation optional (no effect on pay, rating, tooling or access) with easy
#     opt-in and opt-out, or drop consent and rely on a properly balanced legitimate interest.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: lawfulness, risk_scenarios: [excessive_collection, loss_of_control], pia_question: 222}
package compliance.rules.lawful_basis.employee_consent_free

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), problems[0].field, msg, evidence) if {
	some program in _consent_from_employees
	problems := [p | some p in _conditions(program); p.value != p.required]
	count(problems) > 0
	msg := sprintf("program %s relies on employees' consent, but it is not freely given: %s", [
		program.metadata.id, concat(", ", [sprintf("%s is %s", [p.field, lib.shown(p.value)]) | some p in problems]),
	])
	evidence := {p.field: p.value | some p in problems}
}

deny contains lib.finding(lib.program_resource(program), "consent.form", msg, {"form": form}) if {
	some program in _consent_from_employees
	some establishment in program.controller.establishments
	establishment.country == "DE"
	form := object.get(program, ["consent", "form"], null)
	not form in {"written", "electronic"}
	msg := sprintf("program %s relies on consent of employees in Germany, which must be written or electronic (consent.form is %s)", [
		program.metadata.id, lib.shown(form),
	])
}

_consent_from_employees contains program if {
	some program in input.programs
	lib.gdpr_applies(program)
	_uses_consent(program)
	some subject in program.data_subjects
	subject.category == "employee"
}

_uses_consent(program) if program.consent.used == true

_uses_consent(program) if {
	some purpose in program.purposes
	purpose.lawful_basis == "consent"
}

_conditions(program) := [
	{"field": "consent.refusal_without_detriment", "required": true, "value": object.get(program, ["consent", "refusal_without_detriment"], null)},
	{"field": "consent.alternative_offered", "required": true, "value": object.get(program, ["consent", "alternative_offered"], null)},
	{"field": "program.mandatory_participation", "required": false, "value": object.get(program, ["program", "mandatory_participation"], null)},
]
