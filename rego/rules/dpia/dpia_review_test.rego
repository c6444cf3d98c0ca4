package compliance.rules.dpia.dpia_review_test

import data.compliance.rules.dpia.dpia_review

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}]},
		"dpia": {
			"performed": true,
			"completed_date": "2026-01-10",
			"review": {"last_review": "2026-03-01", "next_review": "2027-03-01"},
		},
		"breaches": [{"id": "old", "aware_at": "2026-02-01T09:00:00Z"}],
	},
	overrides,
)

_findings(program) := findings if {
	findings := dpia_review.deny with input as {"programs": [program], "datasets": []}
}

test_dpia_review_fires if {
	program := _program({"breaches": [
		{"id": "old", "aware_at": "2026-02-01T09:00:00Z"},
		{"id": "SEV2-acl", "aware_at": "2026-06-15T14:20:00Z"},
		{"aware_at": "2026-03-02t01:00:00z"},
		{"id": "same-day", "aware_at": "2026-03-01T23:00:00Z"},
	]})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.review.last_review",
		"msg": "the DPIA of program mci was last reviewed on 2026-03-01 and not reviewed after breach #2 (aware 2026-03-02), SEV2-acl (aware 2026-06-15)",
		"evidence": {"last_review": "2026-03-01", "breaches_after": ["#2 (aware 2026-03-02)", "SEV2-acl (aware 2026-06-15)"]},
	}}
}

test_dpia_review_schedule_fires_low if {
	program := _program({"dpia": {"review": {"next_review": "2027-03-02"}}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.review.next_review",
		"msg": "the DPIA of program mci schedules its next review for 2027-03-02, more than 12 months after it was last reviewed on 2026-03-01 (dpia_review_max_months)",
		"evidence": {"next_review": "2027-03-02"},
		"severity": "low",
	}}
}

test_dpia_review_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"dpia": {"review": {"next_review": "2026-09-30"}}}))) == 0
	# no DPIA performed: GDPR-DPIA-001 reports that
	count(_findings(_program({"dpia": {"performed": false}, "breaches": [{"id": "b", "aware_at": "2026-06-15T14:20:00Z"}]}))) == 0
}

test_dpia_review_missing_field if {
	program := object.union(object.remove(_program({}), ["dpia"]), {"dpia": {"performed": true}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.review.last_review",
		"msg": "the DPIA of program mci records neither a review date nor a completion date (dpia.review.last_review and dpia.completed_date are missing)",
		"evidence": {"last_review": null, "completed_date": null},
	}}
}

test_dpia_review_never_reviewed_uses_completion if {
	program := object.union(object.remove(_program({}), ["dpia"]), {
		"dpia": {"performed": true, "completed_date": "2026-01-10"},
		"breaches": [{"id": "b1", "aware_at": "2026-01-11T00:00:00Z"}],
	})
	{[f.field, f.msg] | some f in _findings(program)} == {
		["dpia.review.last_review", "the DPIA of program mci was completed on 2026-01-10 and not reviewed after breach b1 (aware 2026-01-11)"],
		["dpia.review.next_review", "the DPIA of program mci schedules no next review (dpia.review.next_review is missing)"],
	}
}

test_dpia_review_params_override if {
	program := _program({"dpia": {"review": {"next_review": "2026-10-01"}}})
	count(_findings(program)) == 0
	findings := _findings(program) with data.compliance.params as {"dpia_review_max_months": 6}
	{f.field | some f in findings} == {"dpia.review.next_review"}
}

test_dpia_review_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "breaches": [{"id": "b", "aware_at": "2026-06-15T14:20:00Z"}]})
	count(_findings(program)) == 0
}

test_dpia_review_material_change_fires if {
	program := _program({"program": {"changes": [
		{"date": "2026-02-15", "description": "before the review", "material": true, "notice_date": "2026-02-10"},
		{"date": "2026-05-04", "description": "capture extended to the browser", "material": true, "notice_date": "2026-05-01"},
		{"date": "2026-06-01", "description": "new colour theme", "material": false},
	]}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.review.last_review",
		"msg": "the DPIA of program mci was last reviewed on 2026-03-01 and not reviewed after material change #1 (capture extended to the browser, 2026-05-04)",
		"evidence": {"last_review": "2026-03-01", "changes_after": ["#1 (capture extended to the browser, 2026-05-04)"]},
	}}
}

test_dpia_review_breach_and_change_fire_together if {
	program := _program({
		"program": {"changes": [{"date": "2026-05-04", "material": true}]},
		"breaches": [{"id": "SEV2-acl", "aware_at": "2026-06-15T14:20:00Z"}],
	})
	[f.msg | some f in _findings(program)] == ["the DPIA of program mci was last reviewed on 2026-03-01 and not reviewed after breach SEV2-acl (aware 2026-06-15); material change #0 (2026-05-04)"]
}

test_dpia_review_never_reviewed_change_after_completion_fires if {
	program := object.union(object.remove(_program({}), ["dpia"]), {
		"dpia": {"performed": true, "completed_date": "2026-01-10", "review": {"next_review": "2026-12-01"}},
		"program": {"changes": [{"date": "2026-01-11", "description": "new purpose", "material": true}]},
		"breaches": [],
	})
	[f.evidence | some f in _findings(program)] == [{"completed_date": "2026-01-10", "changes_after": ["#0 (new purpose, 2026-01-11)"]}]
}

# The review triggers are the review policy: a program whose policy lists every trigger, and which
# recorded no change or breach after its last review, is quiet.
test_dpia_review_triggers_are_not_a_change if {
	program := _program({
		"dpia": {"review": {"triggers": ["scope_change", "incident", "new_tech"]}},
		"program": {"changes": [{"date": "2026-03-01", "description": "reviewed the same day", "material": true}]},
	})
	count(_findings(program)) == 0
}
