# METADATA
# title: CCPA use not reasonably necessary and proportionate to the purpose
# description: >-
#   Under Cal. Civ. Code §1798.100(c) and 11 CCR §7002, collecting and using a worker's personal
#   information must be reasonably necessary and proportionate to a disclosed purpose consistent
#   with the worker's reasonable expectations. Each purpose must say which data categories it uses
#   (data_category_ids), and an AI-training purpose must not rest on data it does not need, such
#   as the raw text of keystrokes.
#   Applies to the workforce since 1 Jan 2023, when the CCPA's HR exemption lapsed.
# related_resources:
#   - ref: https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?sectionNum=1798.100.&lawCode=CIV
#   - ref: https://cppa.ca.gov/regulations/
# custom:
#   id: US-CA-003
#   severity: medium
#   legal: ["Cal. Civ. Code §1798.100(c)", "11 CCR §7002"]
#   recommended_action: >-
#     Link each purpose to the data categories it needs, drop typed-text capture from AI
#     training (keep key events without content), reuse the GDPR minimisation analysis and
#     document the reasonable-expectations assessment.
#   inputs: [Program]
#   status: in_force
#   applies_from: "2023-01-01"
#   params: []
#   dpia: {section: purpose_limitation, risk_scenarios: []}
package compliance.rules.us.ccpa_purpose_proportionate

import data.compliance.lib

deny contains lib.finding(target[0], target[1], msg, {"data_category_ids": ids}) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	some i, purpose in program.purposes
	ids := object.get(purpose, "data_category_ids", null)
	not _non_empty_array(ids)
	target := _target(program, i, purpose, "data_category_ids")
	msg := sprintf(
		"purpose %s of program %s links no data categories to the purpose (data_category_ids is %s), so the use of California workers' data cannot be shown to be reasonably necessary and proportionate",
		[lib.label(i, purpose, "id"), program.metadata.id, lib.shown(ids)],
	)
}

deny contains lib.finding(target[0], target[1], msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	some i, purpose in program.purposes
	purpose.category == "ai_training"
	keystroke_text := _keystroke_text_categories(program, purpose)
	count(keystroke_text) > 0
	target := _target(program, i, purpose, "data_category_ids")
	evidence := {"category": "ai_training", "keystroke_text_categories": keystroke_text}
	msg := sprintf(
		"purpose %s of program %s trains AI on the typed text of keystrokes (data categories %s, captured with their content), which the purpose does not need",
		[lib.label(i, purpose, "id"), program.metadata.id, concat(", ", keystroke_text)],
	)
}

# The purpose's keystroke categories, where the program captures the text typed.
_keystroke_text_categories(program, purpose) := [category.id |
	_captures_keystroke_text(program)
	some category in program.data_categories
	category.type == "keystrokes"
	category.id in purpose.data_category_ids
]

_captures_keystroke_text(program) if program.program.capture.keystroke_content_captured == true

_captures_keystroke_text(program) if "keystroke_content" in program.program.technologies

_non_empty_array(value) if {
	is_array(value)
	count(value) > 0
}

# A purpose without an id is reported on the program, at its index.
_target(program, i, purpose, field) := [lib.purpose_resource(program, purpose), field] if is_string(purpose.id)

else := [lib.program_resource(program), sprintf("purposes.%v.%s", [i, field])]
