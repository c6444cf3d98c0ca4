package compliance.rules.us.ccpa_purpose_proportionate_test

import data.compliance.rules.us.ccpa_purpose_proportionate

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"jurisdictions": {"data_subject_locations": [{"region": "US-CA", "headcount": 9800}], "ccpa_business": true},
		"data_subjects": [{"category": "employee"}],
		"program": {"technologies": ["keystroke_events", "mouse_movement"], "capture": {"keystroke_content_captured": false}},
		"data_categories": [
			{"id": "keystrokes", "type": "keystrokes"},
			{"id": "clicks", "type": "clicks"},
		],
		"purposes": [
			{"id": "agent_training", "category": "ai_training", "data_category_ids": ["keystrokes", "clicks"]},
			{"id": "security_monitoring", "category": "security", "data_category_ids": ["keystrokes"]},
		],
	},
	overrides,
)

_findings(program) := findings if {
	findings := ccpa_purpose_proportionate.deny with input as {"programs": [program], "datasets": []}
}

test_ccpa_purpose_fires if {
	program := _program({"program": {"capture": {"keystroke_content_captured": true}}})
	_findings(program) == {{
		"resource": "purpose:mci/agent_training",
		"field": "data_category_ids",
		"msg": "purpose agent_training of program mci trains AI on the typed text of keystrokes (data categories keystrokes, captured with their content), which the purpose does not need",
		"evidence": {"category": "ai_training", "keystroke_text_categories": ["keystrokes"]},
	}}
}

test_ccpa_purpose_fires_on_keystroke_content_technology if {
	program := _program({"program": {"technologies": ["keystroke_content"], "capture": {}}})
	[f.resource | some f in _findings(program)] == ["purpose:mci/agent_training"]
}

test_ccpa_purpose_quiet if {
	count(_findings(_program({}))) == 0
}

test_ccpa_purpose_missing_field if {
	program := _program({"purposes": [
		{"id": "agent_training", "category": "ai_training"},
		{"category": "security", "data_category_ids": []},
	]})
	_findings(program) == {
		{
			"resource": "purpose:mci/agent_training",
			"field": "data_category_ids",
			"msg": "purpose agent_training of program mci links no data categories to the purpose (data_category_ids is missing), so the use of California workers' data cannot be shown to be reasonably necessary and proportionate",
			"evidence": {"data_category_ids": null},
		},
		{
			"resource": "program:mci",
			"field": "purposes.1.data_category_ids",
			"msg": "purpose #1 of program mci links no data categories to the purpose (data_category_ids is []), so the use of California workers' data cannot be shown to be reasonably necessary and proportionate",
			"evidence": {"data_category_ids": []},
		},
	}
}

test_ccpa_purpose_outside_california_quiet if {
	program := _program({
		"jurisdictions": {"ccpa_business": false},
		"program": {"capture": {"keystroke_content_captured": true}},
		"purposes": [{"id": "agent_training", "category": "ai_training"}],
	})
	count(_findings(program)) == 0
}
