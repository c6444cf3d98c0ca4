# METADATA
# title: Data that affect people kept without accuracy controls
# description: >-
#   A data category used by a productivity or performance_evaluation purpose, and every data
#   category of a program whose outputs feed decisions about individuals
#   (automated_decisions.outputs_used_for_individual_decisions), must declare accuracy_controls.
#   A purpose without data_category_ids is taken to use every data category of its program.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PR-004
#   severity: low
#   legal: ["GDPR Art. 5(1)(d)", "GDPR Art. 16"]
#   recommended_action: Label and validate derived metrics, and give employees a path to have them corrected.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: minimisation, risk_scenarios: [unwanted_modification], pia_question: 214}
package compliance.rules.principles.accuracy_controls

import data.compliance.lib

_people_purposes := {"productivity", "performance_evaluation"}

deny contains lib.finding(lib.data_category_resource(program, category), "accuracy_controls", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some category in program.data_categories
	reasons := _reasons(program, category.id)
	count(reasons) > 0
	controls := object.get(category, "accuracy_controls", null)
	not _non_empty_array(controls)
	msg := sprintf("data category %s of program %s affects individuals (%s) but declares no accuracy_controls", [
		category.id, program.metadata.id, concat("; ", reasons),
	])
	evidence := {"accuracy_controls": controls, "reasons": reasons}
}

# _reasons says why the category's accuracy matters, sorted; [] when it does not.
_reasons(program, id) := sort(array.concat(
	[sprintf("used by %s purpose %s", [p.category, p.id]) |
		some p in program.purposes
		p.category in _people_purposes
		_uses(p, id)
	],
	["the program's outputs feed decisions about individuals" |
		program.automated_decisions.outputs_used_for_individual_decisions == true
	],
))

_uses(purpose, id) if id in purpose.data_category_ids

_uses(purpose, _) if not is_array(object.get(purpose, "data_category_ids", null))

_non_empty_array(value) if {
	is_array(value)
	count(value) > 0
}
