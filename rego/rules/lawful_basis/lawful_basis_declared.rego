# METADATA
# title: Purpose without a valid Art. 6 lawful basis
# description: >-
#   Every purpose of a program must name one of the six Art. 6(1) lawful bases, and a purpose
#   resting on a legal obligation must cite that obligation. A program that declares no purpose
#   has no basis for any processing.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-LB-001
#   severity: critical
#   legal: ["GDPR Art. 6(1)", "GDPR Art. 6(3)", "GDPR Art. 5(1)(a)"]
#   recommended_action: >-
#     Assign a lawful basis per purpose before launch; for employer-driven AI training this will
#     realistically be legitimate interests (with an LIA) or a genuinely optional consent scheme.
#     Cite the statute in legal_obligation_ref where the basis is a legal obligation.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: lawfulness, risk_scenarios: [excessive_collection]}
package compliance.rules.lawful_basis.lawful_basis_declared

import data.compliance.lib

_bases := {"consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"}

deny contains lib.finding(lib.program_resource(program), "purposes", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	not _has_purposes(program)
	evidence := {"purposes": object.get(program, "purposes", null)}
	msg := sprintf(
		"program %s declares no purposes, so none of its processing has an Art. 6(1) lawful basis",
		[program.metadata.id],
	)
}

deny contains lib.finding(target[0], target[1], msg, {"lawful_basis": basis}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, purpose in program.purposes
	basis := object.get(purpose, "lawful_basis", null)
	not basis in _bases
	target := _target(program, i, purpose, "lawful_basis")
	msg := sprintf("purpose %s of program %s %s", [lib.label(i, purpose, "id"), program.metadata.id, _basis_problem(basis)])
}

deny contains lib.finding(target[0], target[1], msg, {"lawful_basis": "legal_obligation", "legal_obligation_ref": ref}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, purpose in program.purposes
	purpose.lawful_basis == "legal_obligation"
	ref := object.get(purpose, "legal_obligation_ref", null)
	not _non_empty_string(ref)
	target := _target(program, i, purpose, "legal_obligation_ref")
	msg := sprintf(
		"purpose %s of program %s rests on a legal obligation but cites none (legal_obligation_ref is %s)",
		[lib.label(i, purpose, "id"), program.metadata.id, lib.shown(ref)],
	)
}

_has_purposes(program) if {
	is_array(program.purposes)
	count(program.purposes) > 0
}

_basis_problem(null) := "declares no lawful basis (lawful_basis is missing or null)"

_basis_problem(basis) := sprintf("has lawful_basis %v, which is not an Art. 6(1) basis (one of %s)", [
	json.marshal(basis),
	concat(", ", sort(_bases)),
]) if basis != null

# A purpose without an id is reported on the program, at its index.
_target(program, i, purpose, field) := [lib.purpose_resource(program, purpose), field] if is_string(purpose.id)

else := [lib.program_resource(program), sprintf("purposes.%v.%s", [i, field])]

_non_empty_string(value) if {
	is_string(value)
	trim_space(value) != ""
}
