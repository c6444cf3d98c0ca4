package compliance.rules.special_categories.incidental_capture_controls_test

import data.compliance.rules.special_categories.incidental_capture_controls

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}]},
		"program": {
			"technologies": ["screenshot", "clicks"],
			"capture": {
				"blocked_categories": ["health", "banking", "tax", "union", "personal_email", "personal_messaging", "private_browsing"],
				"on_device_redaction": ["pii", "special_category_classifier"],
				"private_mode": {"available": true, "max_minutes_per_day": 120},
			},
		},
	},
	overrides,
)

_findings(program) := findings if {
	findings := incidental_capture_controls.deny with input as {"programs": [program], "datasets": []}
}

test_capture_controls_fires if {
	program := _program({"program": {"capture": {
		"blocked_categories": ["private_browsing", "banking"],
		"on_device_redaction": ["pii"],
		"private_mode": {"available": false},
	}}})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "program.capture.blocked_categories",
			"msg": "program mci captures screens or typed text without blocking health, personal_email, personal_messaging, tax, union (capture.blocked_categories)",
			"evidence": {"blocked_categories": ["private_browsing", "banking"], "missing": ["health", "personal_email", "personal_messaging", "tax", "union"]},
		},
		{
			"resource": "program:mci",
			"field": "program.capture.on_device_redaction",
			"msg": `program mci captures screens or typed text without an on-device special_category_classifier (capture.on_device_redaction is ["pii"])`,
			"evidence": {"on_device_redaction": ["pii"]},
		},
		{
			"resource": "program:mci",
			"field": "program.capture.private_mode.available",
			"msg": "program mci captures screens or typed text without a private mode (capture.private_mode.available is false)",
			"evidence": {"available": false},
		},
	}
}

test_capture_controls_fires_on_typed_text_flag if {
	program := _program({"program": {"technologies": ["clicks"], "capture": {"keystroke_content_captured": true, "private_mode": {"available": false}}}})
	{f.field | some f in _findings(program)} == {"program.capture.private_mode.available"}
}

test_capture_controls_quiet if {
	count(_findings(_program({}))) == 0
}

test_capture_controls_quiet_without_screen_capture if {
	program := object.union(object.remove(_program({}), ["program"]), {"program": {"technologies": ["clicks", "keystroke_events"]}})
	count(_findings(program)) == 0
}

test_capture_controls_missing_field if {
	program := object.union(object.remove(_program({}), ["program"]), {"program": {"technologies": ["ocr_text"]}})
	{[f.field, f.evidence] | some f in _findings(program)} == {
		["program.capture.blocked_categories", {"blocked_categories": null, "missing": ["banking", "health", "personal_email", "personal_messaging", "tax", "union"]}],
		["program.capture.on_device_redaction", {"on_device_redaction": null}],
		["program.capture.private_mode.available", {"available": null}],
	}
}

test_capture_controls_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "program": {"capture": {"private_mode": {"available": false}}}})
	count(_findings(program)) == 0
}
