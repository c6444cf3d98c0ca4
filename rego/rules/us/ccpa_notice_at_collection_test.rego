package compliance.rules.us.ccpa_notice_at_collection_test

import data.compliance.rules.us.ccpa_notice_at_collection

_program(ccpa) := {
	"metadata": {"id": "mci"},
	"jurisdictions": {"data_subject_locations": [{"region": "US-CA", "headcount": 9800}], "ccpa_business": true},
	"data_subjects": [{"category": "employee"}],
	"us_notices": {"ccpa": ccpa},
}

_complete := {
	"notice_at_collection": true,
	"retention_per_category": true,
	"privacy_policy_url": "https://example.com/privacy",
	"spi_categories": ["health"],
}

_findings(program) := findings if {
	findings := ccpa_notice_at_collection.deny with input as {"programs": [program], "datasets": []}
}

test_ccpa_notice_fires if {
	ccpa := object.union(_complete, {"notice_at_collection": false, "retention_per_category": false})
	_findings(_program(ccpa)) == {{
		"resource": "program:mci",
		"field": "us_notices.ccpa.notice_at_collection",
		"msg": "program mci: jurisdictions.ccpa_business is true and the workforce includes people in US-CA (headcount 9800), but its CCPA notice at collection falls short: no notice at collection (notice_at_collection is false); no retention period per category (retention_per_category is false). The notice must also list the sensitive personal information collected: health",
		"evidence": {"notice_at_collection": false, "retention_per_category": false, "privacy_policy_url": "https://example.com/privacy"},
	}}
}

test_ccpa_notice_fires_on_blank_policy_url if {
	findings := _findings(_program(object.union(_complete, {"privacy_policy_url": " ", "spi_categories": []})))
	[f.msg | some f in findings] == [`program mci: jurisdictions.ccpa_business is true and the workforce includes people in US-CA (headcount 9800), but its CCPA notice at collection falls short: no link to the privacy policy (privacy_policy_url is " ")`]
	[f.field | some f in findings] == ["us_notices.ccpa.privacy_policy_url"]
}

test_ccpa_notice_quiet if {
	count(_findings(_program(_complete))) == 0
}

test_ccpa_notice_missing_field if {
	findings := _findings(object.remove(_program({}), ["us_notices"]))
	[f.field | some f in findings] == ["us_notices.ccpa.notice_at_collection"]
	[f.evidence | some f in findings] == [{"notice_at_collection": null, "retention_per_category": null, "privacy_policy_url": null}]
}

test_ccpa_notice_outside_california_quiet if {
	program := object.union(_program({}), {"jurisdictions": {"ccpa_business": false}})
	count(_findings(program)) == 0
}
