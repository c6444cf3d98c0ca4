# METADATA
# title: No CCPA notice at collection for the California workforce
# description: >-
#   Since the CCPA's HR exemption lapsed on 1 Jan 2023, employees, contractors and applicants in
#   California are consumers: at or before collection they must get a notice of the categories of
#   personal and sensitive personal information, the purposes, whether it is sold or shared, the
#   retention period of each category, and a link to the privacy policy.
# related_resources:
#   - ref: https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?sectionNum=1798.100.&lawCode=CIV
#   - ref: https://cppa.ca.gov/regulations/
# custom:
#   id: US-CA-001
#   severity: high
#   legal: ["Cal. Civ. Code §1798.100(a)", "Cal. Civ. Code §1798.100(b)", "11 CCR §7012"]
#   recommended_action: >-
#     Give the workforce a notice at collection covering the telemetry categories and any
#     sensitive personal information, the purposes, the retention period per category and the
#     sale/share status, with a link to the privacy policy.
#   inputs: [Program]
#   status: in_force
#   applies_from: "2023-01-01"
#   params: []
#   dpia: {section: transparency, risk_scenarios: [loss_of_control]}
package compliance.rules.us.ccpa_notice_at_collection

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), gaps[0].field, msg, evidence) if {
	some program in input.programs
	reason := lib.us_pack_reason(program, "US-CA")
	evidence := {name: value |
		some name in ["notice_at_collection", "retention_per_category", "privacy_policy_url"]
		value := object.get(program, ["us_notices", "ccpa", name], null)
	}
	gaps := _gaps(evidence)
	count(gaps) > 0
	msg := sprintf("program %s: %s, but its CCPA notice at collection falls short: %s%s", [
		program.metadata.id,
		reason,
		concat("; ", [gap.problem | some gap in gaps]),
		_spi_note(program),
	])
}

_gaps(values) := array.concat(
	array.concat(
		[_gap("notice_at_collection", "no notice at collection", values.notice_at_collection) | values.notice_at_collection != true],
		[_gap("retention_per_category", "no retention period per category", values.retention_per_category) |
			values.retention_per_category != true
		],
	),
	[_gap("privacy_policy_url", "no link to the privacy policy", values.privacy_policy_url) |
		not _non_empty_string(values.privacy_policy_url)
	],
)

# The notice must also name the sensitive personal information collected.
_spi_note(program) := sprintf(". The notice must also list the sensitive personal information collected: %s", [concat(", ", spi)]) if {
	spi := [c | some c in program.us_notices.ccpa.spi_categories; is_string(c)]
	count(spi) > 0
} else := ""

_gap(name, problem, value) := {
	"field": sprintf("us_notices.ccpa.%s", [name]),
	"problem": sprintf("%s (%s is %s)", [problem, name, lib.shown(value)]),
}

_non_empty_string(value) if {
	is_string(value)
	trim_space(value) != ""
}
