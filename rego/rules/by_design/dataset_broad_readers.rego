# METADATA
# description: >-
#   A dataset holding personal data must not be readable by an indefinite number of people: no
#   wildcard reader such as "*", group:all-employees or authenticated, nor an organisation's own
#   broad groups (param broad_groups), and no set of readers that resolves to more login identities
#   than param max_reader_group_size (access.reader_identities, recorded by compliance discover):
#   a group of 20,000 people is broad however it is named.
# custom:
#   id: GDPR-PD-002
#   check: dataset          # of GDPR-PD-002: title, severity, legal references, remediation and DPIA facts
#                           # are those of by_design/default_visibility_restricted.rego
#   inputs: [StorageInventory]
#   params: [broad_groups, max_reader_group_size]
package compliance.rules.by_design.dataset_broad_readers

import data.compliance.lib

# A clean dataset leaves each body after a lookup per reader (docs/performance.md); the lists for the
# message are built only for a dataset that has a broad reader.
deny contains lib.finding(lib.dataset_resource(dataset), field, msg, {"broad_readers": readers}) if {
	some dataset in input.datasets
	dataset.personal_data == true
	some broad in dataset.access.readers
	broad in _broad
	readers := sort({reader | some reader in dataset.access.readers; reader in _broad})
	first := min({i | some i, reader in dataset.access.readers; reader in _broad})
	field := sprintf("access.readers.%d", [first])
	msg := sprintf("dataset %s (%s) is readable by %s", [dataset.id, lib.sensitivity_text(dataset), concat(", ", readers)])
	lib.dataset_in_gdpr_scope(dataset)
}

# Listing: principals that can list the object names (access.listers, e.g. s3:ListBucket) see keys
# that often carry names and e-mail addresses. Only the broad listers who are not also broad readers
# (those are reported above).
deny contains lib.finding(lib.dataset_resource(dataset), field, msg, {"broad_listers": listers}) if {
	some dataset in input.datasets
	dataset.personal_data == true
	some broad in dataset.access.listers
	broad in _broad
	readers := {reader | some reader in object.get(dataset, ["access", "readers"], []); reader in _broad}
	listers := sort({lister | some lister in dataset.access.listers; lister in _broad; not lister in readers})
	count(listers) > 0
	first := min({i | some i, lister in dataset.access.listers; lister in _broad; not lister in readers})
	field := sprintf("access.listers.%d", [first])
	msg := sprintf("dataset %s (%s) allows listing its object names by %s (object keys often carry names and e-mail addresses)", [dataset.id, lib.sensitivity_text(dataset), concat(", ", listers)])
	lib.dataset_in_gdpr_scope(dataset)
}

deny contains lib.finding(lib.dataset_resource(dataset), "access.readers", msg, {"readers": null}) if {
	some dataset in input.datasets
	not dataset.access.readers[0] # first: defined for any non-empty list of readers
	dataset.personal_data == true
	not is_array(object.get(dataset, ["access", "readers"], null)) # object.get: OPA makes `not is_array(x.missing)` undefined
	not lib.dataset_unknown(dataset, "access.readers")
	msg := sprintf("dataset %s (%s) declares no readers, so who can read it is unknown", [dataset.id, lib.sensitivity_text(dataset)])
	lib.dataset_in_gdpr_scope(dataset)
}

# Readers counted by `compliance discover`: too many login identities, however the groups are named
# (a dataset with a broad reader is reported by the first body instead).
deny contains lib.finding(lib.dataset_resource(dataset), "access.reader_identities", msg, evidence) if {
	some dataset in input.datasets
	identities := dataset.access.reader_identities
	is_number(identities)
	limit := lib.param("max_reader_group_size")
	identities > limit
	dataset.personal_data == true
	not _has_broad_reader(dataset)
	msg := sprintf("dataset %s (%s) is readable by %v login identities, more than max_reader_group_size (%v), however its readers are named", [
		dataset.id, lib.sensitivity_text(dataset), identities, limit,
	])
	evidence := {"reader_identities": identities, "max_reader_group_size": limit}
	lib.dataset_in_gdpr_scope(dataset)
}

_has_broad_reader(dataset) if {
	some reader in dataset.access.readers
	reader in _broad
}

# lib.broad_readers, read by its full path: read as `lib.broad_readers` (through the import) it costs
# regorus about 5 us more at every use, that is for every reader of every dataset (measured on 0.13).
# The fact is unknown (`unknown` lists it): never asserted; with `--unknown fail`, reported as unknown.
deny contains lib.unknown_finding(dataset, "access.readers", "who can read it") if {
	lib.unknown_fails(0)
	some dataset in input.datasets
	lib.dataset_unknown(dataset, "access.readers")
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}

_broad := data.compliance.lib.broad_readers
