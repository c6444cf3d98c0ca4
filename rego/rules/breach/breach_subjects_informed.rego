# METADATA
# title: People not told of a high-risk breach
# description: >-
#   Each breach assessed as high risk, or with no risk level recorded, must be communicated to the
#   affected people. The manifest cannot record an Art. 34(3) exemption yet; the message says
#   whether the encryption exemption is even available (storage.encryption.at_rest).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-BR-003
#   severity: high
#   legal: ["GDPR Art. 34(1)", "GDPR Art. 34(2)", "GDPR Art. 34(3)"]
#   recommended_action: >-
#     Send each affected person a plain-language notice with the likely consequences, the measures
#     taken and a contact point, and offer access to the logs showing who viewed their data.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [illegitimate_access]}
package compliance.rules.breach.breach_subjects_informed

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), sprintf("breaches.%d.subjects_notified_at", [i]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, breach in program.breaches
	not object.get(breach, "risk", null) in {"none", "risk"}
	not is_string(object.get(breach, "subjects_notified_at", null))
	at_rest := object.get(program, ["storage", "encryption", "at_rest"], null)
	evidence := {"risk": object.get(breach, "risk", null), "subjects_notified_at": object.get(breach, "subjects_notified_at", null), "at_rest": at_rest}
	msg := sprintf("breach %s of program %s (%s) was not communicated to the people affected (subjects_notified_at is %s); %s", [
		lib.label(i, breach, "id"), program.metadata.id, _risk_text(breach), lib.state(breach, ["subjects_notified_at"]), _exemption_text(program, at_rest),
	])
}

_risk_text(breach) := "high risk" if breach.risk == "high"

else := sprintf("no risk level recorded: risk is %s", [lib.state(breach, ["risk"])])

_exemption_text(_, true) := "storage is encrypted at rest, so the Art. 34(3)(a) exemption applies only if the keys were not compromised"

_exemption_text(program, at_rest) := sprintf("the Art. 34(3)(a) encryption exemption is not available (storage.encryption.at_rest is %s)", [
	lib.state(program, ["storage", "encryption", "at_rest"]),
]) if {
	at_rest != true
}
