package compliance.lib.screening_test

import data.compliance.lib

_program(overrides) := object.union({"metadata": {"id": "p1"}}, overrides)

_criteria_ids(program) := [c.id | some c in lib.screening(program).criteria]

# _reason is the reason of criterion id; undefined when the criterion is not met.
_reason(program, id) := reason if {
	some c in lib.screening(program).criteria
	c.id == id
	reason := c.reason
}

_worker_telemetry := _program({
	"program": {"technologies": ["keystroke_events", "screenshot"]},
	"data_subjects": [{"category": "employee", "count": 40}],
})

# --- whole output ------------------------------------------------------------------------------

test_screening_empty_program if {
	lib.screening(_program({})) == {
		"art35_3": [],
		"criteria": [],
		"national_list_hits": [],
		"required": false,
		"reason": "no DPIA required: no WP248 criterion met",
	}
}

test_screening_monitoring_program if {
	program := _program({
		"program": {
			"technologies": ["screenshot", "keystroke_events", "clicks"],
			"novel_technology": true,
			"mandatory_participation": true,
		},
		"controller": {"establishments": [{"country": "FR"}, {"country": "US"}]},
		"jurisdictions": {"data_subject_locations": [{"region": "FR"}, {"region": "US-NY"}]},
		"data_subjects": [{"category": "employee", "count": 700}, {"category": "contractor", "count": 300}],
		"data_categories": [
			{"id": "keys", "type": "keystrokes", "source": "device_telemetry"},
			{"id": "screens", "type": "screenshots", "source": "device_telemetry", "incidental_special_category_likely": true},
		],
		"rights": {"opt_out": {"available_at_launch": true}},
	})
	lib.screening(program) == {
		"art35_3": ["b"],
		"criteria": [
			{"id": "C3", "name": "Systematic monitoring", "reason": "technologies include keystroke_events, screenshot"},
			{"id": "C4", "name": "Sensitive or highly personal data", "reason": "incidental special-category data likely: screens"},
			{"id": "C5", "name": "Large-scale processing", "reason": "1000 data subjects (threshold 1000); data subjects in 2 countries (FR, US)"},
			{"id": "C7", "name": "Vulnerable data subjects", "reason": "data subjects include contractor, employee"},
			{"id": "C8", "name": "Innovative use or new technology", "reason": "program.novel_technology is true"},
		],
		"national_list_hits": [{
			"country": "FR",
			"entry": "constant monitoring of employees' activity",
			"source": "CNIL Délib. 2018-327",
			"technologies": ["keystroke_events", "screenshot"],
		}],
		"required": true,
		"reason": "DPIA required: Art. 35(3)(b); WP248 criteria C3, C4, C5, C7, C8 met (two or more); national DPIA list of FR",
	}
}

test_screening_two_criteria_required if {
	s := lib.screening(_worker_telemetry)
	_criteria_ids(_worker_telemetry) == ["C3", "C7"]
	s.required == true
	s.reason == "DPIA required: WP248 criteria C3, C7 met (two or more)"
}

test_screening_one_criterion_not_required if {
	program := _program({"data_subjects": [{"category": "employee", "count": 40}]})
	s := lib.screening(program)
	_criteria_ids(program) == ["C7"]
	s.required == false
	s.reason == "no DPIA required: WP248 criterion C7 met (only one: record why no DPIA is needed)"
}

# --- Art. 35(3) --------------------------------------------------------------------------------

test_art35_3_a_fires if {
	program := _program({"automated_decisions": {"profiling": true, "significant_effects": true, "human_review": true}})
	s := lib.screening(program)
	s.art35_3 == ["a"]
	s.required == true
	s.reason == "DPIA required: Art. 35(3)(a); WP248 criterion C1 met"
}

test_art35_3_a_not_without_significant_effects if {
	program := _program({"automated_decisions": {"profiling": true, "significant_effects": false}})
	lib.screening(program).art35_3 == []
}

test_art35_3_b_fires_with_special_category_at_scale if {
	program := _program({
		"data_subjects": [{"category": "customer", "count": 5000}],
		"data_categories": [{"id": "sick_notes", "type": "health", "special_category": true}],
	})
	lib.screening(program).art35_3 == ["b"]
}

test_art35_3_b_fires_with_criminal_data_at_scale if {
	program := _program({
		"data_subjects": [{"category": "customer", "count": 5000}],
		"data_categories": [{"id": "records", "type": "other", "criminal_data": true}],
	})
	lib.screening(program).art35_3 == ["b"]
}

test_art35_3_b_not_below_large_scale if {
	program := _program({
		"data_subjects": [{"category": "customer", "count": 999}],
		"data_categories": [{"id": "sick_notes", "type": "health", "special_category": true}],
	})
	lib.screening(program).art35_3 == []
}

# --- WP248 criteria ----------------------------------------------------------------------------

test_c1_fires_on_purpose_category if {
	program := _program({"purposes": [
		{"id": "review", "category": "performance_evaluation"},
		{"id": "focus", "category": "productivity"},
		{"id": "train", "category": "ai_training"},
	]})
	_reason(program, "C1") == "purposes include focus (productivity), review (performance_evaluation)"
}

test_c1_fires_on_tags_derived_data_and_profiling if {
	program := _program({
		"ai": {"intended_purpose_tags": ["worker_monitoring", "recruitment"]},
		"data_categories": [{"id": "scores", "type": "performance", "source": "derived"}],
		"automated_decisions": {"profiling": true},
	})
	_reason(program, "C1") == concat("; ", [
		"ai.intended_purpose_tags include worker_monitoring",
		"derived performance data: scores",
		"automated_decisions.profiling is true",
	])
}

test_c1_not_for_training_only if {
	program := _program({
		"purposes": [{"id": "train", "category": "ai_training"}],
		"ai": {"intended_purpose_tags": ["recruitment"]},
		"data_categories": [{"id": "scores", "type": "performance", "source": "direct"}],
		"automated_decisions": {"profiling": false},
	})
	not "C1" in _criteria_ids(program)
}

test_c2_fires_without_human_review if {
	program := _program({"automated_decisions": {"significant_effects": true}})
	_reason(program, "C2") == "automated_decisions.significant_effects is true without human_review"
}

test_c2_not_with_human_review if {
	program := _program({"automated_decisions": {"significant_effects": true, "human_review": true}})
	_criteria_ids(program) == []
}

test_c3_fires if {
	program := _program({"program": {"technologies": ["webcam", "keystroke_content", "gps"]}})
	_reason(program, "C3") == "technologies include keystroke_content, webcam"
}

test_c3_not_without_monitoring_technology if {
	program := _program({"program": {"technologies": ["gps", "ai_prompt_logging", "clicks"]}})
	not "C3" in _criteria_ids(program)
}

test_c4_fires if {
	program := _program({"data_categories": [
		{"id": "sick_notes", "type": "health", "special_category": true},
		{"id": "gps_trace", "type": "location"},
		{"id": "checks", "type": "other", "criminal_data": true},
	]})
	_reason(program, "C4") == concat("; ", [
		"special-category data: sick_notes",
		"criminal-offence data: checks",
		"highly personal data: gps_trace (location), sick_notes (health)",
	])
}

test_c4_not_for_ordinary_data if {
	program := _program({"data_categories": [
		{"id": "ids", "type": "identifiers", "special_category": false, "incidental_special_category_likely": false},
		{"id": "usage", "type": "application_usage"},
	]})
	_criteria_ids(program) == []
}

test_c5_fires_on_subject_count if {
	program := _program({"data_subjects": [{"category": "customer", "count": 600}, {"category": "customer", "count": 400}]})
	_reason(program, "C5") == "1000 data subjects (threshold 1000)"
}

test_c5_fires_on_several_countries if {
	program := _program({"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}, {"region": "US-CA"}, {"region": "IT"}]}})
	_reason(program, "C5") == "data subjects in 2 countries (IT, US)"
}

test_c5_not_small_single_country if {
	program := _program({
		"data_subjects": [{"category": "customer", "count": 999}],
		"jurisdictions": {"data_subject_locations": [{"region": "DE"}, {"region": "DE-BY"}]},
	})
	_criteria_ids(program) == []
}

test_c5_params_override if {
	program := _program({"data_subjects": [{"category": "customer", "count": 600}]})
	not "C5" in _criteria_ids(program)
	reason := _reason(program, "C5") with data.compliance.params as {"large_scale_min_subjects": 500}
	reason == "600 data subjects (threshold 500)"
}

test_c6_fires_on_several_sources if {
	program := _program({"data_categories": [
		{"id": "keys", "type": "keystrokes", "source": "device_telemetry"},
		{"id": "contact", "type": "contact", "source": "third_party"},
	]})
	_reason(program, "C6") == "data categories come from sources device_telemetry, third_party"
}

test_c6_fires_on_telemetry_with_hr_data if {
	program := _program({"data_categories": [
		{"id": "keys", "type": "keystrokes"},
		{"id": "files", "type": "hr_records"},
	]})
	_reason(program, "C6") == "telemetry keys combined with HR/performance data files"
}

test_c6_not_for_one_telemetry_derived_performance_category if {
	program := _program({"data_categories": [{"id": "activity_score", "type": "performance", "source": "device_telemetry"}]})
	not "C6" in _criteria_ids(program)
}

test_c6_fires_on_untyped_telemetry_with_performance_data if {
	program := _program({"data_categories": [
		{"id": "agent_feed", "source": "device_telemetry"},
		{"id": "activity_score", "type": "performance", "source": "device_telemetry"},
	]})
	_reason(program, "C6") == "telemetry agent_feed combined with HR/performance data activity_score"
}

test_c6_not_single_source_telemetry if {
	program := _program({"data_categories": [
		{"id": "keys", "type": "keystrokes", "source": "device_telemetry"},
		{"id": "clicks", "type": "clicks", "source": "device_telemetry"},
	]})
	_criteria_ids(program) == []
}

test_c7_fires_on_workers_and_vulnerable_subjects if {
	program := _program({"data_subjects": [
		{"category": "applicant", "count": 10},
		{"category": "customer", "count": 10, "vulnerable": true},
	]})
	_reason(program, "C7") == "data subjects include applicant; data subjects marked vulnerable: customer"
}

test_c7_not_for_customers if {
	program := _program({"data_subjects": [{"category": "customer", "count": 10, "vulnerable": false}]})
	_criteria_ids(program) == []
}

test_c8_fires if {
	program := _program({"program": {"novel_technology": false}, "ai": {"training_use": true}})
	_reason(program, "C8") == "ai.training_use is true"
}

test_c8_not_when_neither_novel_nor_training if {
	program := _program({"program": {"novel_technology": false}, "ai": {"training_use": false}})
	_criteria_ids(program) == []
}

test_c9_fires_contested if {
	program := _program({"program": {"mandatory_participation": true}})
	lib.screening(program).criteria == [{
		"id": "C9",
		"name": "Prevents exercising a right or using a service (contested)",
		"reason": "participation is mandatory and no opt-out is available at launch",
	}]
}

test_c9_not_with_opt_out if {
	program := _program({
		"program": {"mandatory_participation": true},
		"rights": {"opt_out": {"available_at_launch": true}},
	})
	_criteria_ids(program) == []
}

# --- national lists ----------------------------------------------------------------------------

test_national_list_alone_makes_dpia_required if {
	program := _program({
		"program": {"technologies": ["clicks"]},
		"controller": {"establishments": [{"country": "DE"}]},
	})
	s := lib.screening(program)
	s.criteria == []
	s.national_list_hits == [{
		"country": "DE",
		"entry": "monitoring of employees' behaviour or performance",
		"source": "DSK Muss-Liste (2018)",
		"technologies": ["clicks"],
	}]
	s.required == true
	s.reason == "DPIA required: no WP248 criterion met; national DPIA list of DE"
}

test_national_list_not_for_unlisted_technology if {
	program := _program({
		"program": {"technologies": ["clicks"]},
		"controller": {"establishments": [{"country": "FR"}]},
	})
	lib.screening(program).national_list_hits == []
}

test_national_list_not_outside_listed_countries if {
	program := _program({
		"program": {"technologies": ["screenshot"]},
		"controller": {"establishments": [{"country": "US"}, {"country": "IT"}]},
	})
	lib.screening(program).national_list_hits == []
}
