# METADATA
# description: >-
#   A dataset that holds worker-monitoring categories (keystrokes, mouse movements, clicks,
#   screen content, screenshots, prompts and transcripts) together with performance or HR
#   records defeats purpose separation. A category counts by the type its program declares, or
#   by its id where the program or the type is unknown.
# custom:
#   id: GDPR-EMP-005
#   check: dataset          # of GDPR-EMP-005: title, severity, legal references, remediation and DPIA facts
#                           # are those of employment/secondary_use_enforcement.rego
#   inputs: [StorageInventory, Program]
#   params: []
package compliance.rules.employment.dataset_purpose_separation

import data.compliance.lib

_monitoring := {"keystrokes", "mouse_movements", "clicks", "screen_content", "screenshots", "prompts_and_transcripts"}

_people := {"performance", "hr_records"}

# Most datasets hold no people or performance data: they leave the body after a lookup per category
# in _people_ids (docs/performance.md); the exact test by declared type follows.
deny contains lib.finding(lib.dataset_resource(dataset), "data_categories", msg, evidence) if {
	some dataset in input.datasets
	dataset.personal_data == true
	is_array(dataset.data_categories)
	some held in dataset.data_categories
	held in _people_ids
	not object.get(dataset, "program", null) in _exempt_programs
	types := object.get(_types, object.get(dataset, "program", null), {})
	_holds(dataset, types, _people)
	_holds(dataset, types, _monitoring)
	monitoring := sort({id | some id in lib.dataset_categories(dataset); object.get(types, id, id) in _monitoring})
	people := sort({id | some id in lib.dataset_categories(dataset); object.get(types, id, id) in _people})
	msg := sprintf("dataset %s holds monitoring data (%s) together with people or performance data (%s) (%s)", [
		dataset.id, concat(", ", monitoring), concat(", ", people), lib.sensitivity_text(dataset),
	])
	evidence := {"monitoring": monitoring, "people": people}
}

# _people_ids: every category id that can count as people data in some dataset: the people kinds
# themselves (an id counts by itself where no type is declared) and each id a program declares with
# a people type. Computed once per evaluation.
_people_ids := _people | {category.id |
	some program in input.programs
	some category in program.data_categories
	is_string(category.type)
	category.type in _people
}

# Programs known to be outside the employment pack; a dataset of an unknown program is checked.
_exempt_programs contains program.metadata.id if {
	some program in input.programs
	not lib.pack_applies(program, "GDPR-EMP")
}

# _holds: the dataset holds a category of one of the kinds (a cheap test before the lists are built:
# most datasets hold no people data).
_holds(dataset, types, kinds) if {
	some id in dataset.data_categories
	object.get(types, id, id) in kinds
}

# _types maps each program id to {category id: declared type}, computed once for all datasets (a
# category without a string type is left out, so it counts by its id; the first entry of a
# repeated id wins).
_types[program.metadata.id] := {id: types[0] |
	some id in {c.id | some c in program.data_categories; is_string(c.id)}
	types := [c.type | some c in program.data_categories; c.id == id; is_string(c.type)]
	count(types) > 0
} if {
	some program in input.programs
}
