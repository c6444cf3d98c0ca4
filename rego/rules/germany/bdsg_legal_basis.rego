# METADATA
# title: German legal basis that courts may disapply, or consent without §26(2) BDSG formalities
# description: >-
#   After CJEU C-34/21, §26(1) BDSG is widely treated as inapplicable, so a purpose citing it as
#   its legal basis has no safe foundation. Consent of German staff must be given in writing or
#   electronically and be voluntary despite the employment dependency.
# related_resources:
#   - ref: https://www.gesetze-im-internet.de/bdsg_2018/__26.html
#   - ref: https://curia.europa.eu/juris/liste.jsf?num=C-34/21
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: DE-BDSG-001
#   severity: high
#   legal: ["BDSG §26(1)", "BDSG §26(2)", "GDPR Art. 88(2)", "CJEU C-34/21", "CJEU C-65/23"]
#   recommended_action: >-
#     Anchor each purpose on GDPR Art. 6(1)(f) or (b) plus a works agreement meeting Art. 88(2);
#     keep the §26(2) formalities (written or electronic form, information on purpose and
#     withdrawal, recorded voluntariness) for any consent.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   unverified: no manifest field records the §26(2) voluntariness analysis; consent.refusal_without_detriment stands in for it
#   dpia: {section: lawfulness, risk_scenarios: []}
package compliance.rules.germany.bdsg_legal_basis

import data.compliance.lib

# "§26(1) BDSG", "§ 26 Abs. 1 BDSG", "BDSG s. 26(1)"...
_section_26_1 := `26\s*(\(1\)|abs\.?\s*1\b)`

deny contains lib.finding(target[0], target[1], msg, {"legal_obligation_ref": ref}) if {
	some program in input.programs
	_applies(program)
	some i, purpose in program.purposes
	ref := purpose.legal_obligation_ref
	is_string(ref)
	contains(lower(ref), "bdsg")
	regex.match(_section_26_1, lower(ref))
	target := _target(program, i, purpose)
	msg := sprintf("purpose %s of program %s rests on %s, which courts may disapply after CJEU C-34/21: rely on GDPR Art. 6(1) directly", [
		lib.label(i, purpose, "id"), program.metadata.id, json.marshal(ref),
	])
}

deny contains lib.finding(lib.program_resource(program), field, msg, evidence) if {
	some program in input.programs
	_applies(program)
	_consent_used(program)
	some [field, problem] in _consent_gaps(program)
	msg := sprintf("program %s relies on the consent of German staff but %s (BDSG §26(2))", [program.metadata.id, problem])
	evidence := {
		"form": object.get(program, ["consent", "form"], null),
		"refusal_without_detriment": object.get(program, ["consent", "refusal_without_detriment"], null),
	}
}

_applies(program) if {
	lib.pack_applies(program, "DE")
	lib.workers_monitored(program)
}

_consent_used(program) if program.consent.used == true

_consent_used(program) if {
	some purpose in program.purposes
	purpose.lawful_basis == "consent"
}

_consent_gaps(program) := array.concat(
	[["consent.form", sprintf("its form is %s, not written or electronic", [lib.shown(form)])] |
		form := object.get(program, ["consent", "form"], null)
		not form in {"written", "electronic"}
	],
	[["consent.refusal_without_detriment", "refusing it is not shown to be free of detriment (consent.refusal_without_detriment is not true)"] |
		not program.consent.refusal_without_detriment == true
	],
)

# A purpose without an id is reported on the program, at its index.
_target(program, i, purpose) := [lib.purpose_resource(program, purpose), "legal_obligation_ref"] if is_string(purpose.id)

else := [lib.program_resource(program), sprintf("purposes.%d.legal_obligation_ref", [i])]
