# METADATA
# title: Monitoring captures more than it needs
# description: >-
#   For a program that uses capture technologies: capture.scope must not be "all"; typed text
#   (keystroke_content) may be captured only where a completed legitimate-interests assessment
#   justifies raw text in its necessity statement; where keystrokes are captured, password fields
#   must be excluded; screenshots or screen recordings need on-device redaction. (A screenshot
#   interval shorter than its justification is not checked: the manifest has no field for that
#   justification.)
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PR-003
#   severity: high
#   legal: ["GDPR Art. 5(1)(c)", "GDPR Art. 25(2)", "WP249", "CNIL SAN-2023-021", "CNIL SAN-2024-021"]
#   recommended_action: >-
#     Allowlist the target apps; capture interaction events (element ids, action types) instead
#     of raw keystroke text; redact on the device before upload; lengthen screenshot intervals or
#     switch to DOM / accessibility-tree capture.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: minimisation, risk_scenarios: [excessive_collection]}
package compliance.rules.principles.capture_minimised

import data.compliance.lib

_keystroke_technologies := {"keystroke_events", "keystroke_content"}

_screen_technologies := {"screenshot", "screen_recording"}

deny contains lib.finding(lib.program_resource(program), "program.capture.scope", msg, {"scope": scope}) if {
	some program in _capturing_programs
	scope := object.get(program, ["program", "capture", "scope"], null)
	not scope in {"allowlist", "blocklist"}
	msg := sprintf("program %s %s", [program.metadata.id, _scope_problem(scope)])
}

deny contains lib.finding(lib.program_resource(program), "program.capture.keystroke_content_captured", msg, evidence) if {
	some program in _capturing_programs
	_captures_typed_text(program)
	not _raw_text_justified(program)
	msg := sprintf("program %s captures typed text (%s) but no completed LIA justifies raw text in its necessity statement", [
		program.metadata.id, concat("; ", _typed_text_signs(program)),
	])
	evidence := {"keystroke_content_captured": object.get(program, ["program", "capture", "keystroke_content_captured"], null)}
}

deny contains lib.finding(lib.program_resource(program), "program.capture.password_fields_excluded", msg, {"password_fields_excluded": excluded}) if {
	some program in _capturing_programs
	some technology in program.program.technologies
	technology in _keystroke_technologies
	excluded := object.get(program, ["program", "capture", "password_fields_excluded"], null)
	excluded != true
	msg := sprintf("program %s captures keystrokes without excluding password fields (capture.password_fields_excluded is %s)", [
		program.metadata.id, lib.shown(excluded),
	])
}

deny contains lib.finding(lib.program_resource(program), "program.capture.on_device_redaction", msg, evidence) if {
	some program in _capturing_programs
	screens := sort({t | some t in program.program.technologies; t in _screen_technologies})
	count(screens) > 0
	redaction := object.get(program, ["program", "capture", "on_device_redaction"], null)
	not _non_empty_array(redaction)
	msg := sprintf("program %s captures the screen (%s) with no on-device redaction (capture.on_device_redaction is %s)", [
		program.metadata.id, concat(", ", screens), lib.shown(redaction),
	])
	evidence := {"technologies": screens, "on_device_redaction": redaction}
}

# Programs in GDPR scope that declare at least one capture technology.
_capturing_programs contains program if {
	some program in input.programs
	lib.gdpr_applies(program)
	count(program.program.technologies) > 0
}

_scope_problem("all") := `captures with capture.scope "all": every application is in scope`

_scope_problem(scope) := sprintf("does not limit capture to an allowlist or blocklist (capture.scope is %s)", [lib.shown(scope)]) if scope != "all"

_typed_text_signs(program) := array.concat(
	["technologies include keystroke_content" | "keystroke_content" in program.program.technologies],
	["capture.keystroke_content_captured is true" | program.program.capture.keystroke_content_captured == true],
)

_captures_typed_text(program) if program.program.capture.keystroke_content_captured == true

_captures_typed_text(program) if "keystroke_content" in program.program.technologies

_raw_text_justified(program) if {
	some purpose in program.purposes
	purpose.lawful_basis == "legitimate_interests"
	purpose.lia.completed == true
	is_string(purpose.lia.necessity)
	regex.match(`(?i)keystroke|typed text|raw text`, purpose.lia.necessity)
}

_non_empty_array(value) if {
	is_array(value)
	count(value) > 0
}
