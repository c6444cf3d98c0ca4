# METADATA
# title: Retention period missing, excessive, or not enforced by automatic deletion
# description: >-
#   Every data category of a program must declare a retention period; raw capture (keystrokes,
#   mouse movements, clicks, screenshots, screen content) kept longer than the organisation's
#   raw-capture maximum needs a recorded justification; and deletion must be automatic.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PR-005
#   severity: high
#   legal: ["GDPR Art. 5(1)(e)", "GDPR Art. 25(2)", "GDPR Art. 13(2)(a)", "GDPR Art. 30(1)(f)", "CNIL SAN-2023-021"]
#   recommended_action: >-
#     Set a retention period per data category with two-tier retention (a short-lived raw buffer,
#     then a curated, redacted training set), enforce it with automated TTL jobs, and keep
#     deletion evidence in logs.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [raw_capture_max_retention_days]
#   dpia: {section: storage_limitation, risk_scenarios: [excessive_collection]}
package compliance.rules.principles.retention_limited

import data.compliance.lib

_raw_capture_types := {"keystrokes", "mouse_movements", "clicks", "screenshots", "screen_content"}

deny contains lib.finding(target[0], target[1], msg, {"retention_days": days}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, category in program.data_categories
	days := object.get(category, "retention_days", null)
	not _valid_days(days)
	target := _target(program, i, category, "retention_days")
	msg := sprintf("data category %s of program %s %s", [lib.label(i, category, "id"), program.metadata.id, _days_problem(days)])
}

deny contains lib.finding(target[0], target[1], msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	maximum := lib.param("raw_capture_max_retention_days")
	some i, category in program.data_categories
	category.type in _raw_capture_types
	_valid_days(category.retention_days)
	category.retention_days > maximum
	not _justified(category)
	target := _target(program, i, category, "retention_days")
	msg := sprintf(
		"raw capture data category %s (%s) of program %s is kept %v days, over the %v-day raw-capture maximum, with no retention_justification",
		[lib.label(i, category, "id"), category.type, program.metadata.id, category.retention_days, maximum],
	)
	evidence := {
		"type": category.type,
		"retention_days": category.retention_days,
		"raw_capture_max_retention_days": maximum,
	}
}

deny contains lib.finding(lib.program_resource(program), "retention.auto_deletion", msg, {"auto_deletion": value}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	value := object.get(program, ["retention", "auto_deletion"], null)
	value != true
	msg := sprintf("program %s %s", [program.metadata.id, _deletion_problem(value)])
}

_valid_days(days) if {
	is_number(days)
	days >= 0
}

_days_problem(null) := "declares no retention period (retention_days is missing or null)"

_days_problem(days) := sprintf("has retention_days %v, which is not a valid number of days", [json.marshal(days)]) if {
	days != null
}

_justified(category) if {
	is_string(category.retention_justification)
	trim_space(category.retention_justification) != ""
}

_deletion_problem(null) := "does not say that data are deleted automatically (retention.auto_deletion is missing)"

_deletion_problem(value) := sprintf(
	"does not delete data automatically (retention.auto_deletion is %v)",
	[json.marshal(value)],
) if value != null

# A data category without an id is reported on the program, at its index.
_target(program, i, category, field) := [lib.data_category_resource(program, category), field] if is_string(category.id)

else := [lib.program_resource(program), sprintf("data_categories.%v.%s", [i, field])]
