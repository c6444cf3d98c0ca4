# METADATA
# title: Capture reaching into workers' private sphere
# description: >-
#   Monitoring must stay out of the private sphere: no capture on personal devices and no webcam
#   or microphone capture (high). Capture outside working hours is reported at medium; so is
#   capture during remote work unless it is scoped in time (capture.off_hours_capture false) and
#   in place (capture.scope allowlist: only work applications are recorded, not the home around
#   the screen). A capture block that does not say whether it reaches personal devices,
#   off-hours or remote work is reported too.
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

deny contains lib.finding_severity(lib.program_resource(program), "program.capture.off_hours_capture", msg, {"off_hours_capture": true}, "medium") if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	program.program.capture.off_hours_capture == true
	msg := sprintf("program %s captures outside working hours (capture.off_hours_capture is true): capture reaches workers' private life", [
		program.metadata.id,
	])
}

deny contains lib.finding_severity(lib.program_resource(program), "program.capture.remote_work_capture", msg, evidence, "medium") if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	capture := program.program.capture
	capture.remote_work_capture == true
	evidence := {
		"remote_work_capture": true,
		"off_hours_capture": object.get(capture, "off_hours_capture", null),
		"scope": object.get(capture, "scope", null),
	}
	gaps := array.concat(
		[sprintf("not limited to working hours (capture.off_hours_capture is %s)", [lib.shown(evidence.off_hours_capture)]) |
			evidence.off_hours_capture != false
		],
		[sprintf("not limited to allowlisted work applications (capture.scope is %s)", [lib.shown(evidence.scope)]) |
			evidence.scope != "allowlist"
		],
	)
	count(gaps) > 0
	msg := sprintf("program %s captures remote work (capture.remote_work_capture is true) %s: capture reaches workers' homes", [
		program.metadata.id, concat(" and ", gaps),
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
