package compliance.rules.transparency.notice_before_collection_test

import data.compliance.rules.transparency.notice_before_collection

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"start_date": "2026-04-21"},
		"controller": {"establishments": [{"country": "FR"}]},
		"transparency": {"notice": {"provided": true, "date": "2026-04-07"}},
		"dpia": {"review": {"last_review": "2026-04-01", "triggers": ["scope_change"]}},
	},
	overrides,
)

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

test_scope_change_without_new_notice_fires if {
	_findings(_program({"dpia": {"review": {"last_review": "2026-06-30"}}})) == {{
		"resource": "program:mci",
		"field": "transparency.notice.date",
		"msg": "program mci changed scope (DPIA review of 2026-06-30) after its last notice of 2026-04-07, and the people monitored were not re-notified",
		"evidence": {"notice_date": "2026-04-07", "last_review": "2026-06-30", "triggers": ["scope_change"]},
	}}
}

test_notice_timing_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"transparency": {"notice": {"date": "2026-04-21"}}}))) == 0
	count(_findings(_program({"dpia": {"review": {"last_review": "2026-06-30", "triggers": ["incident"]}}}))) == 0
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
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "transparency": {"notice": {"date": "2026-05-12"}}})
	count(_findings(program)) == 0
}
