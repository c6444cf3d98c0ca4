package compliance.rules.principles.dataset_retention_ttl_test

import data.compliance.rules.principles.dataset_retention_ttl

_program := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"data_categories": [
		{"id": "keystrokes", "type": "keystrokes", "retention_days": 30},
		{"id": "mouse", "type": "mouse_movements", "retention_days": 90},
		{"id": "clicks", "type": "clicks", "retention_days": 30},
		{"id": "notes", "type": "other", "retention_days": null},
	],
}

_dataset(ttl_days, categories) := {
	"id": "mci_raw.keystrokes",
	"program": "mci",
	"data_categories": categories,
	"personal_data": true,
	"sensitivity": 4,
	"retention": {"ttl_days": ttl_days},
}

_findings(dataset) := findings if {
	findings := dataset_retention_ttl.deny with input as {"programs": [_program], "datasets": [dataset]}
}

test_retention_ttl_fires if {
	findings := _findings(_dataset(365, ["keystrokes", "mouse"]))
	count(findings) == 1
	some f in findings
	f.resource == "dataset:mci_raw.keystrokes"
	f.field == "retention.ttl_days"
	f.msg == "dataset mci_raw.keystrokes keeps data for 365 days, longer than the 30 days program mci declares for keystrokes"
	f.evidence == {"ttl_days": 365, "retention_days": 30}
}

test_retention_ttl_names_every_category_with_the_shortest_period if {
	some f in _findings(_dataset(60, ["mouse", "clicks", "keystrokes"]))
	f.msg == "dataset mci_raw.keystrokes keeps data for 60 days, longer than the 30 days program mci declares for clicks, keystrokes"
}

test_retention_ttl_fires_when_ttl_null if {
	findings := _findings(_dataset(null, ["keystrokes"]))
	count(findings) == 1
	some f in findings
	f.field == "retention.ttl_days"
	f.msg == "dataset mci_raw.keystrokes holds personal data but has no TTL"
	f.evidence == {"ttl_days": null}
}

test_retention_ttl_quiet if {
	count(_findings(_dataset(30, ["keystrokes", "mouse"]))) == 0
}

test_retention_ttl_quiet_within_longer_category if {
	count(_findings(_dataset(90, ["mouse"]))) == 0
}

test_retention_ttl_quiet_when_no_category_declares_retention if {
	# only the missing TTL is this rule's business; undeclared periods are GDPR-PR-005 on the program
	count(_findings(_dataset(3650, ["notes"]))) == 0
}

test_retention_ttl_quiet_when_not_personal if {
	dataset := object.union(_dataset(null, ["keystrokes"]), {"personal_data": false})
	count(_findings(dataset)) == 0
}

test_retention_ttl_missing_field if {
	findings := _findings(object.remove(_dataset(1, ["keystrokes"]), ["retention"]))
	count(findings) == 1
	some f in findings
	f.field == "retention.ttl_days"
	f.msg == "dataset mci_raw.keystrokes holds personal data but has no TTL"
}

test_retention_ttl_unknown_program_only_checks_presence if {
	dataset := object.union(_dataset(365, ["keystrokes"]), {"program": "other"})
	count(_findings(dataset)) == 0
}

# GDPR does not reach a program of a US-only employer (docs/method.md#applicability): its datasets are not
# judged under GDPR ids (the US packs' own rules cover them).
_us_program := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": "US"}]}}

test_retention_ttl_quiet_outside_gdpr if {
	findings := dataset_retention_ttl.deny with input as {"programs": [_us_program], "datasets": [_dataset(null, ["keystrokes"])]}
	count(findings) == 0
}

test_retention_ttl_orphan_or_unknown_program_still_judged if {
	findings := dataset_retention_ttl.deny with input as {"programs": [object.union(_us_program, {"metadata": {"id": "other"}})], "datasets": [_dataset(null, ["keystrokes"])]}
	count(findings) > 0
}

test_retention_ttl_drift_fires if {
	dataset := object.union(_dataset(30, ["keystrokes"]), {"drift": [{"field": "retention.ttl_days", "declared": 7, "observed": 30, "declared_by": "mapping:m#0"}]})
	findings := _findings(dataset)
	count(findings) == 1
	some f in findings
	f.field == "retention.ttl_days"
	f.severity == "medium"
	f.evidence == {"field": "retention.ttl_days", "declared": 7, "observed": 30}
}

test_retention_ttl_drift_quiet_for_other_fields if {
	dataset := object.union(_dataset(30, ["keystrokes"]), {"drift": [{"field": "access.readers", "declared": [], "observed": ["*"]}]})
	count(_findings(dataset)) == 0
}

# An observed absence (no lifecycle rule): the loader leaves the null out, the drift still fires.
test_retention_ttl_drift_observed_absence if {
	dataset := object.union(_dataset(null, ["keystrokes"]), {"drift": [{"field": "retention.ttl_days", "declared": 30, "declared_by": "mapping:m#0"}]})
	findings := {f | some f in _findings(dataset); f.severity == "medium"}
	count(findings) == 1
	some f in findings
	f.msg == "dataset mci_raw.keystrokes: retention.ttl_days is declared 30 (mapping:m#0) but the deployed catalog shows null; the observed value is the one judged"
	f.evidence == {"field": "retention.ttl_days", "declared": 30, "observed": null}
}

test_retention_ttl_quiet_when_unknown if {
	count(_findings(object.union(_dataset(null, ["keystrokes"]), {"unknown": ["retention.ttl_days"]}))) == 0
}

test_retention_ttl_unknown_fail_fires if {
	dataset := object.union(_dataset(null, ["keystrokes"]), {"unknown": ["retention.ttl_days"]})
	findings := dataset_retention_ttl.deny with input as {"programs": [_program], "datasets": [dataset]}
		with data.compliance.run.unknown as "fail"
	count(findings) == 1
	some f in findings
	f.field == "retention.ttl_days"
	f.msg == "dataset mci_raw.keystrokes (sensitivity 4): how long it keeps data is unknown until apply (retention.ttl_days), so the rule cannot be checked"
}

test_retention_ttl_unknown_fail_quiet_when_known if {
	count(dataset_retention_ttl.deny) == 0 with input as {"programs": [_program], "datasets": [_dataset(10, ["keystrokes"])]}
		with data.compliance.run.unknown as "fail"
}
