# METADATA
# title: Data re-used for a new purpose without the Art. 6(4) compatibility test
# description: >-
#   A purpose that re-uses data collected for another purpose (derived_from_purpose) needs a
#   completed compatibility assessment covering the five Art. 6(4) factors: link, context,
#   nature, consequences and safeguards. Exempt are purposes resting on a legal obligation and
#   purposes resting on consent that is freely given (the program's consent has
#   refusal_without_detriment true and participation is not mandatory): consent that is not free
#   (GDPR-LB-005) cannot lift the test.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-LB-004
#   severity: high
#   legal: ["GDPR Art. 6(4)(a)-(e)", "GDPR Art. 5(1)(b)"]
#   recommended_action: >-
#     Perform and record the five-factor compatibility test; if the new purpose is incompatible,
#     collect the data afresh under a new basis with notice.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: purpose_limitation, risk_scenarios: [function_creep]}
package compliance.rules.lawful_basis.compatible_reuse

import data.compliance.lib

_factors := ["link", "context", "nature", "consequences", "safeguards"]

deny contains lib.finding(lib.purpose_resource(program, purpose), field, msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some purpose in program.purposes
	_text(purpose.derived_from_purpose)
	not _exempt(program, purpose)
	assessment := _assessment(purpose)
	missing := [name | some name in _factors; not _text(object.get(assessment, name, null))]
	gaps := array.concat(["it is not done" | not assessment.done == true], [sprintf("it lacks %s", [concat(", ", missing)]) | count(missing) > 0])
	count(gaps) > 0
	field := _field(purpose, missing)
	msg := sprintf("purpose %s of program %s re-uses data of purpose %s without a compatibility assessment: %s", [
		purpose.id, program.metadata.id, purpose.derived_from_purpose, concat("; ", gaps),
	])
	evidence := {"derived_from_purpose": purpose.derived_from_purpose, "done": object.get(assessment, "done", null), "missing": missing}
}

_exempt(_, purpose) if purpose.lawful_basis == "legal_obligation"

_exempt(program, purpose) if {
	purpose.lawful_basis == "consent"
	program.consent.refusal_without_detriment == true
	program.program.mandatory_participation == false
}

_assessment(purpose) := purpose.compatibility_assessment if is_object(purpose.compatibility_assessment)

else := {}

_field(purpose, missing) := "compatibility_assessment" if not is_object(object.get(purpose, "compatibility_assessment", null))

else := "compatibility_assessment.done" if not purpose.compatibility_assessment.done == true

else := sprintf("compatibility_assessment.%s", [missing[0]])

_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
