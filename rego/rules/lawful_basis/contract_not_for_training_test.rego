package compliance.rules.lawful_basis.contract_not_for_training_test

import data.compliance.rules.lawful_basis.contract_not_for_training

_program(purposes) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"purposes": purposes,
}

_findings(purposes) := findings if {
	findings := contract_not_for_training.deny with input as {"programs": [_program(purposes)], "datasets": []}
}

test_contract_for_training_fires if {
	purposes := [
		{"id": "train", "category": "ai_training", "lawful_basis": "contract"},
		{"id": "focus", "category": "productivity", "lawful_basis": "contract"},
		{"id": "payroll", "category": "compliance", "lawful_basis": "contract"},
	]
	findings := _findings(purposes)
	count(findings) == 2
	{
		"resource": "purpose:mci/train",
		"field": "lawful_basis",
		"msg": "purpose train of program mci relies on contract necessity (Art. 6(1)(b)) for ai_training, which no employment contract objectively requires",
		"evidence": {"lawful_basis": "contract", "category": "ai_training"},
	} in findings
}

test_contract_for_training_quiet if {
	purposes := [
		{"id": "train", "category": "ai_training", "lawful_basis": "legitimate_interests"},
		{"id": "payroll", "category": "other", "lawful_basis": "contract"},
	]
	count(_findings(purposes)) == 0
}

test_contract_for_training_missing_field if {
	_findings([{"id": "x", "lawful_basis": "contract"}]) == {{
		"resource": "purpose:mci/x",
		"field": "lawful_basis",
		"msg": "purpose x of program mci relies on contract necessity (Art. 6(1)(b)) but declares no category, so whether the contract requires it cannot be checked",
		"evidence": {"lawful_basis": "contract", "category": null},
	}}
}

test_contract_for_training_outside_gdpr_quiet if {
	program := object.union(_program([{"id": "train", "category": "ai_training", "lawful_basis": "contract"}]), {"controller": {"establishments": [{"country": "US"}]}})
	count(contract_not_for_training.deny) == 0 with input as {"programs": [program], "datasets": []}
}
