package compliance.rules.transparency.notice_before_collection_test

import data.compliance.rules.transparency.notice_before_collection

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"start_date": "2026-04-21"},
		"controller": {"establishments": [{"country": "FR"}]},
		"transparency": {"notice": {"provided": true, "date": "2026-04-07"}},
		"dpia": {"review": {"last_review": "2026-06-30", "triggers": ["scope_change", "incident", "new_tech"]}},
	},
	overrides,
)

_with_changes(changes) := _program({"program": {"start_date": "2026-04-21", "changes": changes}})

_findings(program) := findings if {
	findings := notice_before_collection.deny with input as {"programs": [program], "datasets": []}
}

test_late_notice_fires if {
	_findings(_program({"transparency": {"notice": {"date": "2026-05-12"}}})) == {{
		"resource": "program:mci",
		"field": "transparency.notice.date",
		"msg": "program mci: the notice is dated 2026-05-12, after collection started on 2026-04-21",
		"evidence": {"notice_date": "2026-05-12", "start_date": "2026-04-21"},
	}}
}

test_material_change_without_notice_date_fires if {
	program := _with_changes([
		{"date": "2026-05-01", "description": "screenshots every 60 s", "material": true, "notice_date": "2026-04-28"},
		{"date": "2026-06-02", "description": "capture extended to the browser", "material": true},
	])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "program.changes.1.notice_date",
		"msg": "program mci: material change #1 (capture extended to the browser, dated 2026-06-02) has no notice date (notice_date is missing): the people monitored are not shown to have been told of it",
		"evidence": {"change": 1, "date": "2026-06-02", "notice_date": null},
	}}
}

test_material_change_null_notice_date_fires if {
	program := _with_changes([{"date": "2026-06-02", "material": true, "notice_date": null}])
	[f.field | some f in _findings(program)] == ["program.changes.0.notice_date"]
}

test_material_change_notified_late_fires if {
	program := _with_changes([{"date": "2026-06-02", "material": true, "notice_date": "2026-06-15"}])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "program.changes.0.notice_date",
		"msg": "program mci: material change #0 (dated 2026-06-02) took effect on 2026-06-02 but the people monitored were told of it only on 2026-06-15",
		"evidence": {"change": 0, "date": "2026-06-02", "notice_date": "2026-06-15"},
	}}
}

test_material_change_without_date_fires if {
	program := _with_changes([{"description": "new purpose", "material": true, "notice_date": "2026-06-15"}])
	[f.msg | some f in _findings(program)] == ["program mci: material change #0 (new purpose, undated) has no date (date is missing), so notice before it (on 2026-06-15) cannot be shown"]
}

test_notice_timing_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"transparency": {"notice": {"date": "2026-04-21"}}}))) == 0
	# notified on the day of the change, or before it
	count(_findings(_with_changes([
		{"date": "2026-06-02", "material": true, "notice_date": "2026-06-02"},
		{"date": "2026-07-01", "material": true, "notice_date": "2026-06-20"},
	]))) == 0
	# changes that are not material need no fresh notice
	count(_findings(_with_changes([{"date": "2026-06-02", "material": false}, {"date": "2026-06-03"}]))) == 0
}

# The review triggers are a policy (the events that would start a DPIA review), not a change: a
# well-run program with every trigger, a review after its notice and no unnotified change is quiet.
test_review_triggers_are_not_a_change if {
	program := _program({"dpia": {"review": {"last_review": "2026-11-30", "triggers": ["scope_change", "incident", "new_tech"]}}})
	count(_findings(program)) == 0
	count(_findings(_with_changes([]))) == 0
}

test_notice_timing_missing_field if {
	_findings(object.remove(_program({}), ["transparency"])) == {{
		"resource": "program:mci",
		"field": "transparency.notice.date",
		"msg": "program mci: no notice date is declared, so notice before collection cannot be shown",
		"evidence": {"notice_date": null, "start_date": "2026-04-21"},
	}}
	_findings(object.remove(_program({}), ["program"])) == {{
		"resource": "program:mci",
		"field": "program.start_date",
		"msg": "program mci: no start date is declared, so notice before collection cannot be shown",
		"evidence": {"notice_date": "2026-04-07", "start_date": null},
	}}
}

test_notice_timing_outside_gdpr_quiet if {
	program := object.union(
		_with_changes([{"date": "2026-06-02", "material": true}]),
		{"controller": {"establishments": [{"country": "US"}]}, "transparency": {"notice": {"date": "2026-05-12"}}},
	)
	count(_findings(program)) == 0
}
