package compliance.rules.security.access_controls_tested_test

import data.compliance.rules.security.access_controls_tested

_access := {"automated_acl_tests": true, "access_logging": true, "anomaly_alerting": true, "label_enforcement": true}

_program(access, categories) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"data_categories": categories,
	"access": access,
}

_findings(program) := findings if {
	findings := access_controls_tested.deny with input as {"programs": [program], "datasets": []}
}

test_access_controls_fires if {
	access := object.union(_access, {"anomaly_alerting": false, "label_enforcement": false})
	program := _program(access, [{"id": "clicks", "sensitivity_label": 2}, {"id": "keystrokes", "sensitivity_label": 4}, {"sensitivity_label": 3}])
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "access.anomaly_alerting",
			"msg": "program mci raises no alert on anomalous access (access.anomaly_alerting is false)",
			"evidence": {"anomaly_alerting": false},
		},
		{
			"resource": "program:mci",
			"field": "access.label_enforcement",
			"msg": "program mci labels data categories at sensitivity 3 or above (#2: 3, keystrokes: 4) but the labels do not drive access control (access.label_enforcement is false)",
			"evidence": {"label_enforcement": false},
		},
	}
}

test_access_controls_quiet if {
	count(_findings(_program(_access, [{"id": "keystrokes", "sensitivity_label": 4}]))) == 0
}

test_access_controls_quiet_without_high_labels if {
	access := object.remove(_access, ["label_enforcement"])
	count(_findings(_program(access, [{"id": "clicks", "sensitivity_label": 2}, {"id": "ids"}]))) == 0
}

test_access_controls_missing_field if {
	program := object.remove(_program(_access, [{"id": "keystrokes", "sensitivity_label": 3}]), ["access"])
	findings := _findings(program)
	{f.field | some f in findings} == {"access.automated_acl_tests", "access.access_logging", "access.anomaly_alerting", "access.label_enforcement"}
	some f in findings
	f.field == "access.automated_acl_tests"
	f.msg == "program mci does not test its access controls automatically (access.automated_acl_tests is missing)"
	f.evidence == {"automated_acl_tests": null}
}

test_access_controls_outside_gdpr_quiet if {
	program := object.union(_program({}, []), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
