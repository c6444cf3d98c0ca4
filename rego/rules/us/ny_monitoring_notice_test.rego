package compliance.rules.us.ny_monitoring_notice_test

import data.compliance.rules.us.ny_monitoring_notice

_program(notice) := {
	"metadata": {"id": "mci"},
	"jurisdictions": {"data_subject_locations": [{"region": "US-NY", "headcount": 4200}]},
	"data_subjects": [{"category": "employee"}],
	"us_notices": {"ny_52c": notice},
}

_findings(program) := findings if {
	findings := ny_monitoring_notice.deny with input as {"programs": [program], "datasets": []}
}

test_ny_notice_fires if {
	_findings(_program({"notice_at_hire": false, "acknowledgment_rate": 0.5, "posted": false})) == {{
		"resource": "program:mci",
		"field": "us_notices.ny_52c.notice_at_hire",
		"msg": "program mci: employees are monitored in US-NY (headcount 4200), but its Civil Rights Law §52-c notice falls short: no notice at hiring (notice_at_hire is false); not every employee has acknowledged it (acknowledgment_rate is 0.5); not posted (posted is false)",
		"evidence": {"notice_at_hire": false, "acknowledgment_rate": 0.5, "posted": false},
	}}
}

test_ny_notice_fires_on_one_gap if {
	findings := _findings(_program({"notice_at_hire": true, "acknowledgment_rate": 1, "posted": false}))
	[f.field | some f in findings] == ["us_notices.ny_52c.posted"]
	[f.msg | some f in findings] == ["program mci: employees are monitored in US-NY (headcount 4200), but its Civil Rights Law §52-c notice falls short: not posted (posted is false)"]
}

test_ny_notice_quiet if {
	count(_findings(_program({"notice_at_hire": true, "acknowledgment_rate": 1, "posted": true}))) == 0
}

test_ny_notice_missing_field if {
	program := object.remove(_program({}), ["us_notices"])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "us_notices.ny_52c.notice_at_hire",
		"msg": "program mci: employees are monitored in US-NY (headcount 4200), but its Civil Rights Law §52-c notice falls short: no notice at hiring (notice_at_hire is missing); not every employee has acknowledged it (acknowledgment_rate is missing); not posted (posted is missing)",
		"evidence": {"notice_at_hire": null, "acknowledgment_rate": null, "posted": null},
	}}
}

test_ny_notice_missing_acknowledgment_rate if {
	findings := _findings(_program({"notice_at_hire": true, "posted": true}))
	[f.field | some f in findings] == ["us_notices.ny_52c.acknowledgment_rate"]
}

test_ny_notice_outside_new_york_quiet if {
	program := object.union(_program({}), {"jurisdictions": {"data_subject_locations": [{"region": "US-CA"}]}})
	count(_findings(program)) == 0
	count(_findings(object.union(_program({}), {"data_subjects": [{"category": "customer"}]}))) == 0
}
