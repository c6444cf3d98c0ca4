package compliance.rules.employment.dataset_purpose_separation_test

import data.compliance.rules.employment.dataset_purpose_separation

_program := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"data_subjects": [{"category": "employee"}],
	"data_categories": [
		{"id": "keys", "type": "keystrokes"},
		{"id": "ocr", "type": "screen_content"},
		{"id": "ratings", "type": "performance"},
		{"id": "ids", "type": "identifiers"},
		{"id": "hr"},
	],
}

_dataset(overrides) := object.union(
	{
		"id": "mci_joined.sessions",
		"program": "mci",
		"data_categories": ["keys", "ocr", "ratings", "ids"],
		"personal_data": true,
		"sensitivity": 4,
	},
	overrides,
)

_findings(programs, datasets) := findings if {
	findings := dataset_purpose_separation.deny with input as {"programs": programs, "datasets": datasets}
}

test_dataset_purpose_separation_fires if {
	_findings([_program], [_dataset({})]) == {{
		"resource": "dataset:mci_joined.sessions",
		"field": "data_categories",
		"msg": "dataset mci_joined.sessions holds monitoring data (keys, ocr) together with people or performance data (ratings) (sensitivity 4)",
		"evidence": {"monitoring": ["keys", "ocr"], "people": ["ratings"]},
	}}
}

test_dataset_purpose_separation_quiet if {
	datasets := [
		_dataset({"id": "telemetry", "data_categories": ["keys", "ocr", "ids"]}),
		_dataset({"id": "people", "data_categories": ["ratings", "ids"]}),
		_dataset({"id": "not_personal", "personal_data": false}),
	]
	count(_findings([_program], datasets)) == 0
}

test_dataset_purpose_separation_missing_field if {
	# "hr" declares no type and "screenshots" is not declared by the program: both count by their id;
	# the dataset has no sensitivity label
	dataset := object.remove(_dataset({"data_categories": ["screenshots", "hr", "hr_records"]}), ["sensitivity"])
	_findings([_program], [dataset]) == {{
		"resource": "dataset:mci_joined.sessions",
		"field": "data_categories",
		"msg": "dataset mci_joined.sessions holds monitoring data (screenshots) together with people or performance data (hr_records) (no sensitivity label)",
		"evidence": {"monitoring": ["screenshots"], "people": ["hr_records"]},
	}}
}

test_dataset_purpose_separation_unknown_program_uses_ids if {
	dataset := _dataset({"program": "other", "data_categories": ["clicks", "performance", "keys"]})
	some f in _findings([_program], [dataset])
	f.evidence == {"monitoring": ["clicks"], "people": ["performance"]}
}

test_dataset_purpose_separation_declared_type_wins_over_id if {
	program := object.union(_program, {"data_categories": [{"id": "performance", "type": "identifiers"}, {"id": "keys", "type": "keystrokes"}]})
	count(_findings([program], [_dataset({"data_categories": ["keys", "performance"]})])) == 0
}

test_dataset_purpose_separation_outside_gdpr_quiet if {
	program := object.union(_program, {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings([program], [_dataset({})])) == 0
}

test_dataset_purpose_separation_without_workers_quiet if {
	program := object.union(_program, {"data_subjects": [{"category": "customer"}]})
	count(_findings([program], [_dataset({})])) == 0
}
