# METADATA
# title: Dataset of personal data readable by a broad group
# description: >-
#   A dataset holding personal data must not be readable by an indefinite number of people: no
#   wildcard reader such as "*", group:all-employees or authenticated, nor an organisation's own
#   broad groups (param broad_groups).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PD-002
#   severity: critical
#   legal: ["GDPR Art. 25(2)", "GDPR Art. 32(1)(b)"]
#   recommended_action: >-
#     Make the dataset's ACL deny-by-default: replace the broad reader with need-to-know groups,
#     give training jobs named service principals, and grant any other access through break-glass
#     requests with approval.
#   inputs: [StorageInventory]
#   status: in_force
#   applies_from: null
#   params: [broad_groups]
package compliance.rules.by_design.dataset_broad_readers

import data.compliance.lib

deny contains lib.finding(lib.dataset_resource(dataset), field, msg, {"broad_readers": readers}) if {
	some dataset in lib.personal_datasets
	readers := sort({reader | some reader in dataset.access.readers; reader in lib.broad_readers})
	count(readers) > 0
	first := min({i | some i, reader in dataset.access.readers; reader in lib.broad_readers})
	field := sprintf("access.readers.%d", [first])
	msg := sprintf("dataset %s (%s) is readable by %s", [dataset.id, lib.sensitivity_text(dataset), concat(", ", readers)])
}

deny contains lib.finding(lib.dataset_resource(dataset), "access.readers", msg, {"readers": null}) if {
	some dataset in lib.personal_datasets
	not _declares_readers(dataset)
	msg := sprintf("dataset %s (%s) declares no readers, so who can read it is unknown", [dataset.id, lib.sensitivity_text(dataset)])
}

# A helper, not `not is_array(...)` inline: OPA rewrites the argument out of the negation, so an
# absent field would make the whole expression undefined there (opa#1877) but true on regorus.
_declares_readers(dataset) if is_array(dataset.access.readers)
