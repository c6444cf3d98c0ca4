# METADATA
# description: >-
#   Each dataset holding personal data must be encrypted at rest. Critical where the dataset is
#   labelled sensitivity 3 or above or holds a special-category or CCPA-sensitive category.
# custom:
#   id: GDPR-SEC-001
#   check: dataset          # of GDPR-SEC-001: title, severity, legal references, remediation and DPIA facts
#                           # are those of security/storage_encryption.rego
#   severity_rule: critical when sensitivity >= 3 or a category is special / CCPA-sensitive; medium for a drift between the declared and the observed value (compliance discover)
#   inputs: [StorageInventory, Program]
#   params: []
package compliance.rules.security.dataset_encryption_at_rest

import data.compliance.lib

deny contains lib.finding_severity(lib.dataset_resource(dataset), "encryption.at_rest", msg, evidence, _severity(dataset)) if {
	some dataset in input.datasets
	not dataset.encryption.at_rest == true # first: an encrypted dataset leaves after one comparison
	dataset.personal_data == true
	not lib.dataset_unknown(dataset, "encryption.at_rest")
	msg := sprintf("dataset %s holds %s (%s) and %s", [dataset.id, _holds(dataset), lib.sensitivity_text(dataset), _failure(dataset)])
	evidence := {
		"at_rest": object.get(dataset, ["encryption", "at_rest"], null),
		"sensitivity": object.get(dataset, "sensitivity", null),
	}
	lib.dataset_in_gdpr_scope(dataset)
}

# The fact is unknown (`unknown` lists it): never asserted; with `--unknown fail`, reported as unknown.
deny contains lib.unknown_finding(dataset, "encryption.at_rest", "whether it is encrypted at rest") if {
	lib.unknown_fails(0)
	some dataset in input.datasets
	lib.dataset_unknown(dataset, "encryption.at_rest")
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

_failure(dataset) := "is not encrypted at rest" if is_object(dataset.encryption)
else := "declares no encryption"

_severity(dataset) := "critical" if _sensitive(dataset)
else := "high"

_sensitive(dataset) if {
	is_number(dataset.sensitivity)
	dataset.sensitivity >= 3
}

_sensitive(dataset) if {
	sensitive := _sensitive_ids[dataset.program]
	is_array(dataset.data_categories)
	some id in dataset.data_categories
	is_string(id)
	id in sensitive
}

# _sensitive_ids maps each program id to the ids of its special-category or CCPA-sensitive
# categories: computed once per evaluation, not for each unencrypted dataset.
_sensitive_ids := {program.metadata.id: ids |
	some program in input.programs
	ids := {category.id | some category in program.data_categories; lib.category_sensitive(category)}
}

_holds(dataset) := concat(", ", categories) if {
	categories := lib.dataset_categories(dataset)
	count(categories) > 0
} else := "personal data"

# Drift: a fact a DatasetMapping declares differs from what `compliance discover` observed (the
# observed value is the one judged by the body above); medium, since the record is wrong whichever
# way it differs.
deny contains lib.finding_severity(lib.dataset_resource(dataset), drift.field, lib.drift_message(dataset, drift), lib.drift_evidence(drift), "medium") if {
	some dataset in input.datasets
	some drift in dataset.drift
	drift.field in {"encryption.at_rest"}
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}
