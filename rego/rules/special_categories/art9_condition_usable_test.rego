package compliance.rules.special_categories.art9_condition_usable_test

import data.compliance.rules.special_categories.art9_condition_usable

_program(overrides) := object.union(
	{
		"metadata": {"id": "hr"},
		"controller": {"establishments": [{"country": "DE"}]},
		"data_subjects": [{"category": "employee", "count": 300}],
		"consent": {"used": true, "refusal_without_detriment": true},
		"purposes": [
			{"id": "wellbeing", "art9_condition": "explicit_consent"},
			{"id": "absence", "art9_condition": "employment_law", "art9_legal_ref": "BDSG §26(3); EntgFG §5"},
		],
	},
	overrides,
)

_findings(program) := findings if {
	findings := art9_condition_usable.deny with input as {"programs": [program], "datasets": []}
}

test_art9_usable_fires if {
	program := _program({
		"consent": {"refusal_without_detriment": false},
		"purposes": [
			{"id": "wellbeing", "art9_condition": "explicit_consent"},
			{"id": "absence", "art9_condition": "employment_law", "art9_legal_ref": " "},
		],
	})
	_findings(program) == {
		{
			"resource": "purpose:hr/wellbeing",
			"field": "art9_condition",
			"msg": "purpose wellbeing of program hr relies on employees' explicit consent for special-category data, but refusing is not shown to be free of detriment (consent.refusal_without_detriment is false)",
			"evidence": {"art9_condition": "explicit_consent", "refusal_without_detriment": false},
		},
		{
			"resource": "purpose:hr/absence",
			"field": "art9_legal_ref",
			"msg": `purpose absence of program hr relies on the employment-law condition of Art. 9(2)(b) but cites no law or collective agreement (art9_legal_ref is " ")`,
			"evidence": {"art9_condition": "employment_law", "art9_legal_ref": " "},
		},
	}
}

test_art9_usable_quiet if {
	count(_findings(_program({}))) == 0
}

test_art9_usable_quiet_consent_of_customers if {
	program := _program({"data_subjects": [{"category": "customer"}], "consent": {"refusal_without_detriment": false}})
	count(_findings(program)) == 0
}

test_art9_usable_missing_field if {
	program := object.remove(_program({"purposes": [
		{"id": "wellbeing", "art9_condition": "explicit_consent"},
		{"id": "absence", "art9_condition": "employment_law"},
	]}), ["consent"])
	{[f.resource, f.evidence] | some f in _findings(program)} == {
		["purpose:hr/wellbeing", {"art9_condition": "explicit_consent", "refusal_without_detriment": null}],
		["purpose:hr/absence", {"art9_condition": "employment_law", "art9_legal_ref": null}],
	}
}

test_art9_usable_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "consent": {"refusal_without_detriment": false}})
	count(_findings(program)) == 0
}
