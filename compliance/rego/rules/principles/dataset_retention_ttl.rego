# METADATA
# title: Dataset of personal data kept without a TTL or longer than declared
# description: >-
#   Each dataset holding personal data needs a TTL (retention.ttl_days) no longer than the
#   shortest retention period its program declares for the categories the dataset holds.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PR-005
#   severity: high
#   legal: ["GDPR Art. 5(1)(e)", "GDPR Art. 25(2)"]
#   recommended_action: >-
#     Set retention.ttl_days to at most the shortest retention_days of the categories the dataset
#     holds and enforce it with an automated TTL job that logs deletion evidence; keep raw
#     capture in a short-lived buffer and only curated, redacted data for longer.
#   inputs: [StorageInventory, Program]
#   status: in_force
#   applies_from: null
#   params: []
package compliance.rules.principles.dataset_retention_ttl

import data.compliance.lib

deny contains lib.finding(lib.dataset_resource(dataset), "retention.ttl_days", msg, {"ttl_days": null}) if {
	some dataset in lib.personal_datasets
	not _has_ttl(dataset)
	msg := sprintf("dataset %s holds personal data but has no TTL", [dataset.id])
}

deny contains lib.finding(lib.dataset_resource(dataset), "retention.ttl_days", msg, evidence) if {
	some dataset in lib.personal_datasets
	_has_ttl(dataset)
	limits := _limits(dataset)
	count(limits) > 0
	shortest := min({days | some [_, days] in limits})
	dataset.retention.ttl_days > shortest
	tightest := sort({id | some [id, days] in limits; days == shortest})
	msg := sprintf(
		"dataset %s keeps data for %v days, longer than the %v days program %s declares for %s",
		[dataset.id, dataset.retention.ttl_days, shortest, dataset.program, concat(", ", tightest)],
	)
	evidence := {"ttl_days": dataset.retention.ttl_days, "retention_days": shortest}
}

_has_ttl(dataset) if is_number(dataset.retention.ttl_days)

# _limits holds [category id, retention_days] for each category the dataset holds whose program
# declares a retention period (a set of pairs: a program may repeat an id by mistake).
_limits(dataset) := {[category.id, category.retention_days] |
	some category in lib.dataset_program_categories(dataset)
	is_number(category.retention_days)
}
