# METADATA
# description: >-
#   Each reader of a dataset holding personal data must be one of the groups its program declares
#   in access.readers: deployed access wider than declared access is unreviewed access. Datasets
#   whose program is unknown are left to GDPR-ROPA-002.
# custom:
#   id: GDPR-SEC-003
#   check: dataset          # of GDPR-SEC-003: title, severity, legal references, remediation and DPIA facts
#                           # are those of security/readers_least_privilege.rego
#   severity: high          # this check's findings; the id's default is critical
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

# Computed once per run, not per dataset: keeps the rule linear in the number of datasets.
_gdpr_programs := {program.metadata.id: program | some program in input.programs; lib.gdpr_applies(program)}

_declared := {id: groups |
	some id, program in _gdpr_programs
	groups := {reader.group | some reader in program.access.readers; is_string(reader.group)}
}

_declared_text := {id: _names(groups) | some id, groups in _declared}

_names(groups) := concat(", ", sort(groups)) if count(groups) > 0

else := "none"
