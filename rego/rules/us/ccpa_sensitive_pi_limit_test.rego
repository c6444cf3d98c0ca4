package compliance.rules.us.ccpa_sensitive_pi_limit_test

import data.compliance.rules.us.ccpa_sensitive_pi_limit

_program(ccpa) := {
	"metadata": {"id": "mci"},
	"jurisdictions": {"data_subject_locations": [{"region": "US-CA", "headcount": 9800}], "ccpa_business": true},
	"data_subjects": [{"category": "employee"}],
	"data_categories": [{"id": "screenshots", "ccpa_sensitive": true}, {"id": "clicks", "ccpa_sensitive": false}],
	"us_notices": {"ccpa": ccpa},
}

_inferring := {
	"notice_at_collection": false,
	"spi_categories": ["health", "financial_account"],
	"spi_inference": true,
	"spi_uses_beyond_7027m": true,
	"limit_link": false,
}

_findings(program) := findings if {
	findings := ccpa_sensitive_pi_limit.deny with input as {"programs": [program], "datasets": []}
}

test_ccpa_spi_fires if {
	_findings(_program(_inferring)) == {{
		"resource": "program:mci",
		"field": "us_notices.ccpa.limit_link",
		"msg": `program mci uses sensitive personal information (health, financial_account) to infer characteristics of workers and beyond the purposes of 11 CCR §7027(m), but offers no "Limit the Use of My Sensitive Personal Information" link (limit_link is false) and does not disclose it in a notice at collection (notice_at_collection is false)`,
		"evidence": {"spi_categories": ["health", "financial_account"], "limit_link": false, "notice_at_collection": false},
	}}
}

test_ccpa_spi_fires_without_notice_only if {
	findings := _findings(_program(object.union(_inferring, {"limit_link": true})))
	[f.field | some f in findings] == ["us_notices.ccpa.notice_at_collection"]
}

test_ccpa_spi_quiet if {
	count(_findings(_program(object.union(_inferring, {"limit_link": true, "notice_at_collection": true})))) == 0
}

test_ccpa_spi_quiet_without_inference if {
	count(_findings(_program(object.union(_inferring, {"spi_inference": false})))) == 0
}

test_ccpa_spi_quiet_within_7027m if {
	count(_findings(_program(object.union(_inferring, {"spi_uses_beyond_7027m": false})))) == 0
}

test_ccpa_spi_quiet_without_spi if {
	count(_findings(_program(object.union(_inferring, {"spi_categories": []})))) == 0
}

test_ccpa_spi_missing_field if {
	ccpa := object.remove(_inferring, ["spi_inference", "spi_uses_beyond_7027m"])
	_findings(_program(ccpa)) == {{
		"resource": "program:mci",
		"field": "us_notices.ccpa.spi_inference",
		"msg": "program mci collects sensitive personal information (health, financial_account) but does not declare whether it is used to infer characteristics (spi_inference) or whether its uses go beyond §7027(m) (spi_uses_beyond_7027m), so whether workers have the right to limit its use cannot be told",
		"evidence": {"spi_inference": null, "spi_uses_beyond_7027m": null},
	}}
}

test_ccpa_spi_missing_spi_categories if {
	_findings(object.remove(_program({}), ["us_notices"])) == {{
		"resource": "program:mci",
		"field": "us_notices.ccpa.spi_categories",
		"msg": "program mci declares no sensitive personal information (us_notices.ccpa.spi_categories is missing) although its data categories screenshots are CCPA-sensitive",
		"evidence": {"spi_categories": null, "ccpa_sensitive_categories": ["screenshots"]},
	}}
}

test_ccpa_spi_outside_california_quiet if {
	program := object.union(_program(_inferring), {"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}]}})
	count(_findings(program)) == 0
}
