package compliance.rules.principles.no_covert_monitoring_test

import data.compliance.rules.principles.no_covert_monitoring

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"start_date": "2026-04-21", "covert": false},
		"controller": {"establishments": [{"country": "IE"}]},
		"transparency": {"notice": {"provided": true, "date": "2026-04-14"}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := no_covert_monitoring.deny with input as {"programs": [program], "datasets": []}
}

test_covert_fires if {
	_findings(_program({"program": {"covert": true}})) == {{
		"resource": "program:mci",
		"field": "program.covert",
		"msg": "program mci is covert (program.covert is true): the people monitored are not told",
		"evidence": {"covert": true},
	}}
}

test_notice_not_provided_fires if {
	_findings(_program({"transparency": {"notice": {"provided": false}}})) == {{
		"resource": "program:mci",
		"field": "transparency.notice.provided",
		"msg": "program mci gives the people monitored no notice (transparency.notice.provided is false)",
		"evidence": {"provided": false},
	}}
}

test_late_notice_fires if {
	_findings(_program({"transparency": {"notice": {"date": "2026-05-02"}}})) == {{
		"resource": "program:mci",
		"field": "transparency.notice.date",
		"msg": "program mci: the notice is dated 2026-05-02, after capture started on 2026-04-21",
		"evidence": {"notice_date": "2026-05-02", "start_date": "2026-04-21"},
	}}
}

test_covert_quiet if {
	count(_findings(_program({}))) == 0
}

test_notice_same_day_quiet if {
	count(_findings(_program({"transparency": {"notice": {"date": "2026-04-21"}}}))) == 0
}

test_notice_missing_field if {
	_findings(object.remove(_program({}), ["transparency"])) == {{
		"resource": "program:mci",
		"field": "transparency.notice.provided",
		"msg": "program mci gives the people monitored no notice (transparency.notice.provided is missing)",
		"evidence": {"provided": null},
	}}
}

test_notice_date_missing_field if {
	_findings(_program({"transparency": {"notice": {"provided": true, "date": null}}})) == {{
		"resource": "program:mci",
		"field": "transparency.notice.date",
		"msg": "program mci: the notice has no date, so it cannot be shown to precede the first capture",
		"evidence": {"notice_date": null, "start_date": "2026-04-21"},
	}}
}

test_covert_outside_gdpr_quiet if {
	program := _program({
		"program": {"covert": true},
		"controller": {"establishments": [{"country": "US"}]},
	})
	count(_findings(program)) == 0
}
