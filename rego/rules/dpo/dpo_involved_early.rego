# METADATA
# title: DPO involved too late or holding conflicting roles
# description: >-
#   A designated DPO must be involved from the start: no later than the DPIA's completion and no
#   later than the start of processing. The DPO must hold no role that decides the purposes or
#   means of the processing (e.g. head of the program, CISO owning the system).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPO-002
#   severity: medium
#   legal: ["GDPR Art. 38(1)", "GDPR Art. 38(2)", "GDPR Art. 38(3)", "GDPR Art. 38(6)", "GDPR Art. 39(1)"]
#   recommended_action: >-
#     Involve the DPO at design time, record the date, and document the DPO's independence; move
#     conflicting roles to someone else.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.dpo.dpo_involved_early

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "dpo.involved_from", msg, {"involved_from": null}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpo.designated == true
	not is_string(object.get(program.dpo, "involved_from", null))
	msg := sprintf("program %s does not record when its DPO was first involved (dpo.involved_from is %s)", [
		program.metadata.id, lib.state(program.dpo, ["involved_from"]),
	])
}

deny contains lib.finding(lib.program_resource(program), "dpo.involved_from", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpo.designated == true
	involved := program.dpo.involved_from
	is_string(involved)
	late := [sprintf("%s on %s", [m.what, m.date]) | some m in _milestones(program); involved > m.date]
	count(late) > 0
	evidence := {
		"involved_from": involved,
		"completed_date": object.get(program, ["dpia", "completed_date"], null),
		"start_date": object.get(program, ["program", "start_date"], null),
	}
	msg := sprintf("the DPO of program %s was involved only from %s, after %s", [program.metadata.id, involved, concat(" and after ", late)])
}

deny contains lib.finding(lib.program_resource(program), "dpo.conflicting_roles", msg, {"conflicting_roles": roles}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpo.designated == true
	roles := program.dpo.conflicting_roles
	is_array(roles)
	count(roles) > 0
	msg := sprintf("the DPO of program %s also holds roles that conflict with the DPO's tasks: %s", [
		program.metadata.id, concat(", ", [sprintf("%v", [role]) | some role in roles]),
	])
}

_milestones(program) := [m |
	some m in [
		{"what": "the DPIA was completed", "date": object.get(program, ["dpia", "completed_date"], null)},
		{"what": "processing started", "date": object.get(program, ["program", "start_date"], null)},
	]
	is_string(m.date)
]
