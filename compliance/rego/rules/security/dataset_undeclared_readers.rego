# METADATA
# title: Dataset readable by principals its program does not declare
# description: >-
#   Each reader of a dataset holding personal data must be one of the groups its program declares
#   in access.readers: deployed access wider than declared access is unreviewed access. Datasets
#   whose program is unknown are left to GDPR-ROPA-002.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SEC-003
#   severity: high
#   legal: ["GDPR Art. 32(1)(b)", "GDPR Art. 32(4)", "GDPR Art. 5(1)(f)"]
#   recommended_action: >-
#     Remove the undeclared readers from the dataset's ACL, or declare them in the program's
#     access.readers with a justification and an approver after a need-to-know review.
#   inputs: [StorageInventory, Program]
#   status: in_force
#   applies_from: null
#   params: []
package compliance.rules.security.dataset_undeclared_readers

import data.compliance.lib

deny contains lib.finding(lib.dataset_resource(dataset), field, msg, {"undeclared_readers": undeclared}) if {
	some dataset in lib.personal_datasets
	program := _gdpr_programs[dataset.program]
	declared := _declared[dataset.program]
	positions := [i | some i, reader in dataset.access.readers; not reader in declared]
	count(positions) > 0
	undeclared := sort({dataset.access.readers[i] | some i in positions})
	field := sprintf("access.readers.%d", [positions[0]])
	msg := sprintf("dataset %s (%s) is readable by %s, which program %s does not declare among its readers (declared: %s)", [
		dataset.id, lib.sensitivity_text(dataset), concat(", ", undeclared), program.metadata.id, _declared_text[dataset.program],
	])
}

deny contains lib.finding(lib.dataset_resource(dataset), "access.readers", msg, {"readers": null}) if {
	some dataset in lib.personal_datasets
	program := _gdpr_programs[dataset.program]
	not _declares_readers(dataset)
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

# A helper: real OPA makes `not is_array(x.missing)` undefined rather than true.
_declares_readers(dataset) if is_array(dataset.access.readers)
