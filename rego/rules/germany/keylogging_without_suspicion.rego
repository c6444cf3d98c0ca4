# METADATA
# title: Keylogging of German staff without a concrete suspicion
# description: >-
#   Recording what German employees type (keystroke content, or screenshots taken alongside
#   keystroke logging) across a general population, without a concrete, fact-based suspicion
#   against a specific employee, infringes their personality rights, and its results are
#   unusable in court.
# related_resources:
#   - ref: https://www.bundesarbeitsgericht.de/
#   - ref: https://www.gesetze-im-internet.de/bdsg_2018/__26.html
# custom:
#   id: DE-BAG-001
#   severity: critical
#   legal: ["BAG 27.07.2017 - 2 AZR 681/16", "BDSG §26(1)", "GDPR Art. 6(1)(f)", "GG Art. 2(1) i.V.m. Art. 1(1)"]
#   recommended_action: >-
#     Exclude German staff from keystroke-content capture, or capture only non-content interaction
#     events under a works agreement.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: minimisation, risk_scenarios: [excessive_collection]}
package compliance.rules.germany.keylogging_without_suspicion

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), field, msg, {"keylogging": reasons}) if {
	some program in input.programs
	lib.pack_applies(program, "DE")
	lib.workers_monitored(program)
	reasons := _keylogging(program)
	count(reasons) > 0
	field := _field(program)
	msg := sprintf("program %s logs what German staff type (%s) as a standing monitoring program, not an investigation of a concrete suspicion against a specific employee", [
		program.metadata.id, concat("; ", reasons),
	])
}

_keylogging(program) := array.concat(
	array.concat(
		["technologies include keystroke_content" | "keystroke_content" in _technologies(program)],
		["capture.keystroke_content_captured is true" | program.program.capture.keystroke_content_captured == true],
	),
	[sprintf("screenshots alongside keystroke_events (%s)", [concat(", ", shots)]) |
		"keystroke_events" in _technologies(program)
		shots := sort([t | some t in _technologies(program); t in {"screenshot", "screen_recording"}])
		count(shots) > 0
	],
)

_technologies(program) := {t | some t in program.program.technologies}

_field(program) := "program.technologies" if {
	"keystroke_content" in _technologies(program)
} else := "program.capture.keystroke_content_captured" if {
	program.program.capture.keystroke_content_captured == true
} else := "program.technologies"
