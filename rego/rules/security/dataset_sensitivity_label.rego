# METADATA
# title: Dataset of personal data without a sensitivity label
# description: >-
#   Each dataset holding personal data must carry a sensitivity label: an unlabelled dataset
#   cannot drive access or encryption policy.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SEC-006
#   severity: medium
#   legal: ["GDPR Art. 32(1)(b)", "GDPR Art. 32(2)"]
#   recommended_action: >-
#     Label the dataset (1 public .. 4 restricted) from the most sensitive category it holds, and
#     block the creation of unlabelled tables in the warehouse.
#   inputs: [StorageInventory, Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [illegitimate_access, unwanted_modification]}
package compliance.rules.security.dataset_sensitivity_label

import data.compliance.lib

# No label: a sensitivity that is not a number (first body), or none at all (second). Two bodies,
# because real OPA makes `not is_number(x.missing)` undefined; together they cost less than one
# object.get per dataset.
deny contains _unlabelled(dataset) if {
	some dataset in input.datasets
	value := dataset.sensitivity
	not is_number(value)
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

deny contains _unlabelled(dataset) if {
	some dataset in input.datasets
	not dataset.sensitivity
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

_unlabelled(dataset) := lib.finding(lib.dataset_resource(dataset), "sensitivity", msg, {"sensitivity": value}) if {
	value := object.get(dataset, "sensitivity", null)
	msg := sprintf("dataset %s holds %s but has no sensitivity label (sensitivity is %s), so no access or encryption policy can key on it", [
		dataset.id, _holds(dataset), lib.state(dataset, ["sensitivity"]),
	])
}

# A dataset is judged unless its program is known and outside the GDPR. The programs outside it
# are computed once per run, not per dataset (linear in the number of datasets).

_holds(dataset) := concat(", ", categories) if {
	categories := lib.dataset_categories(dataset)
	count(categories) > 0
} else := "personal data"
