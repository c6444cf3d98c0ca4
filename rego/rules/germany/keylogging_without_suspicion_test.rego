package compliance.rules.germany.keylogging_without_suspicion_test

import data.compliance.rules.germany.keylogging_without_suspicion

_program(program_block) := {
	"metadata": {"id": "mci"},
	"program": program_block,
	"controller": {"establishments": [{"country": "DE", "has_works_council": true, "employees": 650}]},
	"data_subjects": [{"category": "employee"}],
}

_findings(program) := findings if {
	findings := keylogging_without_suspicion.deny with input as {"programs": [program], "datasets": []}
}

test_keylogging_fires if {
	program := _program({
		"technologies": ["keystroke_events", "keystroke_content", "screenshot"],
		"capture": {"keystroke_content_captured": true},
	})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "program.technologies",
		"msg": "program mci logs what German staff type (technologies include keystroke_content; capture.keystroke_content_captured is true; screenshots alongside keystroke_events (screenshot)) as a standing monitoring program, not an investigation of a concrete suspicion against a specific employee",
		"evidence": {"keylogging": [
			"technologies include keystroke_content",
			"capture.keystroke_content_captured is true",
			"screenshots alongside keystroke_events (screenshot)",
		]},
	}}
}

test_keylogging_quiet if {
	program := _program({"technologies": ["keystroke_events", "mouse_movement", "clicks"], "capture": {"keystroke_content_captured": false}})
	count(_findings(program)) == 0
}

test_keylogging_missing_field if {
	# no technologies declared, but the capture settings say typed text is recorded
	_findings(_program({"capture": {"keystroke_content_captured": true}})) == {{
		"resource": "program:mci",
		"field": "program.capture.keystroke_content_captured",
		"msg": "program mci logs what German staff type (capture.keystroke_content_captured is true) as a standing monitoring program, not an investigation of a concrete suspicion against a specific employee",
		"evidence": {"keylogging": ["capture.keystroke_content_captured is true"]},
	}}
}

test_keylogging_screenshots_with_key_events_fires if {
	some f in _findings(_program({"technologies": ["keystroke_events", "screen_recording"]}))
	f.evidence == {"keylogging": ["screenshots alongside keystroke_events (screen_recording)"]}
}

test_keylogging_outside_de_pack_quiet if {
	program := object.union(_program({"technologies": ["keystroke_content"]}), {"controller": {"establishments": [{"country": "IE"}]}})
	count(_findings(program)) == 0
}
