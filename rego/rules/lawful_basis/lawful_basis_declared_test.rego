package compliance.rules.lawful_basis.lawful_basis_declared_test

import data.compliance.rules.lawful_basis.lawful_basis_declared

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"purposes": [
			{"id": "train", "category": "ai_training", "lawful_basis": "legitimate_interests"},
			{"id": "tax", "category": "compliance", "lawful_basis": "legal_obligation", "legal_obligation_ref": "AO §147"},
		],
	},
	overrides,
)

_findings(program) := findings if {
	findings := lawful_basis_declared.deny with input as {"programs": [program], "datasets": []}
}

test_lawful_basis_fires if {
	program := _program({"purposes": [
		{"id": "train", "lawful_basis": "legitimate_interests"},
		{"id": "rank", "lawful_basis": "legitimate_interest"},
	]})
	_findings(program) == {{
		"resource": "purpose:mci/rank",
		"field": "lawful_basis",
		"msg": `purpose rank of program mci has lawful_basis "legitimate_interest", which is not an Art. 6(1) basis (one of consent, contract, legal_obligation, legitimate_interests, public_task, vital_interests)`,
		"evidence": {"lawful_basis": "legitimate_interest"},
	}}
}

test_lawful_basis_quiet if {
	count(_findings(_program({}))) == 0
}

test_lawful_basis_missing_field if {
	program := _program({"purposes": [
		{"id": "train", "category": "ai_training"},
		{"id": "review", "lawful_basis": null},
	]})
	_findings(program) == {
		{
			"resource": "purpose:mci/train",
			"field": "lawful_basis",
			"msg": "purpose train of program mci declares no lawful basis (lawful_basis is missing or null)",
			"evidence": {"lawful_basis": null},
		},
		{
			"resource": "purpose:mci/review",
			"field": "lawful_basis",
			"msg": "purpose review of program mci declares no lawful basis (lawful_basis is missing or null)",
			"evidence": {"lawful_basis": null},
		},
	}
}

test_lawful_basis_missing_purpose_id_reported_on_program if {
	program := _program({"purposes": [{"id": "train", "lawful_basis": "consent"}, {"category": "security"}]})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "purposes.1.lawful_basis",
		"msg": "purpose #1 of program mci declares no lawful basis (lawful_basis is missing or null)",
		"evidence": {"lawful_basis": null},
	}}
}

test_lawful_basis_legal_obligation_without_ref_fires if {
	program := _program({"purposes": [
		{"id": "tax", "lawful_basis": "legal_obligation"},
		{"id": "audit", "lawful_basis": "legal_obligation", "legal_obligation_ref": " "},
	]})
	_findings(program) == {
		{
			"resource": "purpose:mci/tax",
			"field": "legal_obligation_ref",
			"msg": "purpose tax of program mci rests on a legal obligation but cites none (legal_obligation_ref is missing)",
			"evidence": {"lawful_basis": "legal_obligation", "legal_obligation_ref": null},
		},
		{
			"resource": "purpose:mci/audit",
			"field": "legal_obligation_ref",
			"msg": `purpose audit of program mci rests on a legal obligation but cites none (legal_obligation_ref is " ")`,
			"evidence": {"lawful_basis": "legal_obligation", "legal_obligation_ref": " "},
		},
	}
}

test_lawful_basis_no_purposes_fires if {
	_findings(object.remove(_program({}), ["purposes"])) == {{
		"resource": "program:mci",
		"field": "purposes",
		"msg": "program mci declares no purposes, so none of its processing has an Art. 6(1) lawful basis",
		"evidence": {"purposes": null},
	}}
}

test_lawful_basis_empty_purposes_fires if {
	findings := _findings(_program({"purposes": []}))
	count(findings) == 1
	some f in findings
	f.field == "purposes"
	f.evidence == {"purposes": []}
}

test_lawful_basis_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}]},
		"purposes": [{"id": "train"}],
	})
	count(_findings(program)) == 0
}

test_lawful_basis_applies_through_eu_subjects if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"jurisdictions": {"data_subject_locations": [{"region": "FR"}]},
		"purposes": [{"id": "train"}],
	})
	count(_findings(program)) == 1
}
