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
		"msg": "program mci captures typed text (technologies include keystroke_content; capture.keystroke_content_captured is true) but no completed LIA justifies raw text in its necessity statement",
		"evidence": {"keystroke_content_captured": true},
	}}
}

# The message names what the manifest declares: here only the capture setting, not the technology.
test_unjustified_typed_text_names_the_setting if {
	program := object.union(_program({"purposes": []}), {"program": {"technologies": ["keystroke_events", "clicks"]}})
	[f.msg | some f in _findings(program)] == ["program mci captures typed text (capture.keystroke_content_captured is true) but no completed LIA justifies raw text in its necessity statement"]
}

test_capture_scope_all_message if {
	program := object.union(_program({}), {"program": {"capture": {"scope": "all"}}})
	[f.msg | some f in _findings(program)] == [`program mci captures with capture.scope "all": every application is in scope`]
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
			"msg": "program mci does not limit capture to an allowlist or blocklist (capture.scope is missing)",
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
