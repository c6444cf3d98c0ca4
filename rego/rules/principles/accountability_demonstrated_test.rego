package compliance.rules.principles.accountability_demonstrated_test

import data.compliance.rules.principles.accountability_demonstrated

# Two WP248 criteria (C3 systematic monitoring, C7 employees): a DPIA is required.
_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"status": "live", "technologies": ["screenshot"]},
		"controller": {"establishments": [{"country": "IE"}]},
		"data_subjects": [{"category": "employee", "count": 40}],
		"purposes": [{"id": "eval", "lawful_basis": "legitimate_interests", "lia": {"completed": true}}],
		"records": {"ropa_entry_id": "ROPA-1"},
		"dpia": {"performed": true},
		"governance": {"privacy_review": {"completed": true, "findings": 14, "findings_open": 0}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := accountability_demonstrated.deny with input as {"programs": [program], "datasets": []}
}

test_accountability_fires if {
	program := _program({
		"records": {"ropa_entry_id": ""},
		"dpia": {"performed": false},
		"purposes": [{"id": "eval", "lawful_basis": "legitimate_interests", "lia": {"completed": false}}],
		"governance": {"privacy_review": {"findings_open": 9}},
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "records.ropa_entry_id",
			"msg": `program mci has no record of processing (records.ropa_entry_id is "")`,
			"evidence": {"ropa_entry_id": ""},
		},
		{
			"resource": "program:mci",
			"field": "dpia.performed",
			"msg": "program mci requires a DPIA but none is documented (dpia.performed is false)",
			"evidence": {"performed": false},
		},
		{
			"resource": "purpose:mci/eval",
			"field": "lia.completed",
			"msg": "purpose eval of program mci relies on legitimate interests without a completed LIA (lia.completed is false)",
			"evidence": {"completed": false},
		},
		{
			"resource": "program:mci",
			"field": "governance.privacy_review.findings_open",
			"msg": "program mci is live with 9 of 14 privacy review findings still open",
			"evidence": {"status": "live", "findings_open": 9},
		},
	}
}

test_accountability_quiet if {
	count(_findings(_program({}))) == 0
}

test_accountability_quiet_open_findings_while_planned if {
	program := _program({"program": {"status": "planned"}, "governance": {"privacy_review": {"findings_open": 3}}})
	count(_findings(program)) == 0
}

test_accountability_quiet_no_dpia_when_not_required if {
	program := _program({"program": {"technologies": ["clicks"]}, "dpia": {"performed": false}})
	count(_findings(program)) == 0
}

test_accountability_missing_field if {
	program := object.remove(_program({"purposes": [{"id": "eval", "lawful_basis": "legitimate_interests"}]}), ["records", "dpia", "governance"])
	{[f.resource, f.field, f.evidence] | some f in _findings(program)} == {
		["program:mci", "records.ropa_entry_id", {"ropa_entry_id": null}],
		["program:mci", "dpia.performed", {"performed": null}],
		["purpose:mci/eval", "lia.completed", {"completed": null}],
		["program:mci", "governance.privacy_review", {"status": "live", "findings_open": null}],
	}
}

test_accountability_missing_findings_open if {
	program := _program({"program": {"status": "pilot"}, "governance": {"privacy_review": {"completed": true, "findings_open": null}}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "governance.privacy_review.findings_open",
		"msg": "program mci is pilot without saying how many privacy review findings are open",
		"evidence": {"status": "pilot", "findings_open": null},
	}}
}

test_accountability_params_override if {
	# 600 employees and one criterion short of two: C5 (large scale) only at a lower threshold.
	program := _program({
		"program": {"technologies": ["clicks"]},
		"data_subjects": [{"category": "customer", "count": 600}, {"category": "employee", "count": 0}],
		"dpia": {"performed": false},
	})
	count(_findings(program)) == 0
	findings := accountability_demonstrated.deny with input as {"programs": [program], "datasets": []}
		with data.compliance.params as {"large_scale_min_subjects": 500}
	{f.field | some f in findings} == {"dpia.performed"}
}

test_accountability_outside_gdpr_quiet if {
	program := object.remove(_program({"controller": {"establishments": [{"country": "US"}]}}), ["records"])
	count(_findings(program)) == 0
}
