package compliance.rules.principles.retention_limited_test

import data.compliance.rules.principles.retention_limited

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"data_categories": [
			{"id": "keys", "type": "keystrokes", "retention_days": 30},
			{"id": "screens", "type": "screenshots", "retention_days": 90, "retention_justification": "annotation backlog of 60 days"},
			{"id": "hr", "type": "hr_records", "retention_days": 3650},
		],
		"retention": {"auto_deletion": true, "schedule_ref": "RET-7"},
	},
	overrides,
)

_findings(program) := findings if {
	findings := retention_limited.deny with input as {"programs": [program], "datasets": []}
}

test_retention_fires if {
	program := _program({"data_categories": [
		{"id": "keys", "type": "keystrokes", "retention_days": 31},
		{"id": "hr", "type": "hr_records", "retention_days": 3650},
	]})
	_findings(program) == {{
		"resource": "data_category:mci/keys",
		"field": "retention_days",
		"msg": "raw capture data category keys (keystrokes) of program mci is kept 31 days, over the 30-day raw-capture maximum, with no retention_justification",
		"evidence": {"type": "keystrokes", "retention_days": 31, "raw_capture_max_retention_days": 30},
	}}
}

test_retention_blank_justification_fires if {
	program := _program({"data_categories": [
		{"id": "clicks", "type": "clicks", "retention_days": 45, "retention_justification": "  "},
	]})
	findings := _findings(program)
	count(findings) == 1
	some f in findings
	f.resource == "data_category:mci/clicks"
	f.evidence == {"type": "clicks", "retention_days": 45, "raw_capture_max_retention_days": 30}
}

test_retention_quiet if {
	count(_findings(_program({}))) == 0
}

test_retention_missing_field if {
	program := _program({"data_categories": [
		{"id": "keys", "type": "keystrokes"},
		{"id": "screens", "type": "screenshots", "retention_days": null},
		{"type": "clicks", "retention_days": "forever"},
	]})
	_findings(program) == {
		{
			"resource": "data_category:mci/keys",
			"field": "retention_days",
			"msg": "data category keys of program mci declares no retention period (retention_days is missing or null)",
			"evidence": {"retention_days": null},
		},
		{
			"resource": "data_category:mci/screens",
			"field": "retention_days",
			"msg": "data category screens of program mci declares no retention period (retention_days is missing or null)",
			"evidence": {"retention_days": null},
		},
		{
			"resource": "program:mci",
			"field": "data_categories.2.retention_days",
			"msg": `data category #2 of program mci has retention_days "forever", which is not a valid number of days`,
			"evidence": {"retention_days": "forever"},
		},
	}
}

test_retention_auto_deletion_missing_fires if {
	_findings(object.remove(_program({}), ["retention"])) == {{
		"resource": "program:mci",
		"field": "retention.auto_deletion",
		"msg": "program mci does not say that data are deleted automatically (retention.auto_deletion is missing)",
		"evidence": {"auto_deletion": null},
	}}
}

test_retention_auto_deletion_false_fires if {
	_findings(_program({"retention": {"auto_deletion": false}})) == {{
		"resource": "program:mci",
		"field": "retention.auto_deletion",
		"msg": "program mci does not delete data automatically (retention.auto_deletion is false)",
		"evidence": {"auto_deletion": false},
	}}
}

test_retention_params_override if {
	program := _program({"data_categories": [
		{"id": "keys", "type": "keystrokes", "retention_days": 20},
		{"id": "moves", "type": "mouse_movements", "retention_days": 90},
	]})
	count(_findings(program)) == 1
	stricter := _findings(program) with data.compliance.params as {"raw_capture_max_retention_days": 14}
	{f.resource | some f in stricter} == {"data_category:mci/keys", "data_category:mci/moves"}
	some f in stricter
	f.resource == "data_category:mci/keys"
	f.msg == "raw capture data category keys (keystrokes) of program mci is kept 20 days, over the 14-day raw-capture maximum, with no retention_justification"
	laxer := _findings(program) with data.compliance.params as {"raw_capture_max_retention_days": 90}
	count(laxer) == 0
}

test_retention_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"data_categories": [{"id": "keys", "type": "keystrokes"}],
		"retention": {"auto_deletion": false},
	})
	count(_findings(program)) == 0
}
