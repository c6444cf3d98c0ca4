# METADATA
# title: Monitoring data not kept technically apart from performance and HR use
# description: >-
#   A purpose that rules out secondary uses (performance evaluation, discipline, promotion,
#   termination), and every AI-training purpose, must enforce the separation technically: both
#   access_control and a separate_store in secondary_use_enforcement. A promise on paper does not
#   stop function creep.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://ec.europa.eu/newsroom/article29/item-detail.cfm?item_id=610169
# custom:
#   id: GDPR-EMP-005
#   severity: high
#   legal: ["GDPR Art. 5(1)(b)", "GDPR Art. 88(2)", "WP249"]
#   recommended_action: >-
#     Keep training data in a dedicated enclave, with access control that bars HR and managers,
#     a contractual ban on HR use, and an audit of joins with people data.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: purpose_limitation, risk_scenarios: [function_creep]}
package compliance.rules.employment.secondary_use_enforcement

import data.compliance.lib

_technical := ["access_control", "separate_store"]

deny contains lib.finding(target[0], target[1], msg, evidence) if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	some i, purpose in program.purposes
	_in_scope(purpose)
	enforced := {e | some e in purpose.secondary_use_enforcement}
	lacking := [e | some e in _technical; not e in enforced]
	count(lacking) > 0
	target := _target(program, i, purpose)
	msg := sprintf("purpose %s of program %s %s but does not enforce it technically (secondary_use_enforcement lacks %s)", [
		lib.label(i, purpose, "id"), program.metadata.id, _promise(purpose), concat(", ", lacking),
	])
	evidence := {
		"prohibited_secondary_uses": object.get(purpose, "prohibited_secondary_uses", null),
		"secondary_use_enforcement": object.get(purpose, "secondary_use_enforcement", null),
	}
}

_in_scope(purpose) if purpose.category == "ai_training"

_in_scope(purpose) if count(purpose.prohibited_secondary_uses) > 0

_promise(purpose) := sprintf("rules out %s", [concat(", ", uses)]) if {
	uses := [u | some u in purpose.prohibited_secondary_uses; is_string(u)]
	count(uses) > 0
} else := "trains AI on workers' data, declares no prohibited secondary uses"

# A purpose without an id is reported on the program, at its index.
_target(program, i, purpose) := [lib.purpose_resource(program, purpose), "secondary_use_enforcement"] if is_string(purpose.id)

else := [lib.program_resource(program), sprintf("purposes.%d.secondary_use_enforcement", [i])]
