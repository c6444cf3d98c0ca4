# METADATA
# description: >-
#   Each reader of a dataset holding personal data must be one of the groups its program declares
#   in access.readers: deployed access wider than declared access is unreviewed access. Datasets
#   whose program is unknown are left to GDPR-ROPA-002. Where compliance discover counted the
#   login identities the readers resolve to (access.reader_identities), they must not outnumber the
#   sizes the program declares for its reader groups. A declared reader list that differs from the
#   deployed one (drift recorded by compliance discover) is reported with both values.
# custom:
#   id: GDPR-SEC-003
#   check: dataset          # of GDPR-SEC-003: title, severity, legal references, remediation and DPIA facts
#                           # are those of security/readers_least_privilege.rego
#   severity: high          # this check's findings; the id's default is critical
#   severity_rule: medium for a drift between the declared and the observed value (compliance discover)
#   inputs: [StorageInventory, Program]
#   params: []
package compliance.rules.security.dataset_undeclared_readers

import data.compliance.lib

# A clean dataset leaves the first body after a lookup per reader (docs/performance.md); the lists
# for the message are built only for a dataset that has an undeclared reader.
deny contains lib.finding(lib.dataset_resource(dataset), field, msg, {"undeclared_readers": undeclared}) if {
	some dataset in input.datasets
	declared := _declared[dataset.program]
	dataset.personal_data == true
	some other in dataset.access.readers
	not other in declared
	program := _gdpr_programs[dataset.program]
	positions := [i | some i, reader in dataset.access.readers; not reader in declared]
	count(positions) > 0
	undeclared := sort({dataset.access.readers[i] | some i in positions})
	field := sprintf("access.readers.%d", [positions[0]])
	msg := sprintf("dataset %s (%s) is readable by %s, which program %s does not declare among its readers (declared: %s)", [
		dataset.id, lib.sensitivity_text(dataset), concat(", ", undeclared), program.metadata.id, _declared_text[dataset.program],
	])
}

deny contains lib.finding(lib.dataset_resource(dataset), "access.readers", msg, {"readers": null}) if {
	some dataset in input.datasets
	not dataset.access.readers[0] # first: defined for any non-empty list of readers
	dataset.personal_data == true
	not is_array(object.get(dataset, ["access", "readers"], null)) # object.get: OPA makes `not is_array(x.missing)` undefined
	not lib.dataset_unknown(dataset, "access.readers")
	program := _gdpr_programs[dataset.program]
	msg := sprintf("dataset %s (%s) declares no readers, so its access cannot be checked against the readers program %s declares", [
		dataset.id, lib.sensitivity_text(dataset), program.metadata.id,
	])
}

deny contains lib.finding(lib.dataset_resource(dataset), "access.reader_identities", msg, evidence) if {
	some dataset in input.datasets
	identities := dataset.access.reader_identities
	is_number(identities)
	declared := _declared_size[dataset.program]
	identities > declared
	dataset.personal_data == true
	program := _gdpr_programs[dataset.program]
	msg := sprintf("dataset %s (%s) is readable by %v login identities, more than the %v that the reader groups of program %s add up to (access.readers[].size)", [
		dataset.id, lib.sensitivity_text(dataset), identities, declared, program.metadata.id,
	])
	evidence := {"reader_identities": identities, "declared_size": declared}
}

# The declared readers' total size, for programs that give a size for every reader group.
_declared_size := {id: sum(sizes) |
	some id, program in _gdpr_programs
	readers := program.access.readers
	sizes := [reader.size | some reader in readers; is_number(reader.size)]
	count(sizes) > 0
	count(sizes) == count(readers)
}

# Computed once per run, not per dataset: keeps the rule linear in the number of datasets.
_gdpr_programs := {program.metadata.id: program | some program in input.programs; lib.gdpr_applies(program)}

_declared := {id: groups |
	some id, program in _gdpr_programs
	groups := {reader.group | some reader in program.access.readers; is_string(reader.group)}
}

_declared_text := {id: _names(groups) | some id, groups in _declared}

_names(groups) := concat(", ", sort(groups)) if count(groups) > 0

else := "none"

# Drift: a fact a DatasetMapping declares differs from what `compliance discover` observed (the
# observed value is the one judged by the body above); medium, since the record is wrong whichever
# way it differs.
deny contains lib.finding_severity(lib.dataset_resource(dataset), drift.field, lib.drift_message(dataset, drift), lib.drift_evidence(drift), "medium") if {
	some dataset in input.datasets
	some drift in dataset.drift
	drift.field in {"access.readers", "access.writers"}
	dataset.personal_data == true
	lib.dataset_in_gdpr_scope(dataset)
}
