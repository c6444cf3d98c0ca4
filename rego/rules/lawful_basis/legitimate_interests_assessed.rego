# METADATA
# title: Legitimate interests relied on without a complete assessment
# description: >-
#   A purpose whose lawful basis is legitimate interests needs a completed legitimate-interests
#   assessment (lia.completed true) that states the interest, the necessity, the balancing and
#   the data subjects' reasonable expectations, and lists at least one mitigation.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-LB-002
#   severity: high
#   legal: ["GDPR Art. 6(1)(f)", "GDPR Art. 5(2)", "EDPB Guidelines 1/2024", "EDPB Opinion 28/2024", "WP249"]
#   recommended_action: >-
#     Run the three-step test (interest, necessity, balancing) and write it down; address
#     employees' reasonable expectations (a work laptop is not consent to AI training) and record
#     the opt-out and minimisation measures that tip the balance.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: lawfulness, risk_scenarios: []}
package compliance.rules.lawful_basis.legitimate_interests_assessed

import data.compliance.lib

_statements := ["interest", "necessity", "balancing", "reasonable_expectations"]

deny contains lib.finding(lib.purpose_resource(program, purpose), _field(purpose), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some purpose in program.purposes
	purpose.lawful_basis == "legitimate_interests"
	lia := _lia(purpose)
	gaps := _gaps(lia)
	count(gaps) > 0
	msg := sprintf("purpose %s of program %s relies on legitimate interests but its LIA %s", [
		purpose.id, program.metadata.id, concat(", ", gaps),
	])
	evidence := {"completed": object.get(lia, "completed", null), "gaps": gaps}
}

# _gaps lists what the LIA lacks, in a fixed order.
_gaps(lia) := array.concat(
	[sprintf("is not completed (lia.completed is %s)", [lib.shown(object.get(lia, "completed", null))]) |
		not lia.completed == true
	],
	array.concat(
		[sprintf("has no %s", [name]) | some name in _statements; not _text(object.get(lia, name, null))],
		["lists no mitigations" | not _non_empty_array(object.get(lia, "mitigations", null))],
	),
)

_lia(purpose) := purpose.lia if is_object(purpose.lia)

else := {}

# _field is the first gap's path: the LIA itself, its completed flag, a statement, the mitigations.
_field(purpose) := "lia" if not is_object(object.get(purpose, "lia", null))

else := "lia.completed" if not purpose.lia.completed == true

else := sprintf("lia.%s", [missing[0]]) if {
	missing := [name | some name in _statements; not _text(object.get(purpose.lia, name, null))]
	count(missing) > 0
} else := "lia.mitigations"

_text(value) if {
	is_string(value)
	trim_space(value) != ""
}

_non_empty_array(value) if {
	is_array(value)
	count(value) > 0
}
