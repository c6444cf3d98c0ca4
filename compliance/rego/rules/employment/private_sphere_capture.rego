# METADATA
# title: Capture reaching into workers' private sphere
# description: >-
#   Monitoring must stay out of the private sphere: no capture on personal devices and no webcam
#   or microphone capture (high). Capture outside working hours or during remote work is
#   reported at medium, since no manifest field scopes it by time or place; a capture block that
#   does not say whether it reaches personal devices, off-hours or remote work is reported too.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://ec.europa.eu/newsroom/article29/item-detail.cfm?item_id=610169
#   - ref: https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/employment/monitoring-workers/
# custom:
#   id: GDPR-EMP-003
#   severity: high
#   legal: ["GDPR Art. 5(1)(c)", "GDPR Art. 6(1)(f)", "WP249 §5.4.1", "BetrVG §87(1) Nr. 14"]
#   recommended_action: >-
#     Restrict capture to managed devices and working hours; disable camera and microphone
#     capture; suspend capture on personal networks or outside the work schedule.
#   inputs: [Program]
#   status: guidance
#   applies_from: null
#   params: []
#   dpia: {section: minimisation, risk_scenarios: [excessive_collection]}
#   severity_rule: medium for off-hours / remote-work capture and undeclared settings
package compliance.rules.employment.private_sphere_capture

import data.compliance.lib

_settings := ["personal_devices", "off_hours_capture", "remote_work_capture"]

deny contains lib.finding(lib.program_resource(program), "program.capture.personal_devices", msg, {"personal_devices": true}) if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	program.program.capture.personal_devices == true
	msg := sprintf("program %s captures workers' personal devices (capture.personal_devices is true)", [program.metadata.id])
}

deny contains lib.finding(lib.program_resource(program), sprintf("program.technologies.%d", [i]), msg, {"technology": technology}) if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	some i, technology in program.program.technologies
	technology in {"webcam", "microphone"}
	msg := sprintf("program %s captures workers through the %s", [program.metadata.id, technology])
}

deny contains lib.finding_severity(lib.program_resource(program), sprintf("program.capture.%s", [setting]), msg, {setting: true}, "medium") if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	some setting in ["off_hours_capture", "remote_work_capture"]
	program.program.capture[setting] == true
	msg := sprintf("program %s has capture.%s true and no time or location scoping: capture reaches workers' private life", [
		program.metadata.id, setting,
	])
}

deny contains lib.finding_severity(lib.program_resource(program), "program.capture", msg, {"undeclared": undeclared}, "medium") if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	capture := object.get(program, ["program", "capture"], {})
	undeclared := [s | some s in _settings; not is_boolean(object.get(capture, s, null))]
	count(undeclared) > 0
	msg := sprintf("program %s does not declare whether capture reaches the private sphere (capture.%s not set)", [
		program.metadata.id, concat(", capture.", undeclared),
	])
}
