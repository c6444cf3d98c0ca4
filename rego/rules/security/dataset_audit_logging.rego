# METADATA
# description: >-
#   Each dataset holding personal data with sensitivity 3 or above must log who reads and writes
#   it, so access can be reviewed and a breach investigated.
# custom:
#   id: GDPR-SEC-004
#   check: dataset          # of GDPR-SEC-004: title, severity, legal references, remediation and DPIA facts
#                           # are those of security/access_controls_tested.rego
#   severity_rule: medium for a drift between the declared and the observed value (compliance discover)
#   inputs: [StorageInventory]
#   params: []
package compliance.rules.security.dataset_audit_logging

import data.compliance.lib

# The most selective condition first (docs/performance.md): a dataset that logs leaves the body after
# one comparison.
deny contains lib.finding(lib.dataset_resource(dataset), "audit_logging", msg, evidence) if {
	some dataset in input.datasets
	not dataset.audit_logging == true
	dataset.personal_data == true
	is_number(dataset.sensitivity)
	dataset.sensitivity >= 3
	not lib.dataset_unknown(dataset, "audit_logging")
	msg := sprintf("dataset %s (%s) %s", [dataset.id, lib.sensitivity_text(dataset), _failure(dataset)])
	evidence := {"audit_logging": object.get(dataset, "audit_logging", null), "sensitivity": dataset.sensitivity}
	lib.dataset_in_gdpr_scope(dataset)
}

# The fact is unknown (`unknown` lists it): never asserted; with `--unknown fail`, reported as unknown.
deny contains lib.unknown_finding(dataset, "audit_logging", "whether access is audit-logged") if {
	lib.unknown_fails(0)
	some dataset in input.datasets
	lib.dataset_unknown(dataset, "audit_logging")
	dataset.personal_data == true
	is_number(dataset.sensitivity)
	dataset.sensitivity >= 3
	lib.dataset_in_gdpr_scope(dataset)
}

_failure(dataset) := "has audit logging turned off" if dataset.audit_logging == false
else := "declares no audit logging"

# Drift: a fact a DatasetMapping declares differs from what `compliance discover` observed (the
# observed value is the one judged by the body above); medium, since the record is wrong whichever
# way it differs.
deny contains lib.finding_severity(lib.dataset_resource(dataset), drift.field, lib.drift_message(dataset, drift), lib.drift_evidence(drift), "medium") if {
	some dataset in input.datasets
	some drift in dataset.drift
	drift.field in {"audit_logging"}
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}
