package compliance.rules.principles.capture_minimised_test

import data.compliance.rules.principles.capture_minimised

_lia := {
	"completed": true,
	"necessity": "Typed text is needed to learn form filling; passwords and personal apps are excluded.",
}

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"program": {
			"technologies": ["keystroke_events", "keystroke_content", "screenshot", "clicks"],
			"capture": {
				"scope": "allowlist",
				"keystroke_content_captured": true,
				"password_fields_excluded": true,
				"on_device_redaction": ["pii", "special_category_classifier"],
			},
		},
		"purposes": [{"id": "train", "lawful_basis": "legitimate_interests", "lia": _lia}],
	},
	overrides,
)

_findings(program) := findings if {
	findings := capture_minimised.deny with input as {"programs": [program], "datasets": []}
}

_fields(program) := {f.field | some f in _findings(program)}

test_capture_minimised_fires if {
	program := _program({"program": {"capture": {
		"scope": "all",
		"password_fields_excluded": false,
		"on_device_redaction": [],
	}}})
	_fields(program) == {
		"program.capture.scope",
		"program.capture.password_fields_excluded",
		"program.capture.on_device_redaction",
	}
	{
		"resource": "program:mci",
		"field": "program.capture.on_device_redaction",
		"msg": "program mci captures the screen (screenshot) with no on-device redaction (capture.on_device_redaction is [])",
		"evidence": {"technologies": ["screenshot"], "on_device_redaction": []},
	} in _findings(program)
}

test_unjustified_typed_text_fires if {
	program := _program({"purposes": [{"id": "train", "lawful_basis": "legitimate_interests", "lia": {"completed": false, "necessity": "typed text"}}]})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "program.capture.keystroke_content_captured",
		"msg": "program mci captures typed text (keystroke_content) but no completed LIA justifies raw text in its necessity statement",
		"evidence": {"keystroke_content_captured": true},
	}}
}

test_capture_minimised_quiet if {
	count(_findings(_program({}))) == 0
}

test_capture_minimised_quiet_without_capture_technologies if {
	program := object.union(_program({}), {"program": {"technologies": [], "capture": {"scope": "all"}}})
	count(_findings(program)) == 0
}

test_capture_minimised_missing_field if {
	base := _program({})
	program := object.union(object.remove(base, ["program"]), {"program": object.remove(base.program, ["capture"])})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "program.capture.scope",
			"msg": "program mci captures with capture.scope missing: every application is in scope",
			"evidence": {"scope": null},
		},
		{
			"resource": "program:mci",
			"field": "program.capture.password_fields_excluded",
			"msg": "program mci captures keystrokes without excluding password fields (capture.password_fields_excluded is missing)",
			"evidence": {"password_fields_excluded": null},
		},
		{
			"resource": "program:mci",
			"field": "program.capture.on_device_redaction",
			"msg": "program mci captures the screen (screenshot) with no on-device redaction (capture.on_device_redaction is missing)",
			"evidence": {"technologies": ["screenshot"], "on_device_redaction": null},
		},
	}
}

test_capture_minimised_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"program": {"capture": {"scope": "all"}},
	})
	count(_findings(program)) == 0
}
