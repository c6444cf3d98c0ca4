# METADATA
# title: Connecticut prior notice of electronic monitoring missing or incomplete
# description: >-
#   Conn. Gen. Stat. §31-48d requires employers that electronically monitor employees to give
#   prior written notice of the types of monitoring to every affected employee; a conspicuous
#   posted notice counts. From 1 Oct 2026 (Public Act 26-73) the notice must also say where the
#   monitoring takes place. Employer-managed laptops used on the premises are covered.
# related_resources:
#   - ref: https://www.cga.ct.gov/current/pub/chap_557.htm#sec_31-48d
# custom:
#   id: US-CT-001
#   severity: medium
#   legal: ["Conn. Gen. Stat. §31-48d(b)(1)"]
#   recommended_action: >-
#     Give every affected employee prior written notice (or post it conspicuously) listing
#     "keystroke, mouse and screen-content capture" as monitoring types and naming where the
#     monitoring takes place.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   unverified: Public Act 26-73 text seen only in a secondary copy (locations requirement, effective 1 Oct 2026); not confirmed that a posted notice still counts as the written notice
#   dpia: {section: transparency, risk_scenarios: [loss_of_control]}
package compliance.rules.us.ct_monitoring_notice

import data.compliance.lib

_locations_required_from := "2026-10-01"

deny contains lib.finding(lib.program_resource(program), gaps[0].field, msg, evidence) if {
	some program in input.programs
	reason := lib.us_pack_reason(program, "US-CT")
	evidence := {name: value |
		some name in ["prior_written_notice", "posted", "types_listed", "locations_listed"]
		value := object.get(program, ["us_notices", "ct_31_48d", name], null)
	}
	gaps := _gaps(evidence)
	count(gaps) > 0
	msg := sprintf("program %s: %s, but its §31-48d monitoring notice falls short: %s", [
		program.metadata.id,
		reason,
		concat("; ", [gap.problem | some gap in gaps]),
	])
}

_gaps(values) := array.concat(
	array.concat(
		[{
			"field": "us_notices.ct_31_48d.prior_written_notice",
			"problem": sprintf("no prior written notice and none posted (prior_written_notice is %s, posted is %s)", [
				lib.shown(values.prior_written_notice),
				lib.shown(values.posted),
			]),
		} |
			values.prior_written_notice != true
			values.posted != true
		],
		[_gap("types_listed", "the types of monitoring are not listed", values.types_listed) | values.types_listed != true],
	),
	[_gap("locations_listed", sprintf("the monitoring locations are not listed, required from %s", [_locations_required_from]), values.locations_listed) |
		_locations_required
		values.locations_listed != true
	],
)

_locations_required if {
	is_string(input.as_of)
	input.as_of >= _locations_required_from
}

_gap(name, problem, value) := {
	"field": sprintf("us_notices.ct_31_48d.%s", [name]),
	"problem": sprintf("%s (%s is %s)", [problem, name, lib.shown(value)]),
}
