# METADATA
# title: Dataset of personal data outside any record of processing
# description: >-
#   Each dataset holding personal data must name a Program (its Art. 30 record) given to the
#   check, and hold only data categories that program declares.
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
package compliance.rules.records.dataset_record_of_processing

import data.compliance.lib

deny contains lib.finding(lib.dataset_resource(dataset), "program", msg, {"program": null}) if {
	some dataset in lib.personal_datasets
	not _names_program(dataset)
	msg := sprintf("dataset %s is orphan personal data: names no program", [dataset.id])
}

deny contains lib.finding(lib.dataset_resource(dataset), "program", msg, {"program": dataset.program}) if {
	some dataset in lib.personal_datasets
	_names_program(dataset)
	not _known_program(dataset)
	msg := sprintf("dataset %s names program %s, which is not among the programs checked", [dataset.id, dataset.program])
}

deny contains lib.finding(lib.dataset_resource(dataset), "data_categories", msg, {"data_categories": null}) if {
	some dataset in lib.personal_datasets
	_known_program(dataset)
	not _lists_categories(dataset)
	msg := sprintf("dataset %s names no data categories, so it cannot be matched to program %s", [dataset.id, dataset.program])
}

deny contains lib.finding(lib.dataset_resource(dataset), field, msg, evidence) if {
	some dataset in lib.personal_datasets
	_known_program(dataset)
	_lists_categories(dataset)
	declared := {category.id | some category in lib.program_by_id[dataset.program].data_categories}
	undeclared := sort({id | some id in dataset.data_categories; not id in declared})
	count(undeclared) > 0
	first := min({i | some i, id in dataset.data_categories; not id in declared})
	field := sprintf("data_categories.%d", [first])
	msg := sprintf("dataset %s holds %s, which program %s does not declare", [dataset.id, concat(", ", undeclared), dataset.program])
	evidence := {"program": dataset.program, "undeclared": undeclared}
}

_names_program(dataset) if {
	is_string(dataset.program)
	dataset.program != ""
}

_known_program(dataset) if lib.program_by_id[dataset.program]

_lists_categories(dataset) if {
	is_array(dataset.data_categories)
	count(dataset.data_categories) > 0
}
