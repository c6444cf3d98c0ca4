package compliance.rules.employment.secondary_use_enforcement_test

import data.compliance.rules.employment.secondary_use_enforcement

_program(purposes) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"data_subjects": [{"category": "employee"}],
	"purposes": purposes,
}

_findings(program) := findings if {
	findings := secondary_use_enforcement.deny with input as {"programs": [program], "datasets": []}
}

test_secondary_use_enforcement_fires if {
	program := _program([
		{
			"id": "agent_training",
			"category": "ai_training",
			"prohibited_secondary_uses": ["performance_evaluation", "discipline"],
			"secondary_use_enforcement": ["contract_clause", "access_control"],
		},
		{"id": "security", "category": "security"},
	])
	_findings(program) == {{
		"resource": "purpose:mci/agent_training",
		"field": "secondary_use_enforcement",
		"msg": "purpose agent_training of program mci rules out performance_evaluation, discipline but does not enforce it technically (secondary_use_enforcement lacks separate_store)",
		"evidence": {
			"prohibited_secondary_uses": ["performance_evaluation", "discipline"],
			"secondary_use_enforcement": ["contract_clause", "access_control"],
		},
	}}
}

test_secondary_use_enforcement_quiet if {
	program := _program([
		{
			"id": "agent_training",
			"category": "ai_training",
			"prohibited_secondary_uses": ["performance_evaluation"],
			"secondary_use_enforcement": ["access_control", "separate_store"],
		},
		{"id": "security", "category": "security", "prohibited_secondary_uses": []},
	])
	count(_findings(program)) == 0
}

test_secondary_use_enforcement_missing_field if {
	program := _program([{"id": "train", "category": "ai_training"}])
	_findings(program) == {{
		"resource": "purpose:mci/train",
		"field": "secondary_use_enforcement",
		"msg": "purpose train of program mci trains AI on workers' data, declares no prohibited secondary uses but does not enforce it technically (secondary_use_enforcement lacks access_control, separate_store)",
		"evidence": {"prohibited_secondary_uses": null, "secondary_use_enforcement": null},
	}}
}

test_secondary_use_enforcement_non_training_purpose_with_ban if {
	program := _program([{"category": "security", "prohibited_secondary_uses": ["termination"], "secondary_use_enforcement": []}])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "purposes.0.secondary_use_enforcement",
		"msg": "purpose #0 of program mci rules out termination but does not enforce it technically (secondary_use_enforcement lacks access_control, separate_store)",
		"evidence": {"prohibited_secondary_uses": ["termination"], "secondary_use_enforcement": []},
	}}
}

test_secondary_use_enforcement_outside_gdpr_quiet if {
	program := object.union(_program([{"id": "train", "category": "ai_training"}]), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
