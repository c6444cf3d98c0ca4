# METADATA
# title: Keystroke or mouse logging of workers without shown strict necessity
# description: >-
#   Logging workers' keystrokes or mouse movements is presumed disproportionate. It passes only
#   where a purpose using that data rests on a completed legitimate-interests assessment that
#   states its necessity, and every less-intrusive alternative was evaluated and rejected for a
#   stated reason.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://ec.europa.eu/newsroom/article29/item-detail.cfm?item_id=610169
#   - ref: https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/employment/monitoring-workers/
# custom:
#   id: GDPR-EMP-001
#   severity: critical
#   legal: ["GDPR Art. 5(1)(c)", "GDPR Art. 6(1)(f)", "WP249 §5.4.1", "WP249 §5.3", "BAG 2 AZR 681/16"]
#   recommended_action: >-
#     Use synthetic task environments, paid opt-in data-collection studies, or scripted sessions
#     on test accounts; if real telemetry is indispensable, capture only UI event abstractions
#     with no text content.
#   inputs: [Program]
#   status: guidance
#   applies_from: null
#   params: []
#   unverified: WP249 §5.4.1 exact wording on keystroke and mouse logging not checked against the primary text
#   dpia: {section: minimisation, risk_scenarios: [excessive_collection]}
package compliance.rules.employment.keystroke_mouse_logging

import data.compliance.lib

_logging := {"keystroke_events", "keystroke_content", "mouse_movement"}

_logging_types := {"keystrokes", "mouse_movements"}

deny contains lib.finding(lib.program_resource(program), "program.technologies", msg, evidence) if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	used := sort([t | some t in program.program.technologies; t in _logging])
	count(used) > 0
	gaps := array.concat(_lia_gaps(program), _alternative_gaps(program))
	count(gaps) > 0
	msg := sprintf("program %s logs workers' keystrokes or mouse movements (%s) without showing strict necessity: %s", [
		program.metadata.id, concat(", ", used), concat("; ", gaps),
	])
	evidence := {"technologies": used, "gaps": gaps}
}

_lia_gaps(program) := [] if {
	some purpose in program.purposes
	_uses_logging_data(program, purpose)
	purpose.lawful_basis == "legitimate_interests"
	purpose.lia.completed == true
	_text(purpose.lia.necessity)
} else := ["no purpose using keystroke or mouse data has a completed LIA stating its necessity"]

_alternative_gaps(program) := ["no less-intrusive alternatives recorded"] if {
	not _has_alternatives(program)
} else := [sprintf("%d of %d less-intrusive alternatives not evaluated and rejected with a reason", [
	count(open), count(alternatives),
])] if {
	alternatives := program.program.less_intrusive_alternatives
	open := [a | some a in alternatives; not _rejected(a)]
	count(open) > 0
} else := []

_has_alternatives(program) if {
	is_array(program.program.less_intrusive_alternatives)
	count(program.program.less_intrusive_alternatives) > 0
}

_rejected(alternative) if {
	alternative.evaluated == true
	_text(alternative.rejected_reason)
}

# A category counts by its type, or by its id where it declares no type.
_uses_logging_data(program, purpose) if {
	some category in program.data_categories
	category.id in purpose.data_category_ids
	object.get(category, "type", category.id) in _logging_types
}

_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
