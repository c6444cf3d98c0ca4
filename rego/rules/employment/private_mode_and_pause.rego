# METADATA
# title: No private mode, too short a pause, or private channels not excluded
# description: >-
#   Workers must be able to switch capture off for private matters: a private mode is required
#   (high). A pause shorter than the organisation's minimum, and a capture.blocked_categories
#   that leaves out union, hr_grievance or employee_assistance (the channels through which staff
#   organise, complain about or seek help from their employer), are reported at medium.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://ec.europa.eu/newsroom/article29/item-detail.cfm?item_id=610169
#   - ref: https://hudoc.echr.coe.int/eng?i=001-177082
# custom:
#   id: GDPR-EMP-004
#   severity: high
#   legal: ["GDPR Art. 5(1)(c)", "GDPR Art. 21", "GDPR Art. 88(2)", "WP249", "ECtHR Bărbulescu v Romania (61496/08)"]
#   recommended_action: >-
#     Offer a visible private-mode toggle without any justification requirement, and permanently
#     exclude union, EAP, health and personal channels from capture.
#   inputs: [Program]
#   status: guidance
#   applies_from: null
#   params: [min_pause_minutes]
#   dpia: {section: minimisation, risk_scenarios: [excessive_collection]}
#   severity_rule: medium for the pause and blocked-category warnings
package compliance.rules.employment.private_mode_and_pause

import data.compliance.lib

# The channels through which staff organise, complain about or seek help from their employer.
# Health, banking, tax and personal mail and messaging are GDPR-SC-003's blocklist.
_protected := ["union", "hr_grievance", "employee_assistance"]

deny contains lib.finding(lib.program_resource(program), "program.capture.private_mode.available", msg, {"available": available}) if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	available := object.get(program, ["program", "capture", "private_mode", "available"], null)
	available != true
	msg := sprintf("program %s gives workers no private mode (capture.private_mode.available is %s)", [
		program.metadata.id, lib.shown(available),
	])
}

deny contains lib.finding_severity(lib.program_resource(program), "program.capture.pause.max_minutes_per_day", msg, evidence, "medium") if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	minimum := lib.param("min_pause_minutes")
	minutes := _pause_minutes(program)
	minutes < minimum
	msg := sprintf("program %s lets workers pause capture for %d minutes a day, less than the %d minutes required", [
		program.metadata.id, minutes, minimum,
	])
	evidence := {"max_minutes_per_day": minutes, "min_pause_minutes": minimum}
}

deny contains lib.finding_severity(lib.program_resource(program), "program.capture.blocked_categories", msg, {"missing": missing}, "medium") if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	blocked := {c | some c in program.program.capture.blocked_categories}
	missing := [c | some c in _protected; not c in blocked]
	count(missing) > 0
	msg := sprintf("program %s does not exclude the channels through which workers organise, complain or seek help from capture (capture.blocked_categories lacks %s)", [
		program.metadata.id, concat(", ", missing),
	])
}

# A pause that is not available, or declares no daily allowance, counts as 0 minutes.
_pause_minutes(program) := program.program.capture.pause.max_minutes_per_day if {
	program.program.capture.pause.available == true
	is_number(program.program.capture.pause.max_minutes_per_day)
} else := 0
