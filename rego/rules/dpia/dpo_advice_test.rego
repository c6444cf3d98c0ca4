package compliance.rules.dpia.dpo_advice_test

import data.compliance.rules.dpia.dpo_advice

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}]},
		"dpo": {"designated": true},
		"dpia": {"performed": true, "dpo_advice": {"given": true, "followed": true}},
	},
	overrides,
)

# Screening requires a DPIA: C3 systematic monitoring and C7 workers.
_monitoring := {
	"program": {"technologies": ["keystroke_events"]},
	"data_subjects": [{"category": "employee", "count": 40}],
}

_findings(program) := findings if {
	findings := dpo_advice.deny with input as {"programs": [program], "datasets": []}
}

test_dpo_advice_fires if {
	program := object.union(_program(_monitoring), {"dpia": {"performed": true, "dpo_advice": {"given": false}}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.dpo_advice.given",
		"msg": "program mci has a DPO, but the DPO's advice on its DPIA is not recorded (dpia.dpo_advice.given is false)",
		"evidence": {"given": false},
	}}
}

test_dpo_advice_overruled_fires if {
	program := _program({"dpia": {"dpo_advice": {"followed": false, "overrule_reason": ""}}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.dpo_advice.overrule_reason",
		"msg": `the DPO's advice on the DPIA of program mci was not followed and no reason is recorded (dpia.dpo_advice.overrule_reason is "")`,
		"evidence": {"followed": false, "overrule_reason": ""},
	}}
}

test_dpo_advice_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"dpia": {"dpo_advice": {"followed": false, "overrule_reason": "Residual risk accepted by the board"}}}))) == 0
	# no DPO designated: GDPR-DPO-001 judges that
	count(_findings(_program({"dpo": {"designated": false}, "dpia": {"dpo_advice": {"given": false}}}))) == 0
	# no DPIA performed and none required
	count(_findings(_program({"dpia": {"performed": false, "dpo_advice": {"given": false}}}))) == 0
}

test_dpo_advice_missing_field if {
	program := object.union(object.remove(_program({}), ["dpia"]), object.union(_monitoring, {"dpia": {"performed": true}}))
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.dpo_advice.given",
		"msg": "program mci has a DPO, but the DPO's advice on its DPIA is not recorded (dpia.dpo_advice.given is missing)",
		"evidence": {"given": null},
	}}
}

# A DPIA required by screening but not performed: GDPR-DPIA-001/002 report the missing DPIA; there
# is no DPIA on which the DPO's advice could be recorded.
test_dpo_advice_required_but_not_performed_quiet if {
	program := object.union(_program(_monitoring), {"dpia": {"performed": false, "dpo_advice": {"given": false}}})
	count(_findings(program)) == 0
	count(_findings(object.union(object.remove(_program({}), ["dpia"]), _monitoring))) == 0
}

test_dpo_advice_outside_gdpr_quiet if {
	program := object.union(_program({"dpia": {"dpo_advice": {"given": false}}}), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
