# METADATA
# title: Dataset of personal data outside any record of processing
# description: >-
#   Each dataset holding personal data must name a Program (its Art. 30 record) given to the
#   check, and hold only data categories that program declares. A dataset that does not declare
#   personal_data (a table compliance discover could not classify) is reported too: never assumed
#   non-personal.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-ROPA-002
#   severity: medium
#   legal: ["GDPR Art. 30(1)", "GDPR Art. 5(2)"]
#   recommended_action: >-
#     Tag the dataset with the program that processes it and with that program's category ids;
#     where it holds more, add the categories to the Program (its record of processing) or
#     delete the data; delete or adopt orphan datasets.
#   inputs: [StorageInventory, Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: accountability, risk_scenarios: [excessive_collection]}
package compliance.rules.records.dataset_record_of_processing

import data.compliance.lib

# Each body tests first what a clean dataset fails fastest (docs/performance.md): a dataset naming a
# program given to the check leaves the first two after one lookup, one listing categories leaves the
# third after one, and one whose categories its program declares leaves the last after a lookup per
# category. The exact test follows each such cheap one.
deny contains lib.finding(lib.dataset_resource(dataset), "program", msg, {"program": null}) if {
	some dataset in input.datasets
	not object.get(dataset, "program", null) in _program_ids # object.get: OPA makes `not f(x.missing)` undefined
	dataset.personal_data == true
	not _names_program(dataset)
	msg := sprintf("dataset %s is orphan personal data: names no program", [dataset.id])
	lib.dataset_in_gdpr_scope(dataset)
}

deny contains lib.finding(lib.dataset_resource(dataset), "program", msg, {"program": dataset.program}) if {
	some dataset in input.datasets
	not _program_ids[dataset.program] # undefined on OPA when program is missing: no finding either way
	dataset.personal_data == true
	_names_program(dataset)
	not _known_program(dataset)
	msg := sprintf("dataset %s names program %s, which is not among the programs checked", [dataset.id, dataset.program])
	lib.dataset_in_gdpr_scope(dataset)
}

deny contains lib.finding(lib.dataset_resource(dataset), "data_categories", msg, {"data_categories": null}) if {
	some dataset in input.datasets
	not dataset.data_categories[0] # defined for any non-empty list
	dataset.personal_data == true
	not _lists_categories(dataset)
	_known_program(dataset)
	msg := sprintf("dataset %s names no data categories, so it cannot be matched to program %s", [dataset.id, dataset.program])
	lib.dataset_in_gdpr_scope(dataset)
}

deny contains lib.finding(lib.dataset_resource(dataset), field, msg, evidence) if {
	some dataset in input.datasets
	declared := _declared[dataset.program]
	dataset.personal_data == true
	is_array(dataset.data_categories)
	some held in dataset.data_categories
	not held in declared
	_lists_categories(dataset)
	undeclared := sort({id | some id in dataset.data_categories; not id in declared})
	count(undeclared) > 0
	first := min({i | some i, id in dataset.data_categories; not id in declared})
	field := sprintf("data_categories.%d", [first])
	msg := sprintf("dataset %s holds %s, which program %s does not declare", [dataset.id, concat(", ", undeclared), dataset.program])
	evidence := {"program": dataset.program, "undeclared": undeclared}
	lib.dataset_in_gdpr_scope(dataset)
}

# Unclassified: personal_data not declared (absent or null: compliance discover leaves it so for a
# table no mapping entry, tag or comment classifies). object.get: OPA makes `not f(x.missing)` undefined.
deny contains lib.finding(lib.dataset_resource(dataset), "personal_data", msg, {"personal_data": null}) if {
	some dataset in input.datasets
	object.get(dataset, "personal_data", null) == null
	msg := sprintf("dataset %s is unclassified: nothing says whether it holds personal data or which program it belongs to, so no other rule can judge it (map it with a DatasetMapping entry, a tag or a table comment)", [dataset.id])
	lib.dataset_in_gdpr_scope(dataset)
}

_names_program(dataset) if {
	is_string(dataset.program)
	dataset.program != ""
}

_known_program(dataset) if lib.program_by_id[dataset.program]

# The ids of the programs given to the check, and the category ids each declares: computed once per
# evaluation, not per dataset.
_program_ids := {program.metadata.id | some program in input.programs}

_declared := {program.metadata.id: {category.id | some category in program.data_categories} |
	some program in input.programs
}

_lists_categories(dataset) if {
	is_array(dataset.data_categories)
	count(dataset.data_categories) > 0
}
