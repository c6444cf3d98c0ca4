package compliance.rules.us.cppa_risk_assessment_test

import data.compliance.rules.us.cppa_risk_assessment

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"start_date": "2026-04-21"},
		"jurisdictions": {"data_subject_locations": [{"region": "US-CA", "headcount": 9800}], "ccpa_business": true},
		"data_subjects": [{"category": "employee"}],
		"us_notices": {
			"ccpa": {"spi_categories": ["health"]},
			"cppa_risk_assessment": {"completed_date": "2026-03-01", "next_review": "2028-03-01"},
		},
	},
	overrides,
)

_findings(program, as_of) := findings if {
	findings := cppa_risk_assessment.deny with input as {"as_of": as_of, "programs": [program], "datasets": []}
}

_trigger := "processes sensitive personal information: health"

test_cppa_risk_assessment_fires if {
	program := _program({"us_notices": {"cppa_risk_assessment": {"completed_date": null}}})
	_findings(program, "2026-11-22") == {{
		"resource": "program:mci",
		"field": "us_notices.cppa_risk_assessment.completed_date",
		"msg": "program mci needs a CPPA risk assessment (processes sensitive personal information: health) but none is completed (completed_date is missing) although processing began on 2026-04-21, after 2026-01-01",
		"evidence": {"completed_date": null, "start_date": "2026-04-21"},
	}}
}

test_cppa_risk_assessment_fires_when_completed_late if {
	program := _program({"us_notices": {"cppa_risk_assessment": {"completed_date": "2026-05-01"}}})
	[f.msg | some f in _findings(program, "2026-11-22")] == ["program mci needs a CPPA risk assessment (processes sensitive personal information: health) but it was completed on 2026-05-01, after processing began on 2026-04-21"]
}

test_cppa_risk_assessment_legacy_processing_deadline if {
	program := _program({
		"program": {"start_date": "2025-06-01"},
		"us_notices": {"cppa_risk_assessment": {"completed_date": null}},
	})
	count(_findings(program, "2027-12-31")) == 0
	[f.msg | some f in _findings(program, "2028-01-01")] == ["program mci needs a CPPA risk assessment (processes sensitive personal information: health) but none is completed (completed_date is missing) and processing begun on 2025-06-01 had to be assessed by 2027-12-31"]
	late := _program({"program": {"start_date": "2025-06-01"}, "us_notices": {"cppa_risk_assessment": {"completed_date": "2028-02-01", "next_review": "2030-01-01"}}})
	[f.field | some f in _findings(late, "2028-03-01")] == ["us_notices.cppa_risk_assessment.completed_date"]
}

test_cppa_risk_assessment_triggers if {
	program := _program({
		"automated_decisions": {"profiling": true},
		"ai": {"training_use": true, "emotion_inference": true, "intended_purpose_tags": ["worker_monitoring", "recruitment"]},
		"us_notices": {"cppa_risk_assessment": {"required": true, "completed_date": null}, "cppa_admt": {"significant_decision_use": true}},
	})
	[f.msg | some f in _findings(program, "2026-11-22")] == [concat("; ", [
		"program mci needs a CPPA risk assessment (us_notices.cppa_risk_assessment.required is true",
		_trigger,
		"infers workers' performance or behaviour from systematic observation: automated_decisions.profiling is true, ai.intended_purpose_tags include worker_monitoring",
		"trains AI (ai.training_use is true) in a program that declares ADMT use for significant decisions (us_notices.cppa_admt.significant_decision_use is true), infers emotions (ai.emotion_inference is true)) but none is completed (completed_date is missing) although processing began on 2026-04-21, after 2026-01-01",
	])]
}

# The model trained here routes email; the program also declares an ADMT use for significant
# decisions (another system). The finding names the two declarations and never says the program
# "trains AI for significant decisions", which the manifest does not say.
test_cppa_risk_assessment_email_router_message if {
	program := _program({
		"ai": {"training_use": true, "model_scope": "task_specific"},
		"purposes": [{"id": "email_routing", "category": "ai_training", "description": "Train the model that routes support email"}],
		"us_notices": {
			"ccpa": {"spi_categories": []},
			"cppa_risk_assessment": {"completed_date": null},
			"cppa_admt": {"significant_decision_use": true},
		},
	})
	msgs := [f.msg | some f in _findings(program, "2026-11-22")]
	msgs == ["program mci needs a CPPA risk assessment (trains AI (ai.training_use is true) in a program that declares ADMT use for significant decisions (us_notices.cppa_admt.significant_decision_use is true)) but none is completed (completed_date is missing) although processing began on 2026-04-21, after 2026-01-01"]
	every msg in msgs {
		not contains(msg, "trains AI for")
	}
}

test_cppa_risk_assessment_quiet if {
	count(_findings(_program({}), "2026-11-22")) == 0
}

test_cppa_risk_assessment_quiet_without_trigger if {
	program := _program({"us_notices": {"ccpa": {"spi_categories": []}, "cppa_risk_assessment": {"completed_date": null}}})
	count(_findings(program, "2026-11-22")) == 0
}

test_cppa_risk_assessment_missing_field if {
	program := object.remove(_program({}), ["program"])
	findings := _findings(json.patch(program, [{"op": "remove", "path": "/us_notices/cppa_risk_assessment"}]), "2026-11-22")
	[f.msg | some f in findings] == ["program mci needs a CPPA risk assessment (processes sensitive personal information: health) but none is completed (completed_date is missing) and program.start_date is missing"]
	[f.field | some f in _findings(program, "2026-11-22")] == ["program.start_date"]
}

test_cppa_risk_assessment_review_fires if {
	program := _program({"us_notices": {"cppa_risk_assessment": {"next_review": "2029-03-02"}}})
	_findings(program, "2026-11-22") == {{
		"resource": "program:mci",
		"field": "us_notices.cppa_risk_assessment.next_review",
		"msg": "the CPPA risk assessment of program mci, completed on 2026-03-01, is next reviewed on 2029-03-02, more than three years later (by 2029-03-01 at the latest)",
		"evidence": {"completed_date": "2026-03-01", "next_review": "2029-03-02"},
		"severity": "medium",
	}}
	count(_findings(_program({"us_notices": {"cppa_risk_assessment": {"next_review": "2029-03-01"}}}), "2026-11-22")) == 0
}

test_cppa_risk_assessment_review_missing_field if {
	program := json.patch(_program({}), [{"op": "remove", "path": "/us_notices/cppa_risk_assessment/next_review"}])
	[f.msg | some f in _findings(program, "2026-11-22")] == ["the CPPA risk assessment of program mci, completed on 2026-03-01, has no next review date (next_review is missing; review at least every three years, by 2029-03-01)"]
}

test_cppa_risk_assessment_outside_california_quiet if {
	program := _program({"jurisdictions": {"ccpa_business": false}, "us_notices": {"cppa_risk_assessment": {"completed_date": null}}})
	count(_findings(program, "2026-11-22")) == 0
}
