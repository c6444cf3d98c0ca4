# METADATA
# title: New York electronic-monitoring notice missing, unacknowledged or not posted
# description: >-
#   Where employees in New York are monitored, N.Y. Civil Rights Law §52-c requires a written or
#   electronic notice of the monitoring at hiring, acknowledged by every employee hired since
#   7 May 2022, and posted in a conspicuous place. Keystroke and screen capture of browser and
#   email use is internet and email monitoring.
# related_resources:
#   - ref: https://www.nysenate.gov/legislation/laws/CVR/52-C*2
# custom:
#   id: US-NY-001
#   severity: high
#   legal: ["N.Y. Civ. Rights Law §52-c(2)(a)", "N.Y. Civ. Rights Law §52-c(3)"]
#   recommended_action: >-
#     Add the statutory notice to onboarding with an electronic acknowledgment, collect it from
#     every employee hired since 7 May 2022, and post it on the intranet and physical boards;
#     name the keystroke and screen capture explicitly.
#   inputs: [Program]
#   status: in_force
#   applies_from: "2022-05-07"
#   params: []
#   dpia: {section: transparency, risk_scenarios: [loss_of_control]}
package compliance.rules.us.ny_monitoring_notice

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), gaps[0].field, msg, evidence) if {
	some program in input.programs
	reason := lib.us_pack_reason(program, "US-NY")
	evidence := {name: value |
		some name in ["notice_at_hire", "acknowledgment_rate", "posted"]
		value := object.get(program, ["us_notices", "ny_52c", name], null)
	}
	gaps := _gaps(evidence)
	count(gaps) > 0
	msg := sprintf("program %s: %s, but its Civil Rights Law §52-c notice falls short: %s", [
		program.metadata.id,
		reason,
		concat("; ", [gap.problem | some gap in gaps]),
	])
}

_gaps(values) := array.concat(
	array.concat(
		[_gap("notice_at_hire", "no notice at hiring", values.notice_at_hire) | values.notice_at_hire != true],
		[_gap("acknowledgment_rate", "not every employee has acknowledged it", values.acknowledgment_rate) |
			not _all_acknowledged(values.acknowledgment_rate)
		],
	),
	[_gap("posted", "not posted", values.posted) | values.posted != true],
)

_all_acknowledged(rate) if {
	is_number(rate)
	rate >= 1
}

_gap(name, problem, value) := {
	"field": sprintf("us_notices.ny_52c.%s", [name]),
	"problem": sprintf("%s (%s is %s)", [problem, name, lib.shown(value)]),
}
