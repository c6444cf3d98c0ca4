# Dataset helpers shared by the dataset-level rules (entries of input.datasets, each a
# StorageInventory dataset plus its inventory id). Every helper is guarded: a missing or
# mistyped field gives an empty or "unknown" value (or a false predicate), never an error.
package compliance.lib

# personal_datasets: the datasets that declare personal_data == true.
personal_datasets contains dataset if {
	some dataset in input.datasets
	dataset.personal_data == true
}

# dataset_categories is the dataset's data_categories ids, strings only, in order; [] when the
# field is missing or not an array.
dataset_categories(dataset) := [id |
	is_array(dataset.data_categories)
	some id in dataset.data_categories
	is_string(id)
]

# dataset_program_categories is the dataset's program's data_categories entries whose id the
# dataset holds, in the program's order; [] when the program is not among input.programs.
dataset_program_categories(dataset) := [category |
	some category in program_by_id[dataset.program].data_categories
	category.id in ids
] if {
	ids := {id | some id in dataset_categories(dataset)}
}

# category_sensitive: a data category (a Program data_categories entry) that is a GDPR special
# category or CCPA sensitive personal information.
category_sensitive(category) if category.special_category == true

category_sensitive(category) if category.ccpa_sensitive == true

# sensitivity_text names the dataset's sensitivity label for messages.
sensitivity_text(dataset) := sprintf("sensitivity %v", [dataset.sensitivity]) if is_number(dataset.sensitivity)
else := "no sensitivity label"

# broad_readers: reader principals that grant access to an indefinite number of people, the
# wildcards plus the organisation's own broad groups (param broad_groups: a list; non-strings
# ignored; its default in params.rego is the empty list).
#
# It refers to no other rule of this package, on purpose (measured on regorus 0.13): a rule read
# as `lib.<name>` makes regorus evaluate the whole data.compliance.lib tree in load order, and a
# rule reaching, even through a function, a rule of this package loaded after its own file then
# comes out undefined or blind to `with data...`. So the wildcards are inline and broad_groups is
# read from data directly, not via param() (whose rules live in params.rego). Functions read as
# `lib.<name>(...)` are not affected.
broad_readers := {"*", "group:all-employees", "group:all-staff", "group:everyone", "authenticated"} | {group |
	groups := data.compliance.params.broad_groups
	is_array(groups)
	some group in groups
	is_string(group)
}

# drift_message says what a declared fact (a DatasetMapping entry, recorded in the dataset's drift
# list by `compliance discover`) and the value observed in the deployed catalog are.
drift_message(dataset, drift) := sprintf("dataset %s: %s is declared %s (%s) but the deployed catalog shows %s; the observed value is the one judged", [
	dataset.id, drift.field, json.marshal(object.get(drift, "declared", null)), object.get(drift, "declared_by", "declared"),
	json.marshal(object.get(drift, "observed", null)),
])

# drift_evidence: the decisive values of a drift entry.
# A value not declared (null, which the loader leaves out) is null here.
drift_evidence(drift) := {
	"field": drift.field,
	"declared": object.get(drift, "declared", null),
	"observed": object.get(drift, "observed", null),
}

# dataset_unknown: the dataset's source leaves fact (a dotted field path such as
# "encryption.key_ref") unknown, as its `unknown` list says (a Terraform plan: unknown until
# apply). A rule never asserts an unknown fact: it skips it, and with `--unknown fail`
# (unknown_fails) reports it as unknown instead.
dataset_unknown(dataset, fact) if {
	is_array(dataset.unknown)
	fact in dataset.unknown
}

# unknown_fails: `--unknown fail` (data.compliance.run.unknown); a function, not a rule, so that
# reading it evaluates nothing else of this package (see broad_readers).
unknown_fails(_) if data.compliance.run.unknown == "fail"

# unknown_finding: the finding of a fact a rule needs that the dataset's source leaves unknown,
# for `--unknown fail`.
unknown_finding(dataset, fact, what) := finding(dataset_resource(dataset), fact, msg, {"unknown": fact}) if {
	msg := sprintf("dataset %s (%s): %s is unknown until apply (%s), so the rule cannot be checked", [
		dataset.id, sensitivity_text(dataset), what, fact,
	])
}
