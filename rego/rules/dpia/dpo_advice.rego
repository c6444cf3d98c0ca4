# METADATA
# title: DPO's advice on the DPIA not sought or overruled without reasons
# description: >-
#   Where a DPO is designated and a DPIA was performed (dpia.performed), the DPO's advice on it
#   must be recorded, and where it was not followed the reasons must be recorded. Where no DPIA
#   was performed there is no advice to record: GDPR-DPIA-001 and GDPR-DPIA-002 report the
#   missing DPIA, and this rule stays quiet.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPIA-004
#   severity: medium
#   legal: ["GDPR Art. 35(2)", "GDPR Art. 39(1)(c)"]
#   recommended_action: >-
#     Add a DPO sign-off step to the DPIA workflow and record written reasons whenever the DPO's
#     advice is not followed.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: accountability, consultation: true, risk_scenarios: []}
package compliance.rules.dpia.dpo_advice

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "dpia.dpo_advice.given", msg, {"given": given}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpo.designated == true
	program.dpia.performed == true
	given := object.get(program, ["dpia", "dpo_advice", "given"], null)
	given != true
	msg := sprintf("program %s has a DPO, but the DPO's advice on its DPIA is not recorded (dpia.dpo_advice.given is %s)", [
		program.metadata.id, lib.state(program, ["dpia", "dpo_advice", "given"]),
	])
}

deny contains lib.finding(lib.program_resource(program), "dpia.dpo_advice.overrule_reason", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpo.designated == true
	program.dpia.performed == true
	program.dpia.dpo_advice.given == true
	program.dpia.dpo_advice.followed == false
	not _filled(program.dpia.dpo_advice, "overrule_reason")
	evidence := {"followed": false, "overrule_reason": object.get(program.dpia.dpo_advice, "overrule_reason", null)}
	msg := sprintf("the DPO's advice on the DPIA of program %s was not followed and no reason is recorded (dpia.dpo_advice.overrule_reason is %s)", [
		program.metadata.id, lib.state(program, ["dpia", "dpo_advice", "overrule_reason"]),
	])
}

_filled(node, key) if {
	is_string(node[key])
	trim_space(node[key]) != ""
}
