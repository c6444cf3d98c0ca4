package compliance.rules.us.state_security_and_breach_notice_test

import data.compliance.rules.us.state_security_and_breach_notice

_breach(overrides) := object.union(
	{
		"id": "SEV2-acl",
		"aware_at": "2026-06-15T14:20:00Z",
		"categories": ["screenshots", "clicks"],
		"us_notices": [
			{"state": "US-NY", "notified_at": "2026-07-10T09:00:00Z"},
			{"state": "US-CA", "notified_at": "2026-07-01T09:00:00Z"},
		],
	},
	overrides,
)

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"jurisdictions": {
			"data_subject_locations": [{"region": "US-NY", "headcount": 4200}, {"region": "US-CA", "headcount": 9800}],
			"ccpa_business": true,
		},
		"data_subjects": [{"category": "employee"}],
		"data_categories": [
			{"id": "screenshots", "type": "screenshots", "ccpa_sensitive": true},
			{"id": "clicks", "type": "clicks"},
			{"id": "payslips", "type": "financial"},
		],
		"storage": {"encryption": {"at_rest": true}},
		"breaches": [_breach({})],
	},
	overrides,
)

_findings(program, as_of) := findings if {
	findings := state_security_and_breach_notice.deny with input as {"as_of": as_of, "programs": [program], "datasets": []}
}

# Without California staff the message does not speak of California damages.
test_us_security_new_york_only_message if {
	program := _program({
		"jurisdictions": {"data_subject_locations": [{"region": "US-NY", "headcount": 4200}], "ccpa_business": false},
		"storage": {"encryption": {"at_rest": false}},
		"breaches": [],
	})
	[f.msg | some f in _findings(program, "2026-11-22")] == ["program mci holds personal information of people in US-NY but does not encrypt it at rest (storage.encryption.at_rest is false)"]
}

test_us_security_fires if {
	program := _program({"storage": {"encryption": {"at_rest": false}}, "breaches": [_breach({"us_notices": []})]})
	_findings(program, "2026-11-22") == {
		{
			"resource": "program:mci",
			"field": "storage.encryption.at_rest",
			"msg": "program mci holds personal information of people in US-NY, US-CA but does not encrypt it at rest (storage.encryption.at_rest is false): a breach of non-encrypted data carries California statutory damages",
			"evidence": {"at_rest": false, "states": ["US-NY", "US-CA"]},
		},
		{
			"resource": "program:mci",
			"field": "breaches.0.us_notices",
			"msg": "breach SEV2-acl of program mci involves covered data of New York residents (screenshots): no notice to them (no us_notices entry for US-NY) although the 30 days after discovery have passed",
			"evidence": {"breach": "SEV2-acl", "state": "US-NY", "aware_at": "2026-06-15T14:20:00Z", "limit_days": 30},
		},
		{
			"resource": "program:mci",
			"field": "breaches.0.us_notices",
			"msg": "breach SEV2-acl of program mci involves covered data of California residents (screenshots) but they were never notified (no us_notices entry for US-CA)",
			"evidence": {"breach": "SEV2-acl", "state": "US-CA"},
		},
	}
}

test_us_security_fires_on_late_new_york_notice if {
	breach := _breach({"categories": ["payslips"], "us_notices": [
		{"state": "US-NY", "notified_at": "2026-07-20T09:00:00Z"},
		{"state": "US-CA", "notified_at": "2026-07-01T09:00:00Z"},
	]})
	[f.msg | some f in _findings(_program({"breaches": [breach]}), "2026-11-22")] == ["breach SEV2-acl of program mci involves covered data of New York residents (payslips): they were notified 34 days after discovery, more than the 30 allowed"]
}

test_us_security_quiet if {
	count(_findings(_program({}), "2026-11-22")) == 0
}

test_us_security_quiet_before_new_york_deadline if {
	program := _program({"breaches": [_breach({"us_notices": [{"state": "US-CA", "notified_at": "2026-07-01T09:00:00Z"}]})]})
	count(_findings(program, "2026-07-15")) == 0
	count(_findings(program, "2026-07-16")) == 1
}

test_us_security_quiet_without_covered_data if {
	program := _program({"breaches": [_breach({"categories": ["clicks"], "us_notices": []})]})
	count(_findings(program, "2026-11-22")) == 0
}

test_us_security_params_override if {
	breach := _breach({"us_notices": [
		{"state": "US-NY", "notified_at": "2026-07-10T09:00:00Z"},
		{"state": "US-CA", "notified_at": "2026-07-01T09:00:00Z"},
	]})
	findings := _findings(_program({"breaches": [breach]}), "2026-11-22") with data.compliance.params as {"ny_breach_days": 20}
	[f.msg | some f in findings] == ["breach SEV2-acl of program mci involves covered data of New York residents (screenshots): they were notified 24 days after discovery, more than the 20 allowed"]
	[f.evidence.limit_days | some f in findings] == [20]
}

test_us_security_missing_field if {
	program := json.patch(_program({}), [
		{"op": "remove", "path": "/storage"},
		{"op": "remove", "path": "/breaches/0/categories"},
		{"op": "remove", "path": "/breaches/0/aware_at"},
	])
	_findings(program, "2026-11-22") == {
		{
			"resource": "program:mci",
			"field": "storage.encryption.at_rest",
			"msg": "program mci holds personal information of people in US-NY, US-CA but does not encrypt it at rest (storage.encryption.at_rest is missing): a breach of non-encrypted data carries California statutory damages",
			"evidence": {"at_rest": null, "states": ["US-NY", "US-CA"]},
		},
		{
			"resource": "program:mci",
			"field": "breaches.0.categories",
			"msg": "breach SEV2-acl of program mci records no categories, so it cannot be triaged against the New York and California breach-notice laws",
			"evidence": {"breach": "SEV2-acl", "categories": null},
		},
		{
			"resource": "program:mci",
			"field": "breaches.0.aware_at",
			"msg": "breach SEV2-acl of program mci records no aware_at, so it cannot be triaged against the New York and California breach-notice laws",
			"evidence": {"breach": "SEV2-acl", "aware_at": null},
		},
	}
}

test_us_security_outside_us_quiet if {
	program := _program({
		"jurisdictions": {"data_subject_locations": [{"region": "DE"}], "ccpa_business": false},
		"storage": {"encryption": {"at_rest": false}},
		"breaches": [_breach({"us_notices": []})],
	})
	count(_findings(program, "2026-11-22")) == 0
}
