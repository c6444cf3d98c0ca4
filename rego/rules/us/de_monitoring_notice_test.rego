package compliance.rules.us.de_monitoring_notice_test

import data.compliance.rules.us.de_monitoring_notice

_program(notice) := {
	"metadata": {"id": "acme"},
	"jurisdictions": {"data_subject_locations": [{"region": "US-DE", "headcount": 35}]},
	"data_subjects": [{"category": "employee"}],
	"us_notices": {"de_705": notice},
}

_findings(program) := findings if {
	findings := de_monitoring_notice.deny with input as {"programs": [program], "datasets": []}
}

test_de_notice_fires if {
	_findings(_program({"daily_notice": false, "one_time_ack": false})) == {{
		"resource": "program:acme",
		"field": "us_notices.de_705",
		"msg": "program acme: employees are monitored in US-DE (headcount 35), but there is neither a daily electronic notice nor an acknowledged one-time notice under 19 Del. C. §705 (daily_notice is false, one_time_ack is false)",
		"evidence": {"daily_notice": false, "one_time_ack": false},
	}}
}

test_de_notice_quiet if {
	count(_findings(_program({"daily_notice": true, "one_time_ack": false}))) == 0
	count(_findings(_program({"one_time_ack": true}))) == 0
}

test_de_notice_missing_field if {
	findings := _findings(object.remove(_program({}), ["us_notices"]))
	[f.evidence | some f in findings] == [{"daily_notice": null, "one_time_ack": null}]
	[f.msg | some f in findings] == ["program acme: employees are monitored in US-DE (headcount 35), but there is neither a daily electronic notice nor an acknowledged one-time notice under 19 Del. C. §705 (daily_notice is missing, one_time_ack is missing)"]
}

test_de_notice_outside_delaware_quiet if {
	program := object.union(_program({}), {"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}]}})
	count(_findings(program)) == 0
}
