package compliance.rules.security.dataset_audit_logging_test

import data.compliance.rules.security.dataset_audit_logging

_dataset(overrides) := object.union(
	{
		"id": "mci_raw.screens",
		"program": "mci",
		"personal_data": true,
		"sensitivity": 3,
		"audit_logging": false,
	},
	overrides,
)

_findings(dataset) := findings if {
	findings := dataset_audit_logging.deny with input as {"datasets": [dataset]}
}

test_audit_logging_fires if {
	findings := _findings(_dataset({}))
	count(findings) == 1
	some f in findings
	f.resource == "dataset:mci_raw.screens"
	f.field == "audit_logging"
	f.msg == "dataset mci_raw.screens (sensitivity 3) has audit logging turned off"
	f.evidence == {"audit_logging": false, "sensitivity": 3}
}

test_audit_logging_quiet if {
	count(_findings(_dataset({"audit_logging": true}))) == 0
}

test_audit_logging_quiet_below_sensitivity_3 if {
	count(_findings(_dataset({"sensitivity": 2}))) == 0
}

test_audit_logging_quiet_when_not_personal if {
	count(_findings(_dataset({"personal_data": false, "sensitivity": 4}))) == 0
}

test_audit_logging_missing_field if {
	findings := _findings(object.remove(_dataset({"sensitivity": 4}), ["audit_logging"]))
	count(findings) == 1
	some f in findings
	f.field == "audit_logging"
	f.msg == "dataset mci_raw.screens (sensitivity 4) declares no audit logging"
	f.evidence == {"audit_logging": null, "sensitivity": 4}
}

test_audit_logging_null_is_a_finding if {
	some f in _findings(_dataset({"audit_logging": null}))
	f.msg == "dataset mci_raw.screens (sensitivity 3) declares no audit logging"
}

# GDPR does not reach a program of a US-only employer (docs/method.md#applicability): its datasets are not
# judged under GDPR ids (the US packs' own rules cover them).
_us_program := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": "US"}]}}

test_audit_logging_quiet_outside_gdpr if {
	findings := dataset_audit_logging.deny with input as {"programs": [_us_program], "datasets": [_dataset({})]}
	count(findings) == 0
}

test_audit_logging_orphan_or_unknown_program_still_judged if {
	findings := dataset_audit_logging.deny with input as {"programs": [object.union(_us_program, {"metadata": {"id": "other"}})], "datasets": [_dataset({})]}
	count(findings) > 0
}

test_audit_logging_drift_fires if {
	dataset := _dataset({"audit_logging": true, "drift": [{"field": "audit_logging", "declared": false, "observed": true}]})
	findings := _findings(dataset)
	count(findings) == 1
	some f in findings
	f.field == "audit_logging"
	f.severity == "medium"
	f.msg == "dataset mci_raw.screens: audit_logging is declared false (declared) but the deployed catalog shows true; the observed value is the one judged"
}

test_audit_logging_drift_quiet_without_drift if {
	count(_findings(_dataset({"audit_logging": true, "drift": []}))) == 0
}

test_audit_logging_quiet_when_unknown if {
	count(_findings(_dataset({"audit_logging": null, "unknown": ["audit_logging"]}))) == 0
}

test_audit_logging_unknown_fail_fires if {
	findings := dataset_audit_logging.deny with input as {"datasets": [_dataset({"audit_logging": null, "unknown": ["audit_logging"]})]}
		with data.compliance.run.unknown as "fail"
	findings == {{
		"resource": "dataset:mci_raw.screens",
		"field": "audit_logging",
		"msg": "dataset mci_raw.screens (sensitivity 3): whether access is audit-logged is unknown until apply (audit_logging), so the rule cannot be checked",
		"evidence": {"unknown": "audit_logging"},
	}}
}

test_audit_logging_unknown_fail_quiet_below_sensitivity_3 if {
	count(dataset_audit_logging.deny) == 0 with input as {"datasets": [_dataset({"sensitivity": 2, "unknown": ["audit_logging"]})]}
		with data.compliance.run.unknown as "fail"
}
