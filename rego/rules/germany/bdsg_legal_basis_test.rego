package compliance.rules.germany.bdsg_legal_basis_test

import data.compliance.rules.germany.bdsg_legal_basis

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE", "has_works_council": true, "employees": 650}]},
		"data_subjects": [{"category": "employee"}],
		"purposes": [
			{"id": "train", "lawful_basis": "legitimate_interests"},
			{"id": "payroll", "lawful_basis": "legal_obligation", "legal_obligation_ref": "EStG §41"},
		],
		"consent": {"used": false},
	},
	overrides,
)

_findings(program) := findings if {
	findings := bdsg_legal_basis.deny with input as {"programs": [program], "datasets": []}
}

test_bdsg_legal_basis_fires if {
	program := _program({"purposes": [
		{"id": "train", "lawful_basis": "legal_obligation", "legal_obligation_ref": "§ 26 Abs. 1 BDSG"},
		{"id": "payroll", "lawful_basis": "legal_obligation", "legal_obligation_ref": "BDSG §26(3)"},
	]})
	_findings(program) == {{
		"resource": "purpose:mci/train",
		"field": "legal_obligation_ref",
		"msg": `purpose train of program mci rests on "§ 26 Abs. 1 BDSG", which courts may disapply after CJEU C-34/21: rely on GDPR Art. 6(1) directly`,
		"evidence": {"legal_obligation_ref": "§ 26 Abs. 1 BDSG"},
	}}
}

test_bdsg_legal_basis_consent_fires if {
	program := _program({"consent": {"used": true, "form": "other", "refusal_without_detriment": false}})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "consent.form",
			"msg": `program mci relies on the consent of German staff but its form is "other", not written or electronic (BDSG §26(2))`,
			"evidence": {"form": "other", "refusal_without_detriment": false},
		},
		{
			"resource": "program:mci",
			"field": "consent.refusal_without_detriment",
			"msg": "program mci relies on the consent of German staff but refusing it is not shown to be free of detriment (consent.refusal_without_detriment is not true) (BDSG §26(2))",
			"evidence": {"form": "other", "refusal_without_detriment": false},
		},
	}
}

test_bdsg_legal_basis_quiet if {
	count(_findings(_program({}))) == 0
	program := _program({"consent": {"used": true, "form": "electronic", "refusal_without_detriment": true}})
	count(_findings(program)) == 0
}

test_bdsg_legal_basis_missing_field if {
	# consent used by a purpose, no consent block at all
	program := object.remove(_program({"purposes": [{"id": "train", "lawful_basis": "consent"}]}), ["consent"])
	findings := _findings(program)
	{f.field | some f in findings} == {"consent.form", "consent.refusal_without_detriment"}
	some f in findings
	f.field == "consent.form"
	f.msg == "program mci relies on the consent of German staff but its form is missing, not written or electronic (BDSG §26(2))"
	f.evidence == {"form": null, "refusal_without_detriment": null}
}

test_bdsg_legal_basis_outside_de_pack_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "FR", "employees": 650}]},
		"purposes": [{"id": "train", "lawful_basis": "legal_obligation", "legal_obligation_ref": "BDSG §26(1)"}],
		"consent": {"used": true},
	})
	count(_findings(program)) == 0
}
