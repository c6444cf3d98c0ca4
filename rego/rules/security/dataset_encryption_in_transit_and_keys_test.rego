package compliance.rules.security.dataset_encryption_in_transit_and_keys_test

import data.compliance.rules.security.dataset_encryption_in_transit_and_keys

_program(country) := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": country}]}}

_dataset(overrides) := object.union(
	{
		"id": "mci_scratch.export",
		"program": "mci",
		"personal_data": true,
		"sensitivity": 3,
		"encryption": {"at_rest": true, "key_ref": "kms://k1", "in_transit": true},
	},
	overrides,
)

_findings(dataset) := findings if {
	findings := dataset_encryption_in_transit_and_keys.deny with input as {"programs": [_program("IE")], "datasets": [dataset]}
}

test_transit_and_keys_fires if {
	dataset := _dataset({"encryption": {"in_transit": false, "key_ref": null}})
	_findings(dataset) == {
		{
			"resource": "dataset:mci_scratch.export",
			"field": "encryption.in_transit",
			"msg": "dataset mci_scratch.export (sensitivity 3) is not encrypted in transit (encryption.in_transit is false)",
			"evidence": {"in_transit": false},
		},
		{
			"resource": "dataset:mci_scratch.export",
			"field": "encryption.key_ref",
			"msg": "dataset mci_scratch.export (sensitivity 3) is encrypted at rest with the provider's default key (encryption.key_ref is null), so it cannot be crypto-shredded",
			"evidence": {"at_rest": true, "key_ref": null},
		},
	}
}

test_transit_and_keys_quiet if {
	count(_findings(_dataset({}))) == 0
	# not encrypted at rest at all: that is GDPR-SEC-001, not a key_ref finding
	count(_findings(_dataset({"encryption": {"at_rest": false, "key_ref": null}}))) == 0
	count(_findings(_dataset({"personal_data": false, "encryption": {"in_transit": false}}))) == 0
}

test_transit_and_keys_missing_field if {
	_findings(object.remove(_dataset({}), ["encryption"])) == {{
		"resource": "dataset:mci_scratch.export",
		"field": "encryption.in_transit",
		"msg": "dataset mci_scratch.export (sensitivity 3) is not encrypted in transit (encryption.in_transit is missing)",
		"evidence": {"in_transit": null},
	}}
}

test_transit_and_keys_missing_key_ref if {
	dataset := object.union(object.remove(_dataset({}), ["encryption"]), {"encryption": {"at_rest": true, "in_transit": true}})
	findings := _findings(dataset)
	count(findings) == 1
	some f in findings
	f.field == "encryption.key_ref"
	f.evidence == {"at_rest": true, "key_ref": null}
}

test_transit_and_keys_orphan_judged if {
	findings := _findings(_dataset({"program": "unknown", "encryption": {"in_transit": null}}))
	count(findings) == 1
}

test_transit_and_keys_outside_gdpr_quiet if {
	findings := dataset_encryption_in_transit_and_keys.deny with input as {
		"programs": [_program("US")],
		"datasets": [_dataset({"encryption": {"in_transit": false}})],
	}
	count(findings) == 0
}

# A blank key_ref is no key: the rule's second body (a string) must report it like a null one.
test_transit_and_keys_blank_key_ref if {
	findings := _findings(_dataset({"encryption": {"at_rest": true, "key_ref": "  ", "in_transit": true}}))
	count(findings) == 1
	some f in findings
	f.field == "encryption.key_ref"
	f.evidence == {"at_rest": true, "key_ref": "  "}
	f.msg == "dataset mci_scratch.export (sensitivity 3) is encrypted at rest with the provider's default key (encryption.key_ref is \"  \"), so it cannot be crypto-shredded"
}

test_transit_and_keys_drift_fires if {
	dataset := _dataset({"drift": [{"field": "encryption.in_transit", "declared": true, "observed": false, "declared_by": "mapping:m#1"}]})
	findings := _findings(dataset)
	count(findings) == 1
	some f in findings
	f.field == "encryption.in_transit"
	f.severity == "medium"
	f.msg == "dataset mci_scratch.export: encryption.in_transit is declared true (mapping:m#1) but the deployed catalog shows false; the observed value is the one judged"
}

test_transit_and_keys_drift_quiet_for_other_fields if {
	count(_findings(_dataset({"drift": [{"field": "audit_logging", "declared": true, "observed": false}]}))) == 0
}

test_transit_and_keys_drift_quiet_when_not_personal if {
	dataset := _dataset({"personal_data": false, "drift": [{"field": "encryption.key_ref", "declared": "kms://a", "observed": "kms://b"}]})
	count(_findings(dataset)) == 0
}

# A key or TLS setting unknown until apply is never "the provider's default key" / "not encrypted".
_unknown := _dataset({"encryption": {"at_rest": true, "key_ref": null, "in_transit": null}, "unknown": ["encryption.key_ref", "encryption.in_transit"]})

test_transit_and_keys_quiet_when_unknown if {
	count(_findings(_unknown)) == 0
}

test_transit_and_keys_unknown_fail_fires_once_per_fact if {
	findings := dataset_encryption_in_transit_and_keys.deny with input as {"programs": [_program("IE")], "datasets": [_unknown]}
		with data.compliance.run.unknown as "fail"
	{f.field | some f in findings} == {"encryption.key_ref", "encryption.in_transit"}
	count(findings) == 2
	some f in findings
	f.field == "encryption.key_ref"
	f.msg == "dataset mci_scratch.export (sensitivity 3): which key encrypts it at rest is unknown until apply (encryption.key_ref), so the rule cannot be checked"
}

test_transit_and_keys_unknown_fail_quiet_when_known if {
	count(dataset_encryption_in_transit_and_keys.deny) == 0 with input as {"programs": [_program("IE")], "datasets": [_dataset({})]}
		with data.compliance.run.unknown as "fail"
}
