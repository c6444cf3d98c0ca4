# METADATA
# title: Breach not entered in the breach register
# description: >-
#   Every personal-data breach, notifiable or not, must be documented in the breach register
#   (facts, effects, remedial action). The processor-to-controller alert of Art. 33(2) is not
#   checked: the manifest does not say which breaches a processor caused, nor its contractual
#   deadline.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-BR-002
#   severity: medium
#   legal: ["GDPR Art. 33(5)", "GDPR Art. 33(2)", "GDPR Art. 28(3)(f)"]
#   recommended_action: >-
#     Map the internal incident scale (e.g. SEV 0-5) to GDPR risk levels and log the facts,
#     effects and remedial action of every incident that touches personal data.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [disappearance]}
package compliance.rules.breach.breach_register

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), sprintf("breaches.%d.register_entry", [i]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, breach in program.breaches
	not breach.register_entry == true
	evidence := {"register_entry": object.get(breach, "register_entry", null)}
	msg := sprintf("breach %s of program %s is not documented in the breach register (register_entry is %s)", [
		lib.label(i, breach, "id"), program.metadata.id, lib.state(breach, ["register_entry"]),
	])
}
