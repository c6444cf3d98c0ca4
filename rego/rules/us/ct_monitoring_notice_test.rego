package compliance.rules.us.ct_monitoring_notice_test

import data.compliance.rules.us.ct_monitoring_notice

_program(notice) := {
	"metadata": {"id": "acme"},
	"jurisdictions": {"data_subject_locations": [{"region": "US-CT", "headcount": 120}]},
	"data_subjects": [{"category": "employee"}],
	"us_notices": {"ct_31_48d": notice},
}

_complete := {"prior_written_notice": true, "types_listed": true, "locations_listed": true, "posted": false}

_findings(program, as_of) := findings if {
	findings := ct_monitoring_notice.deny with input as {"as_of": as_of, "programs": [program], "datasets": []}
}

test_ct_notice_fires if {
	notice := {"prior_written_notice": false, "posted": false, "types_listed": false, "locations_listed": false}
	_findings(_program(notice), "2026-11-22") == {{
		"resource": "program:acme",
		"field": "us_notices.ct_31_48d.prior_written_notice",
		"msg": "program acme: employees are monitored in US-CT (headcount 120), but its §31-48d monitoring notice falls short: no prior written notice and none posted (prior_written_notice is false, posted is false); the types of monitoring are not listed (types_listed is false); the monitoring locations are not listed, required from 2026-10-01 (locations_listed is false)",
		"evidence": notice,
	}}
}

test_ct_notice_fires_on_locations_from_october_2026 if {
	notice := object.union(_complete, {"locations_listed": false})
	findings := _findings(_program(notice), "2026-10-01")
	[f.field | some f in findings] == ["us_notices.ct_31_48d.locations_listed"]
	count(_findings(_program(notice), "2026-09-30")) == 0
}

test_ct_notice_quiet if {
	count(_findings(_program(_complete), "2026-11-22")) == 0
	posted_only := {"posted": true, "types_listed": true, "locations_listed": true}
	count(_findings(_program(posted_only), "2026-11-22")) == 0
}

test_ct_notice_missing_field if {
	_findings(object.remove(_program({}), ["us_notices"]), "2026-11-22") == {{
		"resource": "program:acme",
		"field": "us_notices.ct_31_48d.prior_written_notice",
		"msg": "program acme: employees are monitored in US-CT (headcount 120), but its §31-48d monitoring notice falls short: no prior written notice and none posted (prior_written_notice is missing, posted is missing); the types of monitoring are not listed (types_listed is missing); the monitoring locations are not listed, required from 2026-10-01 (locations_listed is missing)",
		"evidence": {"prior_written_notice": null, "posted": null, "types_listed": null, "locations_listed": null},
	}}
}

test_ct_notice_missing_types_listed if {
	findings := _findings(_program(object.remove(_complete, ["types_listed"])), "2026-11-22")
	[f.field | some f in findings] == ["us_notices.ct_31_48d.types_listed"]
}

test_ct_notice_outside_connecticut_quiet if {
	program := object.union(_program({}), {"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}]}})
	count(_findings(program, "2026-11-22")) == 0
}
