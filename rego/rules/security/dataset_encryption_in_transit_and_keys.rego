# METADATA
# title: Dataset not encrypted in transit, or encrypted at rest with a provider default key
# description: >-
#   Each dataset holding personal data must be encrypted in transit, and where it is encrypted at
#   rest it must name a customer-managed key (key_ref): data under the provider's default key
#   cannot be crypto-shredded.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SEC-005
#   severity: high
#   legal: ["GDPR Art. 32(1)(a)", "GDPR Art. 5(1)(f)"]
#   recommended_action: >-
#     Enforce TLS for every connection to the dataset, and encrypt it with a per-dataset
#     customer-managed KMS or HSM key recorded as key_ref.
#   severity_rule: medium for a drift between the declared and the observed value (compliance discover)
#   inputs: [StorageInventory, Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [illegitimate_access]}
package compliance.rules.security.dataset_encryption_in_transit_and_keys

import data.compliance.lib

deny contains lib.finding(lib.dataset_resource(dataset), "encryption.in_transit", msg, {"in_transit": value}) if {
	some dataset in input.datasets
	not dataset.encryption.in_transit == true # first: a dataset encrypted in transit leaves here
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
	not lib.dataset_unknown(dataset, "encryption.in_transit")
	value := object.get(dataset, ["encryption", "in_transit"], null)
	value != true
	msg := sprintf("dataset %s (%s) is not encrypted in transit (encryption.in_transit is %s)", [
		dataset.id, lib.sensitivity_text(dataset), lib.state(dataset, ["encryption", "in_transit"]),
	])
}

# Not named: no string (first body), or a blank one (second). Two bodies without a call cost less
# than one calling _named for every dataset (docs/performance.md).
deny contains _key_finding(dataset, key) if {
	some dataset in input.datasets
	dataset.encryption.at_rest == true
	key := object.get(dataset.encryption, "key_ref", null)
	not is_string(key)
	dataset.personal_data == true
	not lib.dataset_unknown(dataset, "encryption.key_ref")
	lib.dataset_in_gdpr_scope(dataset)
}

deny contains _key_finding(dataset, key) if {
	some dataset in input.datasets
	key := dataset.encryption.key_ref
	is_string(key)
	trim_space(key) == ""
	dataset.encryption.at_rest == true
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

# The fact is unknown (`unknown` lists it): never asserted; with `--unknown fail`, reported as unknown.
deny contains lib.unknown_finding(dataset, "encryption.in_transit", "whether it is encrypted in transit") if {
	lib.unknown_fails(0)
	some dataset in input.datasets
	lib.dataset_unknown(dataset, "encryption.in_transit")
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

# The fact is unknown (`unknown` lists it): never asserted; with `--unknown fail`, reported as unknown.
deny contains lib.unknown_finding(dataset, "encryption.key_ref", "which key encrypts it at rest") if {
	lib.unknown_fails(0)
	some dataset in input.datasets
	lib.dataset_unknown(dataset, "encryption.key_ref")
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

_key_finding(dataset, key) := lib.finding(lib.dataset_resource(dataset), "encryption.key_ref", msg, {"at_rest": true, "key_ref": key}) if {
	msg := sprintf("dataset %s (%s) is encrypted at rest with the provider's default key (encryption.key_ref is %s), so it cannot be crypto-shredded", [
		dataset.id, lib.sensitivity_text(dataset), lib.state(dataset, ["encryption", "key_ref"]),
	])
}

# A dataset is judged unless its program is known and outside the GDPR. The programs outside it
# are computed once per run, not per dataset (linear in the number of datasets).

# Drift: a fact a DatasetMapping declares differs from what `compliance discover` observed (the
# observed value is the one judged by the body above); medium, since the record is wrong whichever
# way it differs.
deny contains lib.finding_severity(lib.dataset_resource(dataset), drift.field, lib.drift_message(dataset, drift), lib.drift_evidence(drift), "medium") if {
	some dataset in input.datasets
	some drift in dataset.drift
	drift.field in {"encryption.in_transit", "encryption.key_ref"}
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}
