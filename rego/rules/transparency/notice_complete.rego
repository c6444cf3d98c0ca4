# METADATA
# title: Notice misses information Art. 13 requires
# description: >-
#   The notice (transparency.notice.contents) must cover the controller's identity, purposes,
#   lawful basis, recipients, retention, rights and the right to complain, plus the DPO's contact
#   where a DPO is designated, the legitimate interests where a purpose relies on them, transfers
#   where any are declared, the right to withdraw consent where consent is used, and automated
#   decisions where profiling is used. A notice not written in plain language is reported at
#   medium severity.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-TR-001
#   severity: high
#   legal: ["GDPR Art. 13(1)(a)-(f)", "GDPR Art. 13(2)(a)-(f)", "GDPR Art. 12(1)"]
#   recommended_action: >-
#     Give a layered notice specific to the program: what is captured, how often, where it goes,
#     who sees it, how long it is kept, the lawful basis, the rights and how to pause or object.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transparency, risk_scenarios: [loss_of_control]}
#   severity_rule: medium for a notice not in plain language
package compliance.rules.transparency.notice_complete

import data.compliance.lib

_always := {"controller_identity", "purposes", "lawful_basis", "recipients", "retention", "rights", "complaint_right"}

deny contains lib.finding(lib.program_resource(program), "transparency.notice.contents", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	contents := object.get(program, ["transparency", "notice", "contents"], null)
	missing := sort(_required(program) - {item | some item in _array(contents)})
	count(missing) > 0
	msg := sprintf("the notice of program %s does not cover %s", [program.metadata.id, concat(", ", missing)])
	evidence := {"contents": contents, "missing": missing}
}

deny contains lib.finding_severity(lib.program_resource(program), "transparency.notice.plain_language", msg, {"plain_language": plain}, "medium") if {
	some program in input.programs
	lib.gdpr_applies(program)
	plain := object.get(program, ["transparency", "notice", "plain_language"], null)
	plain != true
	msg := sprintf("the notice of program %s is not said to be in plain language (transparency.notice.plain_language is %s)", [
		program.metadata.id, lib.shown(plain),
	])
}

_required(program) := union({
	_always,
	{"dpo_contact" | program.dpo.designated == true},
	{"legitimate_interests" | some purpose in program.purposes; purpose.lawful_basis == "legitimate_interests"},
	{"transfers" | count(program.transfers) > 0},
	{"withdraw_consent" | _uses_consent(program)},
	{"automated_decisions" | program.automated_decisions.profiling == true},
})

_uses_consent(program) if program.consent.used == true

_uses_consent(program) if {
	some purpose in program.purposes
	purpose.lawful_basis == "consent"
}

_array(value) := value if is_array(value)

else := []
