package compliance.rules.security.storage_encryption_test

import data.compliance.rules.security.storage_encryption

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}]},
		"data_categories": [{"id": "clicks", "special_category": false, "ccpa_sensitive": false}],
		"storage": {"encryption": {"at_rest": true, "in_transit": true, "key_management": "kms"}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := storage_encryption.deny with input as {"programs": [program], "datasets": []}
}

test_storage_encryption_fires if {
	program := _program({"storage": {"encryption": {"at_rest": false, "in_transit": true, "key_management": "none"}}})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "storage.encryption.at_rest",
			"msg": "program mci does not encrypt stored data at rest (storage.encryption.at_rest is false)",
			"evidence": {"at_rest": false},
			"severity": "high",
		},
		{
			"resource": "program:mci",
			"field": "storage.encryption.key_management",
			"msg": `program mci keeps no managed encryption keys (storage.encryption.key_management is "none")`,
			"evidence": {"key_management": "none"},
			"severity": "high",
		},
	}
}

test_storage_encryption_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"storage": {"encryption": {"key_management": "hsm"}}}))) == 0
}

test_storage_encryption_missing_field if {
	program := object.union(object.remove(_program({}), ["storage"]), {"storage": {"locations": []}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "storage.encryption",
		"msg": "program mci declares no storage encryption (storage.encryption is missing)",
		"evidence": {"encryption": null},
		"severity": "high",
	}}
}

test_storage_encryption_missing_in_transit_key if {
	program := object.union(object.remove(_program({}), ["storage"]), {"storage": {"encryption": {"at_rest": true, "key_management": "kms"}}})
	findings := _findings(program)
	count(findings) == 1
	some f in findings
	f.field == "storage.encryption.in_transit"
	f.msg == "program mci does not encrypt data in transit (storage.encryption.in_transit is missing)"
	f.evidence == {"in_transit": null}
}

test_storage_encryption_critical_with_sensitive_data if {
	program := _program({
		"storage": {"encryption": {"at_rest": false}},
		"data_categories": [
			{"id": "clicks"},
			{"id": "screens", "incidental_special_category_likely": true},
			{"id": "logins", "ccpa_sensitive": true},
			{"id": "sick_notes", "special_category": true},
		],
	})
	findings := _findings(program)
	count(findings) == 1
	some f in findings
	f.severity == "critical"
	f.msg == "program mci does not encrypt stored data at rest (storage.encryption.at_rest is false); it holds special-category or CCPA-sensitive data (logins, screens, sick_notes)"
}

test_storage_encryption_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"storage": {"encryption": {"at_rest": false}},
	})
	count(_findings(program)) == 0
}
