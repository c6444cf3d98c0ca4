package compliance.rules.employment.keystroke_mouse_logging_test

import data.compliance.rules.employment.keystroke_mouse_logging

_justified := {
	"metadata": {"id": "mci"},
	"program": {
		"technologies": ["keystroke_events", "mouse_movement", "clicks"],
		"less_intrusive_alternatives": [
			{"option": "Synthetic tasks", "evaluated": true, "rejected_reason": "Too few real workflows"},
		],
	},
	"controller": {"establishments": [{"country": "DE", "employees": 650}]},
	"data_subjects": [{"category": "employee"}],
	"data_categories": [{"id": "keys", "type": "keystrokes"}, {"id": "ids", "type": "identifiers"}],
	"purposes": [{
		"id": "train",
		"data_category_ids": ["keys", "ids"],
		"lawful_basis": "legitimate_interests",
		"lia": {"completed": true, "necessity": "No other source of real UI traces"},
	}],
}

_with(overrides) := object.union(_justified, overrides)

_findings(program) := findings if {
	findings := keystroke_mouse_logging.deny with input as {"programs": [program], "datasets": []}
}

test_keystroke_logging_fires if {
	program := _with({
		"program": {
			"technologies": ["keystroke_content", "mouse_movement", "clicks"],
			"less_intrusive_alternatives": [
				{"option": "Contractors", "evaluated": false},
				{"option": "DOM events", "evaluated": true, "rejected_reason": "Lower fidelity"},
				{"option": "Vendor data", "evaluated": true, "rejected_reason": " "},
			],
		},
		"purposes": [{"id": "train", "data_category_ids": ["keys"], "lawful_basis": "legitimate_interests", "lia": {"completed": false}}],
	})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "program.technologies",
		"msg": "program mci logs workers' keystrokes or mouse movements (keystroke_content, mouse_movement) without showing strict necessity: no purpose using keystroke or mouse data has a completed LIA stating its necessity; 2 of 3 less-intrusive alternatives not evaluated and rejected with a reason",
		"evidence": {
			"technologies": ["keystroke_content", "mouse_movement"],
			"gaps": [
				"no purpose using keystroke or mouse data has a completed LIA stating its necessity",
				"2 of 3 less-intrusive alternatives not evaluated and rejected with a reason",
			],
		},
	}}
}

test_keystroke_logging_quiet if {
	count(_findings(_justified)) == 0
}

test_keystroke_logging_quiet_without_logging_technologies if {
	program := _with({"program": {"technologies": ["clicks", "screenshot"]}, "purposes": []})
	count(_findings(program)) == 0
}

test_keystroke_logging_missing_field if {
	# object.union merges nested objects, so the program block is replaced whole
	program := object.union(object.remove(_justified, ["program"]), {"program": {"technologies": ["keystroke_events"]}})
	findings := _findings(program)
	count(findings) == 1
	some f in findings
	f.msg == "program mci logs workers' keystrokes or mouse movements (keystroke_events) without showing strict necessity: no less-intrusive alternatives recorded"
}

test_keystroke_logging_missing_lia_and_purposes if {
	findings := _findings(object.remove(_justified, ["purposes"]))
	some f in findings
	f.evidence.gaps == ["no purpose using keystroke or mouse data has a completed LIA stating its necessity"]
}

test_keystroke_logging_lia_must_cover_the_logging_data if {
	# the LIA is for a purpose that uses only identifiers
	program := _with({"purposes": [{
		"id": "train",
		"data_category_ids": ["ids"],
		"lawful_basis": "legitimate_interests",
		"lia": {"completed": true, "necessity": "x"},
	}]})
	count(_findings(program)) == 1
}

test_keystroke_logging_category_type_falls_back_to_id if {
	program := _with({
		"data_categories": [{"id": "keystrokes"}],
		"purposes": [{
			"id": "train",
			"data_category_ids": ["keystrokes"],
			"lawful_basis": "legitimate_interests",
			"lia": {"completed": true, "necessity": "x"},
		}],
	})
	count(_findings(program)) == 0
}

test_keystroke_logging_outside_gdpr_quiet if {
	program := _with({
		"controller": {"establishments": [{"country": "US"}]},
		"program": {"technologies": ["keystroke_content"]},
	})
	count(_findings(program)) == 0
}

test_keystroke_logging_quiet_without_workers if {
	program := _with({"data_subjects": [{"category": "customer"}], "program": {"technologies": ["keystroke_content"]}})
	count(_findings(program)) == 0
}
