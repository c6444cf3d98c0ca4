package compliance.rules.rights.objection_right_test

import data.compliance.rules.rights.objection_right

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"purposes": [{"id": "eval", "lawful_basis": "legitimate_interests"}, {"id": "reuse", "lawful_basis": "consent"}],
		"rights": {
			"objection": {"mechanism": "Self-service toggle in the agent tray", "response_days": 14, "compelling_grounds_log": true},
			"opt_out": {"available_at_launch": true, "scope": "full"},
		},
		"transparency": {"objection_notice_separate": true},
	},
	overrides,
)

_findings(program) := findings if {
	findings := objection_right.deny with input as {"programs": [program], "datasets": []}
}

test_objection_right_fires if {
	program := _program({
		"rights": {"objection": {"response_days": 45, "compelling_grounds_log": false}, "opt_out": {"available_at_launch": false}},
		"transparency": {"objection_notice_separate": false},
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "rights.objection.response_days",
			"msg": "program mci relies on legitimate_interests but the right to object does not work: rights.objection.response_days is 45; rights.objection.compelling_grounds_log is false",
			"evidence": {"rights.objection.response_days": 45, "rights.objection.compelling_grounds_log": false},
		},
		{
			"resource": "program:mci",
			"field": "transparency.objection_notice_separate",
			"msg": "program mci does not bring the right to object to attention separately from other information (transparency.objection_notice_separate is false)",
			"evidence": {"objection_notice_separate": false},
		},
		{
			"resource": "program:mci",
			"field": "rights.opt_out.available_at_launch",
			"msg": "program mci offered no opt-out at launch (rights.opt_out.available_at_launch is false)",
			"evidence": {"available_at_launch": false},
			"severity": "medium",
		},
	}
}

test_objection_right_quiet if {
	count(_findings(_program({}))) == 0
}

test_objection_right_quiet_without_legitimate_interests if {
	program := object.remove(_program({"purposes": [{"id": "reuse", "lawful_basis": "consent"}]}), ["rights", "transparency"])
	count(_findings(program)) == 0
}

test_objection_right_missing_field if {
	program := object.remove(_program({"purposes": [{"id": "task", "lawful_basis": "public_task"}]}), ["rights", "transparency"])
	{[f.field, f.evidence] | some f in _findings(program)} == {
		["rights.objection.mechanism", {
			"rights.objection.mechanism": null,
			"rights.objection.response_days": null,
			"rights.objection.compelling_grounds_log": null,
		}],
		["transparency.objection_notice_separate", {"objection_notice_separate": null}],
		["rights.opt_out.available_at_launch", {"available_at_launch": null}],
	}
	some f in _findings(program)
	f.field == "rights.objection.mechanism"
	f.msg == "program mci relies on public_task but the right to object does not work: rights.objection.mechanism is missing; rights.objection.response_days is missing; rights.objection.compelling_grounds_log is missing"
}

test_objection_right_outside_gdpr_quiet if {
	program := object.remove(_program({"controller": {"establishments": [{"country": "US"}]}}), ["rights"])
	count(_findings(program)) == 0
}
