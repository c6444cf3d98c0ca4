package compliance.rules.dpia.dpia_before_processing_test

import data.compliance.rules.dpia.dpia_before_processing

# Keystroke and screenshot capture of employees at a German establishment: WP248 C3 + C7 and the
# DE national list, so a DPIA is required.
_base := {
	"metadata": {"id": "mci"},
	"program": {"start_date": "2026-02-01", "technologies": ["keystroke_events", "screenshot"]},
	"controller": {"establishments": [{"country": "DE"}]},
	"data_subjects": [{"category": "employee", "count": 600}],
	"dpia": {"performed": true, "completed_date": "2026-01-15"},
}

# _program replaces whole top-level blocks of _base (object.union would merge them).
_program(overrides) := object.union(object.remove(_base, object.keys(overrides)), overrides)

# Employees only, no monitoring technology: exactly one WP248 criterion (C7), no national-list hit.
_one_criterion(dpia) := _program({
	"program": {"start_date": "2026-02-01", "technologies": []},
	"dpia": dpia,
})

_findings(program) := findings if {
	findings := dpia_before_processing.deny with input as {"programs": [program], "datasets": []}
}

_triggers := "WP248 criteria C3 systematic monitoring, C7 vulnerable data subjects; national DPIA list of DE"

test_dpia_fires if {
	_findings(_program({"dpia": {"performed": false}})) == {{
		"resource": "program:mci",
		"field": "dpia.performed",
		"msg": sprintf("DPIA required (%s) but none was performed (dpia.performed is false)", [_triggers]),
		"evidence": {
			"criteria": ["C3", "C7"],
			"art35_3": [],
			"national_list_hits": ["DE"],
			"performed": false,
			"completed_date": null,
			"start_date": "2026-02-01",
		},
	}}
}

test_dpia_fires_when_completed_after_start if {
	findings := _findings(_program({"dpia": {"performed": true, "completed_date": "2026-03-10"}}))
	count(findings) == 1
	some f in findings
	f.field == "dpia.completed_date"
	f.msg == sprintf("DPIA required (%s) but it was completed on 2026-03-10, after processing started on 2026-02-01", [_triggers])
	f.evidence.completed_date == "2026-03-10"
}

test_dpia_names_art35_3 if {
	program := _program({
		"program": {"start_date": "2026-02-01", "technologies": []},
		"controller": {"establishments": [{"country": "IT"}]},
		"data_subjects": [{"category": "customer", "count": 5000}],
		"data_categories": [{"id": "sick_notes", "type": "health", "special_category": true}],
		"dpia": {"performed": false},
	})
	findings := _findings(program)
	count(findings) == 1
	some f in findings
	f.msg == "DPIA required (WP248 criteria C4 sensitive or highly personal data, C5 large-scale processing; Art. 35(3)(b)) but none was performed (dpia.performed is false)"
	f.evidence.criteria == ["C4", "C5"]
	f.evidence.art35_3 == ["b"]
	f.evidence.national_list_hits == []
}

test_dpia_quiet if {
	count(_findings(_program({}))) == 0
}

test_dpia_quiet_when_completed_on_start_date if {
	count(_findings(_program({"dpia": {"performed": true, "completed_date": "2026-02-01"}}))) == 0
}

test_dpia_quiet_when_not_required if {
	program := _program({
		"program": {"start_date": "2026-02-01", "technologies": ["gps"]},
		"controller": {"establishments": [{"country": "IT"}]},
		"data_subjects": [{"category": "customer", "count": 10}],
		"dpia": {"performed": false},
	})
	count(_findings(program)) == 0
}

test_dpia_missing_field if {
	findings := _findings(object.remove(_program({}), ["dpia"]))
	count(findings) == 1
	some f in findings
	f.field == "dpia.performed"
	f.msg == sprintf("DPIA required (%s) but none is recorded (dpia.performed is missing)", [_triggers])
	f.evidence.performed == null
}

test_dpia_missing_completed_date if {
	findings := _findings(_program({"dpia": {"performed": true}}))
	count(findings) == 1
	some f in findings
	f.field == "dpia.completed_date"
	f.msg == sprintf("DPIA required (%s) but its completion date is not recorded (dpia.completed_date is missing)", [_triggers])
}

test_dpia_missing_start_date if {
	findings := _findings(_program({"program": {"technologies": ["keystroke_events", "screenshot"]}}))
	count(findings) == 1
	some f in findings
	f.field == "program.start_date"
	f.msg == sprintf("DPIA required (%s) but program.start_date is missing, so the DPIA completed on 2026-01-15 cannot be shown to precede processing", [_triggers])
	f.evidence.start_date == null
}

test_dpia_params_override if {
	program := _program({"dpia": {"performed": false}})
	findings := _findings(program) with data.compliance.params as {"large_scale_min_subjects": 500}
	count(findings) == 1
	some f in findings
	f.msg == "DPIA required (WP248 criteria C3 systematic monitoring, C5 large-scale processing, C7 vulnerable data subjects; national DPIA list of DE) but none was performed (dpia.performed is false)"
	f.evidence.criteria == ["C3", "C5", "C7"]
	defaults := _findings(program)
	count(defaults) == 1
	some g in defaults
	g.evidence.criteria == ["C3", "C7"]
}

test_dpia_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}]},
		"dpia": {"performed": false},
	})
	count(_findings(program)) == 0
}

test_dpia_one_criterion_without_rationale_fires if {
	_findings(_one_criterion({"performed": false})) == {{
		"resource": "program:mci",
		"field": "dpia.screening.rationale",
		"msg": "one WP248 criterion is met (C7 vulnerable data subjects: data subjects include employee) and no DPIA was performed: record in dpia.screening.rationale why none is needed",
		"evidence": {"criteria": ["C7"], "rationale": null},
		"severity": "medium",
	}}
}

test_dpia_one_criterion_blank_rationale_fires if {
	findings := _findings(_one_criterion({"screening": {"rationale": " "}}))
	count(findings) == 1
	some f in findings
	f.severity == "medium"
	f.evidence == {"criteria": ["C7"], "rationale": " "}
}

test_dpia_one_criterion_with_rationale_quiet if {
	rationale := "HR master data only; no monitoring, evaluation or new technology"
	count(_findings(_one_criterion({"performed": false, "screening": {"rationale": rationale}}))) == 0
}

test_dpia_one_criterion_with_dpia_quiet if {
	count(_findings(_one_criterion({"performed": true, "completed_date": "2026-01-15"}))) == 0
}

test_dpia_performed_not_boolean_fires if {
	findings := _findings(_program({"dpia": {"performed": "yes", "completed_date": "2026-01-15"}}))
	count(findings) == 1
	some f in findings
	f.field == "dpia.performed"
	f.msg == sprintf(`DPIA required (%s) but none is recorded (dpia.performed is "yes")`, [_triggers])
}
