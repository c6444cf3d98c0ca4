package compliance.rules.lawful_basis.employee_consent_free_test

import data.compliance.rules.lawful_basis.employee_consent_free

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"mandatory_participation": false},
		"controller": {"establishments": [{"country": "IE"}, {"country": "DE", "employees": 650}]},
		"data_subjects": [{"category": "employee", "count": 2750}],
		"consent": {"used": true, "refusal_without_detriment": true, "alternative_offered": true, "form": "electronic"},
	},
	overrides,
)

_findings(program) := findings if {
	findings := employee_consent_free.deny with input as {"programs": [program], "datasets": []}
}

test_employee_consent_fires if {
	program := _program({
		"program": {"mandatory_participation": true},
		"consent": {"refusal_without_detriment": false, "alternative_offered": false},
	})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "consent.refusal_without_detriment",
		"msg": "program mci relies on employees' consent, but it is not freely given: consent.refusal_without_detriment is false, consent.alternative_offered is false, program.mandatory_participation is true",
		"evidence": {
			"consent.refusal_without_detriment": false,
			"consent.alternative_offered": false,
			"program.mandatory_participation": true,
		},
	}}
}

test_employee_consent_form_in_germany_fires if {
	_findings(_program({"consent": {"form": "other"}})) == {{
		"resource": "program:mci",
		"field": "consent.form",
		"msg": `program mci relies on consent of employees in Germany, which must be written or electronic (consent.form is "other")`,
		"evidence": {"form": "other"},
	}}
}

test_employee_consent_quiet if {
	count(_findings(_program({}))) == 0
}

test_employee_consent_quiet_form_outside_germany if {
	program := _program({"controller": {"establishments": [{"country": "IE"}]}, "consent": {"form": "other"}})
	count(_findings(program)) == 0
}

test_employee_consent_quiet_without_employees if {
	program := _program({"data_subjects": [{"category": "customer"}], "program": {"mandatory_participation": true}})
	count(_findings(program)) == 0
}

test_employee_consent_quiet_when_not_used if {
	program := _program({"consent": {"used": false, "alternative_offered": false}})
	count(_findings(program)) == 0
}

test_employee_consent_missing_field if {
	program := object.union(object.remove(_program({}), ["consent", "program"]), {"purposes": [{"id": "reuse", "lawful_basis": "consent"}]})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "consent.refusal_without_detriment",
			"msg": "program mci relies on employees' consent, but it is not freely given: consent.refusal_without_detriment is missing, consent.alternative_offered is missing, program.mandatory_participation is missing",
			"evidence": {
				"consent.refusal_without_detriment": null,
				"consent.alternative_offered": null,
				"program.mandatory_participation": null,
			},
		},
		{
			"resource": "program:mci",
			"field": "consent.form",
			"msg": "program mci relies on consent of employees in Germany, which must be written or electronic (consent.form is missing)",
			"evidence": {"form": null},
		},
	}
}

test_employee_consent_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"program": {"mandatory_participation": true},
	})
	count(_findings(program)) == 0
}
