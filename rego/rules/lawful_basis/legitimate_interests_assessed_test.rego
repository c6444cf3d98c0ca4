package compliance.rules.lawful_basis.legitimate_interests_assessed_test

import data.compliance.rules.lawful_basis.legitimate_interests_assessed

_lia := {
	"completed": true,
	"date": "2026-03-01",
	"interest": "Build agents that automate internal workflows",
	"necessity": "Interaction sequences cannot be synthesised at the needed fidelity",
	"balancing": "Pseudonymised, allowlisted apps only, opt-out at any time",
	"reasonable_expectations": "Staff were told in advance and can opt out",
	"mitigations": ["opt-out", "on-device redaction"],
}

_program(purposes) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"purposes": purposes,
}

_findings(purposes) := findings if {
	findings := legitimate_interests_assessed.deny with input as {"programs": [_program(purposes)], "datasets": []}
}

test_lia_fires if {
	lia := object.union(_lia, {"balancing": " ", "mitigations": []})
	_findings([{"id": "eval", "lawful_basis": "legitimate_interests", "lia": lia}]) == {{
		"resource": "purpose:mci/eval",
		"field": "lia.balancing",
		"msg": "purpose eval of program mci relies on legitimate interests but its LIA has no balancing, lists no mitigations",
		"evidence": {"completed": true, "gaps": ["has no balancing", "lists no mitigations"]},
	}}
}

test_lia_not_completed_fires if {
	lia := {"completed": false, "interest": "Measure agent quality", "mitigations": []}
	_findings([{"id": "eval", "lawful_basis": "legitimate_interests", "lia": lia}]) == {{
		"resource": "purpose:mci/eval",
		"field": "lia.completed",
		"msg": "purpose eval of program mci relies on legitimate interests but its LIA is not completed (lia.completed is false), has no necessity, has no balancing, has no reasonable_expectations, lists no mitigations",
		"evidence": {"completed": false, "gaps": [
			"is not completed (lia.completed is false)",
			"has no necessity",
			"has no balancing",
			"has no reasonable_expectations",
			"lists no mitigations",
		]},
	}}
}

test_lia_quiet if {
	purposes := [
		{"id": "eval", "lawful_basis": "legitimate_interests", "lia": _lia},
		{"id": "reuse", "lawful_basis": "consent"},
	]
	count(_findings(purposes)) == 0
}

test_lia_missing_field if {
	findings := _findings([{"id": "eval", "lawful_basis": "legitimate_interests"}])
	count(findings) == 1
	some f in findings
	f.field == "lia"
	f.evidence.completed == null
	f.msg == "purpose eval of program mci relies on legitimate interests but its LIA is not completed (lia.completed is missing), has no interest, has no necessity, has no balancing, has no reasonable_expectations, lists no mitigations"
}

test_lia_outside_gdpr_quiet if {
	program := object.union(_program([{"id": "eval", "lawful_basis": "legitimate_interests"}]), {"controller": {"establishments": [{"country": "US"}]}})
	count(legitimate_interests_assessed.deny) == 0 with input as {"programs": [program], "datasets": []}
}
