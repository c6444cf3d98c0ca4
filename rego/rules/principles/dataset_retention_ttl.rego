# METADATA
# description: >-
#   Each dataset holding personal data needs a TTL (retention.ttl_days) no longer than the
#   shortest retention period its program declares for the categories the dataset holds.
# custom:
#   id: GDPR-PR-005
#   check: dataset          # of GDPR-PR-005: title, severity, legal references, remediation and DPIA facts
#                           # are those of principles/retention_limited.rego
#   severity_rule: medium for a drift between the declared and the observed value (compliance discover)
#   inputs: [StorageInventory, Program]
#   params: []
package compliance.rules.principles.dataset_retention_ttl

import data.compliance.lib

# No TTL: a ttl_days that is not a number (first body), or none at all (second). Two bodies, because
# real OPA makes `not is_number(x.missing)` undefined; together they cost less than one object.get.
deny contains _no_ttl(dataset) if {
	some dataset in input.datasets
	ttl := dataset.retention.ttl_days
	not is_number(ttl)
	dataset.personal_data == true
	not lib.dataset_unknown(dataset, "retention.ttl_days")

	lib.dataset_in_gdpr_scope(dataset)
}

deny contains _no_ttl(dataset) if {
	some dataset in input.datasets
	not dataset.retention.ttl_days
	dataset.personal_data == true
	not lib.dataset_unknown(dataset, "retention.ttl_days")

	lib.dataset_in_gdpr_scope(dataset)
}

# The fact is unknown (`unknown` lists it): never asserted; with `--unknown fail`, reported as unknown.
deny contains lib.unknown_finding(dataset, "retention.ttl_days", "how long it keeps data") if {
	lib.unknown_fails(0)
	some dataset in input.datasets
	lib.dataset_unknown(dataset, "retention.ttl_days")
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

_no_ttl(dataset) := lib.finding(lib.dataset_resource(dataset), "retention.ttl_days", msg, {"ttl_days": null}) if {
	msg := sprintf("dataset %s holds personal data but has no TTL", [dataset.id])
}

# A dataset within its limits leaves the body after a lookup per category it holds: the limits of each
# program are computed once per evaluation (_retention), not per dataset.
deny contains lib.finding(lib.dataset_resource(dataset), "retention.ttl_days", msg, evidence) if {
	some dataset in input.datasets
	ttl := dataset.retention.ttl_days
	dataset.personal_data == true
	is_number(ttl)
	retention := _retention[dataset.program]
	is_array(dataset.data_categories)
	some held in dataset.data_categories
	retention[held] < ttl
	shortest := min({days | some id in dataset.data_categories; days := retention[id]})
	tightest := sort({id | some id in dataset.data_categories; retention[id] == shortest})
	msg := sprintf(
		"dataset %s keeps data for %v days, longer than the %v days program %s declares for %s",
		[dataset.id, dataset.retention.ttl_days, shortest, dataset.program, concat(", ", tightest)],
	)
	evidence := {"ttl_days": dataset.retention.ttl_days, "retention_days": shortest}
	lib.dataset_in_gdpr_scope(dataset)
}

# _retention maps each program id to {category id: the shortest retention_days the program declares
# for it}, for the categories with a retention period. A dataset is kept too long exactly when one of
# the categories it holds has a limit below its TTL.
_retention := {program.metadata.id: limits |
	some program in input.programs
	limits := {id: min(days) |
		some category in program.data_categories
		id := category.id
		is_string(id)
		days := {d | some c in program.data_categories; c.id == id; d := c.retention_days; is_number(d)}
		count(days) > 0
	}
}

# Drift: a fact a DatasetMapping declares differs from what `compliance discover` observed (the
# observed value is the one judged by the body above); medium, since the record is wrong whichever
# way it differs.
deny contains lib.finding_severity(lib.dataset_resource(dataset), drift.field, lib.drift_message(dataset, drift), lib.drift_evidence(drift), "medium") if {
	some dataset in input.datasets
	some drift in dataset.drift
	drift.field in {"retention.ttl_days"}
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}
