# METADATA
# title: Special-category data, incidental capture included, used without an Art. 9 condition
# description: >-
#   A purpose that uses a special-category data category (special_category true), or one likely
#   to hold such data incidentally, needs an Art. 9(2) condition (art9_condition other than none).
#   A category counts as incidental when incidental_special_category_likely is true, or
#   automatically when the program captures screens or typed text (screenshot, screen_recording,
#   keystroke_content, ocr_text) and the category is of the type that capture produces. A
#   purpose without data_category_ids is taken to use every data category of its program.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SC-001
#   severity: critical
#   legal: ["GDPR Art. 9(1)", "GDPR Art. 9(2)", "GDPR Art. 35(3)(b)", "ICO Employment practices: monitoring workers (2023)"]
#   recommended_action: >-
#     Either engineer special-category data out (GDPR-SC-003) so none is retained, or identify a
#     lawful Art. 9(2) condition and record it in art9_condition (and art9_legal_ref); in practice
#     a 9(2) route is hard to find for AI training.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: lawfulness, risk_scenarios: [excessive_collection]}
package compliance.rules.special_categories.art9_condition_declared

import data.compliance.lib

# Capture technologies that sweep in whatever is on screen or typed, and the category types they produce.
_incidental_types := {
	"screenshot": {"screenshots"},
	"screen_recording": {"screenshots", "video", "screen_content"},
	"keystroke_content": {"keystrokes"},
	"ocr_text": {"screen_content"},
}

deny contains lib.finding(lib.purpose_resource(program, purpose), "art9_condition", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	sensitive := _sensitive(program)
	some purpose in program.purposes
	condition := object.get(purpose, "art9_condition", null)
	condition in {null, "none"}
	used := sort([label | some id, label in sensitive; _uses(purpose, id)])
	count(used) > 0
	msg := sprintf("purpose %s of program %s uses special-category data (%s) without an Art. 9(2) condition (art9_condition is %s)", [
		purpose.id, program.metadata.id, concat(", ", used), lib.shown(condition),
	])
	evidence := {"art9_condition": condition, "data_categories": used}
}

# _sensitive maps the id of each special-category or likely-incidental category to its label.
_sensitive(program) := {category.id: _label(program, category) |
	some category in program.data_categories
	_label(program, category)
}

_label(program, category) := sprintf("%s: special category", [category.id]) if category.special_category == true

else := sprintf("%s: incidental", [category.id]) if category.incidental_special_category_likely == true

else := sprintf("%s: incidental, captured by %s", [category.id, concat(", ", technologies)]) if {
	technologies := sort({t | some t in program.program.technologies; category.type in _incidental_types[t]})
	count(technologies) > 0
}

_uses(purpose, id) if id in purpose.data_category_ids

_uses(purpose, _) if not is_array(object.get(purpose, "data_category_ids", null))
