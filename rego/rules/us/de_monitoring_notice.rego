# METADATA
# title: Delaware monitoring without daily notice or acknowledged one-time notice
# description: >-
#   19 Del. C. §705 bars monitoring a Delaware employee's telephone, email or internet access or
#   usage unless the employer shows an electronic notice each day the employee uses the
#   employer's email or internet, or has given a one-time written or electronic notice that the
#   employee acknowledged.
# related_resources:
#   - ref: https://delcode.delaware.gov/title19/c007/index.html
# custom:
#   id: US-DE-001
#   severity: medium
#   legal: ["19 Del. C. §705(b)"]
#   recommended_action: >-
#     Collect an acknowledgment of the monitoring notice at onboarding, or show a daily login
#     banner on employer devices.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transparency, risk_scenarios: [loss_of_control]}
package compliance.rules.us.de_monitoring_notice

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "us_notices.de_705", msg, evidence) if {
	some program in input.programs
	reason := lib.us_pack_reason(program, "US-DE")
	evidence := {name: value |
		some name in ["daily_notice", "one_time_ack"]
		value := object.get(program, ["us_notices", "de_705", name], null)
	}
	evidence.daily_notice != true
	evidence.one_time_ack != true
	msg := sprintf(
		"program %s: %s, but there is neither a daily electronic notice nor an acknowledged one-time notice under 19 Del. C. §705 (daily_notice is %s, one_time_ack is %s)",
		[program.metadata.id, reason, lib.shown(evidence.daily_notice), lib.shown(evidence.one_time_ack)],
	)
}
