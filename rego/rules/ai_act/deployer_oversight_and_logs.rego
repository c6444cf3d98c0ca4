# METADATA
# title: High-risk AI deployed without a human overseer or six months of logs
# description: >-
#   AI Act Art. 26: deployers of a high-risk AI system assign human oversight to competent people
#   (26(2)) and keep the logs the system generates for at least six months (26(6)), besides using
#   it per the instructions (26(1)) and monitoring it (26(5)). The Art. 26 deployer duties apply
#   from 2 Dec 2027 (Regulation (EU) 2026/1744). AI literacy (Art. 4), which shared this id until
#   2026-12, is EU-AIA-006.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
# custom:
#   id: EU-AIA-005
#   severity: medium
#   legal: ["AI Act Art. 26(1)", "AI Act Art. 26(2)", "AI Act Art. 26(5)", "AI Act Art. 26(6)", "AI Act Art. 99(4)"]
#   recommended_action: >-
#     Name the people who oversee the system and keep its logs for at least six months (183 days).
#   inputs: [Program]
#   status: in_force_not_yet_applicable
#   applies_from: "2027-12-02"
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.ai_act.deployer_oversight_and_logs

import data.compliance.lib

_min_log_days := 183

deny contains lib.finding(lib.program_resource(program), "ai.human_oversight_assignee", msg, {"human_oversight_assignee": assignee}) if {
	some program in input.programs
	reason := _high_risk_deployer(program)
	assignee := object.get(program, ["ai", "human_oversight_assignee"], null)
	not _non_empty_string(assignee)
	msg := sprintf("program %s deploys a high-risk AI system (%s) but assigns no one to oversee it (ai.human_oversight_assignee is %s)", [
		program.metadata.id, reason, lib.shown(assignee),
	])
}

deny contains lib.finding(lib.program_resource(program), "ai.log_retention_days", msg, {"log_retention_days": days}) if {
	some program in input.programs
	reason := _high_risk_deployer(program)
	days := object.get(program, ["ai", "log_retention_days"], null)
	not _keeps_logs(days)
	msg := sprintf("program %s deploys a high-risk AI system (%s) but keeps its logs for less than six months (ai.log_retention_days is %s, at least %d needed)", [
		program.metadata.id, reason, lib.shown(days), _min_log_days,
	])
}

_high_risk_deployer(program) := lib.aia_high_risk_reason(program) if {
	lib.us_pack_reason(program, "EU-AIA")
	program.ai.ai_act_role in {"deployer", "both"}
}

_keeps_logs(days) if {
	is_number(days)
	days >= _min_log_days
}

_non_empty_string(value) if {
	is_string(value)
	trim_space(value) != ""
}
