package compliance.rules.security.training_data_pseudonymised_test

import data.compliance.rules.security.training_data_pseudonymised

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"data_categories": [
			{"id": "keystrokes", "pseudonymised": true},
			{"id": "badges", "pseudonymised": false},
		],
		"purposes": [
			{"id": "train", "category": "ai_training", "data_category_ids": ["keystrokes"]},
			{"id": "doors", "category": "security", "data_category_ids": ["badges"]},
		],
		"storage": {"pseudonymisation": {"applied": true, "key_held_separately": true}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := training_data_pseudonymised.deny with input as {"programs": [program], "datasets": []}
}

test_training_pseudonymised_fires if {
	program := _program({
		"data_categories": [{"id": "keystrokes", "pseudonymised": false}, {"id": "badges", "pseudonymised": false}],
		"purposes": [
			{"id": "train", "category": "ai_training", "data_category_ids": ["keystrokes"]},
			{"id": "eval", "category": "ai_training", "data_category_ids": ["keystrokes", "unknown"]},
			{"id": "doors", "category": "security", "data_category_ids": ["badges"]},
		],
		"storage": {"pseudonymisation": {"applied": true, "key_held_separately": false}},
	})
	_findings(program) == {
		{
			"resource": "data_category:mci/keystrokes",
			"field": "pseudonymised",
			"msg": "data category keystrokes of program mci is used for AI training (purposes eval, train) but is not pseudonymised (pseudonymised is false)",
			"evidence": {"pseudonymised": false},
		},
		{
			"resource": "program:mci",
			"field": "storage.pseudonymisation.key_held_separately",
			"msg": "program mci has a training corpus (data categories keystrokes, unknown, used by an ai_training purpose) but keeps the re-identification keys with the data (storage.pseudonymisation.key_held_separately is false)",
			"evidence": {"key_held_separately": false},
		},
	}
}

test_training_pseudonymised_quiet if {
	count(_findings(_program({}))) == 0
}

test_training_pseudonymised_quiet_without_training if {
	program := _program({
		"purposes": [{"id": "doors", "category": "security", "data_category_ids": ["keystrokes", "badges"]}],
		"storage": {"pseudonymisation": {"applied": false}},
	})
	count(_findings(program)) == 0
}

test_training_pseudonymised_missing_field if {
	program := object.union(object.remove(_program({}), ["storage", "data_categories"]), {"data_categories": [{"id": "keystrokes"}]})
	_findings(program) == {
		{
			"resource": "data_category:mci/keystrokes",
			"field": "pseudonymised",
			"msg": "data category keystrokes of program mci is used for AI training (purposes train) but is not pseudonymised (pseudonymised is missing)",
			"evidence": {"pseudonymised": null},
		},
		{
			"resource": "program:mci",
			"field": "storage.pseudonymisation.applied",
			"msg": "program mci has a training corpus (data categories keystrokes, used by an ai_training purpose) but applies no pseudonymisation to stored data (storage.pseudonymisation.applied is missing)",
			"evidence": {"applied": null},
		},
	}
}

test_training_pseudonymised_not_applied_reported_once if {
	program := _program({"storage": {"pseudonymisation": {"applied": false, "key_held_separately": false}}})
	findings := _findings(program)
	count(findings) == 1
	some f in findings
	f.field == "storage.pseudonymisation.applied"
}

# ai.training_use without an ai_training purpose: no training corpus, nothing to pseudonymise.
test_training_pseudonymised_training_use_flag_alone_quiet if {
	program := _program({
		"purposes": [{"id": "doors", "category": "security", "data_category_ids": ["badges"]}],
		"ai": {"training_use": true},
		"storage": {"pseudonymisation": {"applied": false, "key_held_separately": false}},
	})
	count(_findings(program)) == 0
}

test_training_pseudonymised_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"storage": {"pseudonymisation": {"applied": false}},
	})
	count(_findings(program)) == 0
}
