package compliance.rules.security.dataset_encryption_at_rest_test

import data.compliance.rules.security.dataset_encryption_at_rest

_program := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"data_categories": [
		{"id": "clicks", "type": "clicks", "special_category": false, "ccpa_sensitive": false},
		{"id": "health_notes", "type": "health", "special_category": true},
		{"id": "login_ids", "type": "identifiers", "ccpa_sensitive": true},
	],
}

_dataset(overrides) := object.union(
	{
		"id": "mci_raw.clicks",
		"program": "mci",
		"data_categories": ["clicks"],
		"personal_data": true,
		"sensitivity": 2,
		"encryption": {"at_rest": false, "key_ref": null, "in_transit": true},
	},
	overrides,
)

_findings(dataset) := findings if {
	findings := dataset_encryption_at_rest.deny with input as {"programs": [_program], "datasets": [dataset]}
}

test_encryption_at_rest_fires if {
	findings := _findings(_dataset({}))
	count(findings) == 1
	some f in findings
	f.resource == "dataset:mci_raw.clicks"
	f.field == "encryption.at_rest"
	f.msg == "dataset mci_raw.clicks holds clicks (sensitivity 2) and is not encrypted at rest"
	f.evidence == {"at_rest": false, "sensitivity": 2}
}

test_encryption_at_rest_quiet if {
	count(_findings(_dataset({"encryption": {"at_rest": true, "key_ref": "kms://k1"}}))) == 0
}

test_encryption_at_rest_quiet_when_not_personal if {
	count(_findings(_dataset({"personal_data": false}))) == 0
}

test_encryption_at_rest_missing_field if {
	findings := _findings(object.remove(_dataset({}), ["encryption"]))
	count(findings) == 1
	some f in findings
	f.field == "encryption.at_rest"
	f.msg == "dataset mci_raw.clicks holds clicks (sensitivity 2) and declares no encryption"
	f.evidence == {"at_rest": null, "sensitivity": 2}
}

test_encryption_at_rest_missing_at_rest_key if {
	dataset := object.union(object.remove(_dataset({}), ["encryption"]), {"encryption": {"in_transit": true}})
	findings := _findings(dataset)
	count(findings) == 1
	some f in findings
	f.msg == "dataset mci_raw.clicks holds clicks (sensitivity 2) and is not encrypted at rest"
	f.evidence.at_rest == null
}

test_encryption_at_rest_severity_high if {
	some f in _findings(_dataset({}))
	f.severity == "high"
}

test_encryption_at_rest_severity_critical_by_sensitivity if {
	findings := _findings(_dataset({"id": "mci_raw.keystrokes", "data_categories": ["keystrokes", "mouse_movements"], "sensitivity": 4}))
	count(findings) == 1
	some f in findings
	f.severity == "critical"
	f.msg == "dataset mci_raw.keystrokes holds keystrokes, mouse_movements (sensitivity 4) and is not encrypted at rest"
	f.evidence == {"at_rest": false, "sensitivity": 4}
}

test_encryption_at_rest_severity_critical_by_special_category if {
	some f in _findings(_dataset({"data_categories": ["clicks", "health_notes"]}))
	f.severity == "critical"
}

test_encryption_at_rest_severity_critical_by_ccpa_sensitive if {
	some f in _findings(_dataset({"data_categories": ["login_ids"], "sensitivity": 1}))
	f.severity == "critical"
}

test_encryption_at_rest_severity_high_when_program_unknown if {
	# the special category is only known through the program; without it, sensitivity decides
	some f in _findings(_dataset({"program": "other", "data_categories": ["health_notes"]}))
	f.severity == "high"
}

test_encryption_at_rest_unlabelled_dataset if {
	some f in _findings(object.remove(_dataset({}), ["sensitivity", "data_categories"]))
	f.msg == "dataset mci_raw.clicks holds personal data (no sensitivity label) and is not encrypted at rest"
	f.severity == "high"
	f.evidence == {"at_rest": false, "sensitivity": null}
}

# GDPR does not reach a program of a US-only employer (docs/method.md#applicability): its datasets are not
# judged under GDPR ids (the US packs' own rules cover them).
_us_program := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": "US"}]}}

test_encryption_at_rest_quiet_outside_gdpr if {
	findings := dataset_encryption_at_rest.deny with input as {"programs": [_us_program], "datasets": [_dataset({})]}
	count(findings) == 0
}

test_encryption_at_rest_orphan_or_unknown_program_still_judged if {
	findings := dataset_encryption_at_rest.deny with input as {"programs": [object.union(_us_program, {"metadata": {"id": "other"}})], "datasets": [_dataset({})]}
	count(findings) > 0
}

# Drift recorded by `compliance discover`: declared by a mapping, observed otherwise.
_drifted := _dataset({
	"encryption": {"at_rest": true, "key_ref": "kms://k1", "in_transit": true},
	"drift": [{"field": "encryption.at_rest", "declared": false, "observed": true, "declared_by": "mapping:warehouse-map#0"}],
})

test_encryption_at_rest_drift_fires if {
	findings := _findings(_drifted)
	count(findings) == 1
	some f in findings
	f.field == "encryption.at_rest"
	f.severity == "medium"
	f.msg == "dataset mci_raw.clicks: encryption.at_rest is declared false (mapping:warehouse-map#0) but the deployed catalog shows true; the observed value is the one judged"
	f.evidence == {"field": "encryption.at_rest", "declared": false, "observed": true}
}

test_encryption_at_rest_drift_quiet_for_other_fields if {
	dataset := object.union(_drifted, {"drift": [{"field": "retention.ttl_days", "declared": 30, "observed": 90}]})
	count(_findings(dataset)) == 0
}

test_encryption_at_rest_drift_missing_field if {
	count(_findings(object.remove(_drifted, ["drift"]))) == 0
}

test_encryption_at_rest_quiet_when_unknown if {
	count(_findings(_dataset({"encryption": {"at_rest": null}, "unknown": ["encryption.at_rest"]}))) == 0
}

test_encryption_at_rest_unknown_fail_fires if {
	dataset := _dataset({"encryption": {"at_rest": null}, "unknown": ["encryption.at_rest"]})
	findings := dataset_encryption_at_rest.deny with input as {"programs": [_program], "datasets": [dataset]}
		with data.compliance.run.unknown as "fail"
	findings == {{
		"resource": "dataset:mci_raw.clicks",
		"field": "encryption.at_rest",
		"msg": "dataset mci_raw.clicks (sensitivity 2): whether it is encrypted at rest is unknown until apply (encryption.at_rest), so the rule cannot be checked",
		"evidence": {"unknown": "encryption.at_rest"},
	}}
}

test_encryption_at_rest_unknown_fail_quiet_when_known if {
	count(dataset_encryption_at_rest.deny) == 0 with input as {"programs": [_program], "datasets": [_dataset({"encryption": {"at_rest": true}})]}
		with data.compliance.run.unknown as "fail"
}
