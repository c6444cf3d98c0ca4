package compliance.rules.italy.art4_agreement_or_authorisation_test

import data.compliance.rules.italy.art4_agreement_or_authorisation

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "US"}]},
		"jurisdictions": {"data_subject_locations": [{"region": "IT", "headcount": 150}]},
		"data_subjects": [{"category": "employee"}],
		"consultation": {"italy_art4": {"union_agreement_ref": "Accordo RSU 2026/3", "inl_authorisation_ref": null}},
		"transparency": {"notice": {"provided": true, "date": "2026-03-01"}},
		"purposes": [{"id": "train", "lawful_basis": "legitimate_interests"}],
	},
	overrides,
)

_findings(program) := findings if {
	findings := art4_agreement_or_authorisation.deny with input as {"programs": [program], "datasets": []}
}

test_art4_fires if {
	program := _program({
		"consultation": {"italy_art4": {"union_agreement_ref": null, "inl_authorisation_ref": " "}},
		"consent": {"used": true},
	})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "consultation.italy_art4",
		"msg": "program mci monitors Italian workers with neither a union agreement nor an INL authorisation (consultation.italy_art4); individual consent, which the program relies on, cannot replace them",
		"evidence": {"union_agreement_ref": null, "inl_authorisation_ref": " "},
	}}
}

test_art4_quiet if {
	count(_findings(_program({}))) == 0
	authorised := _program({"consultation": {"italy_art4": {"union_agreement_ref": null, "inl_authorisation_ref": "INL Milano 2026/118"}}})
	count(_findings(authorised)) == 0
}

test_art4_missing_field if {
	program := object.remove(_program({}), ["consultation", "transparency"])
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "consultation.italy_art4",
			"msg": "program mci monitors Italian workers with neither a union agreement nor an INL authorisation (consultation.italy_art4)",
			"evidence": {"union_agreement_ref": null, "inl_authorisation_ref": null},
		},
		{
			"resource": "program:mci",
			"field": "transparency.notice.provided",
			"msg": "program mci gives Italian workers no information on how the tools are used and controls performed (transparency.notice.provided is null), so nothing collected is usable (Art. 4(3))",
			"evidence": {"provided": null},
		},
	}
}

test_art4_applies_through_italian_establishment if {
	program := _program({
		"controller": {"establishments": [{"country": "IT", "employees": 3}]},
		"jurisdictions": {"data_subject_locations": []},
		"transparency": {"notice": {"provided": false}},
	})
	some f in _findings(program)
	f.field == "transparency.notice.provided"
}

test_art4_outside_it_pack_quiet if {
	program := _program({
		"jurisdictions": {"data_subject_locations": [{"region": "FR"}]},
		"consultation": {"italy_art4": {"union_agreement_ref": null}},
	})
	count(_findings(program)) == 0
}
