# METADATA
# title: Screen or keystroke capture without controls against incidental sensitive data
# description: >-
#   A program that captures screens or typed text (screenshot, screen_recording, ocr_text,
#   keystroke_content, or capture.keystroke_content_captured) must block the categories where
#   sensitive content lives (capture.blocked_categories including health, banking, tax, union,
#   personal_email and personal_messaging), run a special-category classifier on the device
#   (capture.on_device_redaction), and give workers a private mode (capture.private_mode.available).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SC-003
#   severity: critical
#   legal: ["GDPR Art. 9(1)", "GDPR Art. 5(1)(c)", "GDPR Art. 25(1)", "GDPR Art. 25(2)", "WP249", "ICO Employment practices: monitoring workers (2023)"]
#   recommended_action: >-
#     Block health, banking, tax, union and personal communication apps and URLs; run on-device
#     classifiers that drop frames with medical, tax, union or HR-grievance content; give a
#     visible private-mode switch; scan after ingestion and delete within a set deadline.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: minimisation, risk_scenarios: [excessive_collection]}
package compliance.rules.special_categories.incidental_capture_controls

import data.compliance.lib

_capture_technologies := {"screenshot", "screen_recording", "ocr_text", "keystroke_content"}

_required_blocks := {"health", "banking", "tax", "union", "personal_email", "personal_messaging"}

deny contains lib.finding(lib.program_resource(program), "program.capture.blocked_categories", msg, evidence) if {
	some program in _capturing_programs
	blocked := object.get(program, ["program", "capture", "blocked_categories"], null)
	missing := sort(_required_blocks - {b | some b in _array(blocked)})
	count(missing) > 0
	msg := sprintf("program %s captures screens or typed text without blocking %s (capture.blocked_categories)", [
		program.metadata.id, concat(", ", missing),
	])
	evidence := {"blocked_categories": blocked, "missing": missing}
}

deny contains lib.finding(lib.program_resource(program), "program.capture.on_device_redaction", msg, {"on_device_redaction": redaction}) if {
	some program in _capturing_programs
	redaction := object.get(program, ["program", "capture", "on_device_redaction"], null)
	not "special_category_classifier" in _array(redaction)
	msg := sprintf("program %s captures screens or typed text without an on-device special_category_classifier (capture.on_device_redaction is %s)", [
		program.metadata.id, lib.shown(redaction),
	])
}

deny contains lib.finding(lib.program_resource(program), "program.capture.private_mode.available", msg, {"available": available}) if {
	some program in _capturing_programs
	available := object.get(program, ["program", "capture", "private_mode", "available"], null)
	available != true
	msg := sprintf("program %s captures screens or typed text without a private mode (capture.private_mode.available is %s)", [
		program.metadata.id, lib.shown(available),
	])
}

_capturing_programs contains program if {
	some program in input.programs
	lib.gdpr_applies(program)
	_captures(program)
}

_captures(program) if {
	some technology in program.program.technologies
	technology in _capture_technologies
}

_captures(program) if program.program.capture.keystroke_content_captured == true

_array(value) := value if is_array(value)

else := []
