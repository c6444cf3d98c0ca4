package compliance.rules.ai_act.deployer_oversight_and_logs_test

import data.compliance.rules.ai_act.deployer_oversight_and_logs

_program(ai) := {
	"metadata": {"id": "rank"},
	"ai": object.union(
		{
			"ai_act_role": "deployer",
			"intended_purpose_tags": ["task_allocation"],
			"human_oversight_assignee": "ops-lead@example.com",
			"log_retention_days": 183,
		},
		ai,
	),
}

_findings(program) := findings if {
	findings := deployer_oversight_and_logs.deny with input as {"programs": [program], "datasets": []}
}

_reason := "ai.intended_purpose_tags include task_allocation (AI Act Annex III point 4)"

test_deployer_duties_fires if {
	_findings(_program({"human_oversight_assignee": " ", "log_retention_days": 180})) == {
		{
			"resource": "program:rank",
			"field": "ai.human_oversight_assignee",
			"msg": sprintf(`program rank deploys a high-risk AI system (%s) but assigns no one to oversee it (ai.human_oversight_assignee is " ")`, [_reason]),
			"evidence": {"human_oversight_assignee": " "},
		},
		{
			"resource": "program:rank",
			"field": "ai.log_retention_days",
			"msg": sprintf("program rank deploys a high-risk AI system (%s) but keeps its logs for less than six months (ai.log_retention_days is 180, at least 183 needed)", [_reason]),
			"evidence": {"log_retention_days": 180},
		},
	}
}

test_deployer_duties_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"ai_act_role": "provider", "log_retention_days": 0}))) == 0
	count(_findings(_program({"intended_purpose_tags": [], "log_retention_days": 0}))) == 0
}

test_deployer_duties_missing_field if {
	program := json.patch(_program({}), [
		{"op": "remove", "path": "/ai/human_oversight_assignee"},
		{"op": "remove", "path": "/ai/log_retention_days"},
	])
	{[f.field, f.evidence] | some f in _findings(program)} == {
		["ai.human_oversight_assignee", {"human_oversight_assignee": null}],
		["ai.log_retention_days", {"log_retention_days": null}],
	}
}

test_deployer_duties_outside_ai_act_quiet if {
	count(_findings(_program({"ai_act_role": "none", "human_oversight_assignee": null}))) == 0
}
