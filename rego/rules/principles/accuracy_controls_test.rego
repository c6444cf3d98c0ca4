package compliance.rules.principles.accuracy_controls_test

import data.compliance.rules.principles.accuracy_controls

_program(overrides) := object.union(
	{
		"metadata": {"id": "hr"},
		"controller": {"establishments": [{"country": "FR"}]},
		"data_categories": [
			{"id": "scores", "type": "performance", "accuracy_controls": ["calibrated quarterly"]},
			{"id": "clicks", "type": "clicks"},
		],
		"purposes": [
			{"id": "review", "category": "performance_evaluation", "data_category_ids": ["scores"]},
			{"id": "train", "category": "ai_training", "data_category_ids": ["clicks"]},
		],
		"automated_decisions": {"outputs_used_for_individual_decisions": false},
	},
	overrides,
)

_findings(program) := findings if {
	findings := accuracy_controls.deny with input as {"programs": [program], "datasets": []}
}

test_accuracy_controls_fires if {
	program := _program({"purposes": [
		{"id": "review", "category": "performance_evaluation", "data_category_ids": ["scores"]},
		{"id": "focus", "category": "productivity", "data_category_ids": ["clicks"]},
	]})
	_findings(program) == {{
		"resource": "data_category:hr/clicks",
		"field": "accuracy_controls",
		"msg": "data category clicks of program hr affects individuals (used by productivity purpose focus) but declares no accuracy_controls",
		"evidence": {"accuracy_controls": null, "reasons": ["used by productivity purpose focus"]},
	}}
}

test_accuracy_controls_fires_on_individual_decisions if {
	program := _program({
		"automated_decisions": {"outputs_used_for_individual_decisions": true},
		"data_categories": [
			{"id": "scores", "type": "performance", "accuracy_controls": []},
			{"id": "clicks", "type": "clicks", "accuracy_controls": ["dedup"]},
		],
	})
	_findings(program) == {{
		"resource": "data_category:hr/scores",
		"field": "accuracy_controls",
		"msg": "data category scores of program hr affects individuals (the program's outputs feed decisions about individuals; used by performance_evaluation purpose review) but declares no accuracy_controls",
		"evidence": {"accuracy_controls": [], "reasons": ["the program's outputs feed decisions about individuals", "used by performance_evaluation purpose review"]},
	}}
}

test_accuracy_controls_quiet if {
	count(_findings(_program({}))) == 0
}

test_accuracy_controls_missing_field if {
	program := _program({
		"data_categories": [{"id": "scores", "type": "performance", "accuracy_controls": null}, {"id": "clicks"}],
		"purposes": [{"id": "review", "category": "performance_evaluation"}],
	})
	{f.resource | some f in _findings(program)} == {"data_category:hr/scores", "data_category:hr/clicks"}
}

test_accuracy_controls_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"automated_decisions": {"outputs_used_for_individual_decisions": true},
	})
	count(_findings(program)) == 0
}
