package compliance.rules.employment.private_mode_and_pause_test

import data.compliance.rules.employment.private_mode_and_pause

_program(capture) := {
	"metadata": {"id": "mci"},
	"program": {"capture": capture},
	"controller": {"establishments": [{"country": "FR"}]},
	"data_subjects": [{"category": "employee"}],
}

_good := {
	"private_mode": {"available": true, "max_minutes_per_day": 120},
	"pause": {"available": true, "max_minutes_per_day": 60},
	"blocked_categories": ["union", "hr_grievance", "employee_assistance"],
}

_findings(program) := findings if {
	findings := private_mode_and_pause.deny with input as {"programs": [program], "datasets": []}
}

test_private_mode_fires if {
	capture := {
		"private_mode": {"available": false, "max_minutes_per_day": 0},
		"pause": {"available": true, "max_minutes_per_day": 30},
		"blocked_categories": ["private_browsing", "health", "union"],
	}
	_findings(_program(capture)) == {
		{
			"resource": "program:mci",
			"field": "program.capture.private_mode.available",
			"msg": "program mci gives workers no private mode (capture.private_mode.available is false)",
			"evidence": {"available": false},
		},
		{
			"resource": "program:mci",
			"field": "program.capture.pause.max_minutes_per_day",
			"msg": "program mci lets workers pause capture for 30 minutes a day, less than the 60 minutes required",
			"evidence": {"max_minutes_per_day": 30, "min_pause_minutes": 60},
			"severity": "medium",
		},
		{
			"resource": "program:mci",
			"field": "program.capture.blocked_categories",
			"msg": "program mci does not exclude the channels through which workers organise, complain or seek help from capture (capture.blocked_categories lacks hr_grievance, employee_assistance)",
			"evidence": {"missing": ["hr_grievance", "employee_assistance"]},
			"severity": "medium",
		},
	}
}

test_private_mode_quiet if {
	count(_findings(_program(_good))) == 0
}

test_private_mode_each_protected_channel_counts if {
	every channel in ["union", "hr_grievance", "employee_assistance"] {
		blocked := [c | some c in _good.blocked_categories; c != channel]
		findings := _findings(_program(object.union(_good, {"blocked_categories": blocked})))
		[f.evidence | some f in findings] == [{"missing": [channel]}]
	}
}

# Health, banking, tax and personal channels are GDPR-SC-003's blocklist, not this rule's.
test_private_mode_sc003_categories_not_required if {
	count(_findings(_program(object.union(_good, {"blocked_categories": ["union", "hr_grievance", "employee_assistance"]})))) == 0
}

test_private_mode_missing_field if {
	findings := _findings(_program({}))
	{f.field | some f in findings} == {
		"program.capture.private_mode.available",
		"program.capture.pause.max_minutes_per_day",
		"program.capture.blocked_categories",
	}
	some f in findings
	f.field == "program.capture.private_mode.available"
	f.msg == "program mci gives workers no private mode (capture.private_mode.available is missing)"
	some g in findings
	g.field == "program.capture.pause.max_minutes_per_day"
	g.evidence == {"max_minutes_per_day": 0, "min_pause_minutes": 60}
}

test_private_mode_pause_unavailable_counts_as_zero if {
	capture := object.union(_good, {"pause": {"available": false, "max_minutes_per_day": 90}})
	some f in _findings(_program(capture))
	f.evidence == {"max_minutes_per_day": 0, "min_pause_minutes": 60}
}

test_private_mode_params_override if {
	capture := object.union(_good, {"pause": {"available": true, "max_minutes_per_day": 30}})
	findings := private_mode_and_pause.deny with input as {"programs": [_program(capture)], "datasets": []}
		with data.compliance.params as {"min_pause_minutes": 30}
	count(findings) == 0
	stricter := private_mode_and_pause.deny with input as {"programs": [_program(_good)], "datasets": []}
		with data.compliance.params as {"min_pause_minutes": 90}
	count(stricter) == 1
}

test_private_mode_outside_gdpr_quiet if {
	program := object.union(_program({}), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
