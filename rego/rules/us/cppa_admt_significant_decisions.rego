# METADATA
# title: ADMT used for significant decisions without notice, opt-out or appeal
# description: >-
#   Where automated decision-making technology feeds significant decisions about workers (hiring,
#   allocation of work, compensation, promotion, termination), the CPPA regulations require a
#   pre-use notice, an opt-out (unless an exception such as meaningful human review applies) and
#   access and appeal. Existing uses must comply from 1 Jan 2027.
# related_resources:
#   - ref: https://cppa.ca.gov/regulations/
# custom:
#   id: US-CA-005
#   severity: high
#   legal: ["11 CCR §7220", "11 CCR §7221", "11 CCR §7222"]
#   recommended_action: >-
#     Keep training telemetry out of employment decision pipelines; otherwise give a pre-use
#     notice, offer an opt-out or document meaningful human review, and build access and appeal
#     flows.
#   inputs: [Program]
#   status: in_force_not_yet_applicable
#   applies_from: "2027-01-01"
#   params: []
#   unverified: 11 CCR §7220 (pre-use notice) seen only in a secondary source; §7221 (opt-out) and §7222 (access) not confirmed
#   dpia: {section: rights, risk_scenarios: [function_creep]}
package compliance.rules.us.cppa_admt_significant_decisions

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), gaps[0].field, msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	program.us_notices.cppa_admt.significant_decision_use == true
	evidence := object.union(
		{name: object.get(program, ["us_notices", "cppa_admt", name], null) | some name in ["pre_use_notice", "opt_out", "appeal"]},
		{"human_review": object.get(program, ["automated_decisions", "human_review"], null)},
	)
	gaps := array.concat(
		array.concat(
			[_gap("pre_use_notice", "no pre-use notice", evidence.pre_use_notice) | evidence.pre_use_notice != true],
			[{
				"field": "us_notices.cppa_admt.opt_out",
				"problem": sprintf("no opt-out (opt_out is %s) and no human-review exception (automated_decisions.human_review is %s)", [
					lib.shown(evidence.opt_out),
					lib.shown(evidence.human_review),
				]),
			} |
				evidence.opt_out != true
				evidence.human_review != true
			],
		),
		[_gap("appeal", "no access and appeal", evidence.appeal) | evidence.appeal != true],
	)
	count(gaps) > 0
	msg := sprintf("program %s uses automated decision-making for significant decisions about workers but has %s", [
		program.metadata.id,
		concat("; ", [gap.problem | some gap in gaps]),
	])
}

deny contains lib.finding(lib.program_resource(program), "us_notices.cppa_admt.significant_decision_use", msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	use := object.get(program, ["us_notices", "cppa_admt", "significant_decision_use"], null)
	not is_boolean(use)
	evidence := {"significant_decision_use": use}
	msg := sprintf(
		"program %s does not declare whether its outputs feed significant decisions about workers (us_notices.cppa_admt.significant_decision_use is %s)",
		[program.metadata.id, lib.shown(use)],
	)
}

_gap(name, problem, value) := {
	"field": sprintf("us_notices.cppa_admt.%s", [name]),
	"problem": sprintf("%s (%s is %s)", [problem, name, lib.shown(value)]),
}
