package compliance.rules.special_categories.art9_condition_declared_test

import data.compliance.rules.special_categories.art9_condition_declared

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"technologies": ["clicks"]},
		"controller": {"establishments": [{"country": "DE"}]},
		"data_categories": [
			{"id": "sick_notes", "type": "health", "special_category": true},
			{"id": "screens", "type": "screenshots", "incidental_special_category_likely": false},
			{"id": "clicks", "type": "clicks"},
		],
		"purposes": [
			{"id": "absence", "data_category_ids": ["sick_notes"], "art9_condition": "employment_law"},
			{"id": "train", "data_category_ids": ["screens", "clicks"], "art9_condition": "none"},
		],
	},
	overrides,
)

_findings(program) := findings if {
	findings := art9_condition_declared.deny with input as {"programs": [program], "datasets": []}
}

test_art9_condition_fires if {
	program := _program({"purposes": [
		{"id": "absence", "data_category_ids": ["sick_notes", "clicks"], "art9_condition": "none"},
		{"id": "train", "data_category_ids": ["clicks"], "art9_condition": "none"},
	]})
	_findings(program) == {{
		"resource": "purpose:mci/absence",
		"field": "art9_condition",
		"msg": `purpose absence of program mci uses special-category data (sick_notes: special category) without an Art. 9(2) condition (art9_condition is "none")`,
		"evidence": {"art9_condition": "none", "data_categories": ["sick_notes: special category"]},
	}}
}

test_art9_condition_fires_on_incidental_capture if {
	program := _program({"program": {"technologies": ["screenshot", "screen_recording", "clicks"]}})
	_findings(program) == {{
		"resource": "purpose:mci/train",
		"field": "art9_condition",
		"msg": `purpose train of program mci uses special-category data (screens: incidental, captured by screen_recording, screenshot) without an Art. 9(2) condition (art9_condition is "none")`,
		"evidence": {"art9_condition": "none", "data_categories": ["screens: incidental, captured by screen_recording, screenshot"]},
	}}
}

test_art9_condition_fires_on_declared_incidental if {
	program := _program({"data_categories": [{"id": "screens", "type": "screenshots", "incidental_special_category_likely": true}]})
	{f.resource | some f in _findings(program)} == {"purpose:mci/train"}
}

test_art9_condition_quiet if {
	count(_findings(_program({}))) == 0
}

test_art9_condition_missing_field if {
	program := _program({"purposes": [{"id": "absence"}]})
	_findings(program) == {{
		"resource": "purpose:mci/absence",
		"field": "art9_condition",
		"msg": "purpose absence of program mci uses special-category data (sick_notes: special category) without an Art. 9(2) condition (art9_condition is missing)",
		"evidence": {"art9_condition": null, "data_categories": ["sick_notes: special category"]},
	}}
}

test_art9_condition_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"purposes": [{"id": "absence", "art9_condition": "none"}],
	})
	count(_findings(program)) == 0
}
