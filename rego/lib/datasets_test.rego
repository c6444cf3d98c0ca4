package compliance.lib.datasets_test

import data.compliance.lib

# Rules of compliance.lib are read by their full path, functions through the import: regorus 0.13
# reads `lib.<rule>` by evaluating the whole data.compliance.lib tree, this test package
# included, so `lib.<rule>` here is a recursion error (or undefined) there.

_program := {
	"metadata": {"id": "mci"},
	"data_categories": [
		{"id": "clicks", "type": "clicks", "retention_days": 30},
		{"type": "other"},
		"not-an-object",
		{"id": "health_notes", "type": "health", "special_category": true},
		{"id": "login_ids", "type": "identifiers", "ccpa_sensitive": true},
	],
}

_wildcards := {"*", "group:all-employees", "group:all-staff", "group:everyone", "authenticated"}

# personal_datasets

test_personal_datasets_fires if {
	datasets := [
		{"id": "a", "personal_data": true},
		{"id": "b", "personal_data": false},
		{"id": "c", "personal_data": "true"},
		{"id": "d"},
		{"id": "e", "personal_data": true, "sensitivity": 4},
	]
	ids := {dataset.id | some dataset in data.compliance.lib.personal_datasets} with input as {"datasets": datasets}
	ids == {"a", "e"}
}

test_personal_datasets_missing_datasets if {
	count(data.compliance.lib.personal_datasets) == 0 with input as {"programs": []}
}

test_personal_datasets_non_object_entries if {
	datasets := ["x", 1, null, {"id": "a", "personal_data": true}]
	ids := {dataset.id | some dataset in data.compliance.lib.personal_datasets} with input as {"datasets": datasets}
	ids == {"a"}
}

# dataset_categories

test_dataset_categories_fires if {
	lib.dataset_categories({"data_categories": ["keystrokes", "mouse", "keystrokes"]}) == ["keystrokes", "mouse", "keystrokes"]
}

test_dataset_categories_drops_non_strings if {
	lib.dataset_categories({"data_categories": ["clicks", 1, null, {"id": "x"}, "mouse"]}) == ["clicks", "mouse"]
}

test_dataset_categories_missing_field if {
	lib.dataset_categories({"id": "a"}) == []
}

test_dataset_categories_not_an_array if {
	lib.dataset_categories({"data_categories": "clicks"}) == []
	lib.dataset_categories({"data_categories": {"a": "clicks"}}) == []
	lib.dataset_categories({"data_categories": null}) == []
}

# dataset_program_categories

test_dataset_program_categories_fires if {
	dataset := {"program": "mci", "data_categories": ["login_ids", "clicks", "unknown", "clicks"]}
	categories := lib.dataset_program_categories(dataset) with input as {"programs": [_program]}
	[c.id | some c in categories] == ["clicks", "login_ids"]
}

test_dataset_program_categories_skips_entries_without_id if {
	dataset := {"program": "mci", "data_categories": ["clicks", "other"]}
	categories := lib.dataset_program_categories(dataset) with input as {"programs": [_program]}
	categories == [{"id": "clicks", "type": "clicks", "retention_days": 30}]
}

test_dataset_program_categories_unknown_program if {
	dataset := {"program": "other", "data_categories": ["clicks"]}
	lib.dataset_program_categories(dataset) == [] with input as {"programs": [_program]}
}

test_dataset_program_categories_missing_program if {
	lib.dataset_program_categories({"data_categories": ["clicks"]}) == [] with input as {"programs": [_program]}
	lib.dataset_program_categories({"program": null, "data_categories": ["clicks"]}) == [] with input as {"programs": [_program]}
}

test_dataset_program_categories_missing_categories if {
	lib.dataset_program_categories({"program": "mci"}) == [] with input as {"programs": [_program]}
}

test_dataset_program_categories_non_string_ids if {
	dataset := {"program": "mci", "data_categories": [1, null, {"id": "clicks"}]}
	lib.dataset_program_categories(dataset) == [] with input as {"programs": [_program]}
}

test_dataset_program_categories_program_without_categories if {
	program := {"metadata": {"id": "mci"}}
	lib.dataset_program_categories({"program": "mci", "data_categories": ["clicks"]}) == [] with input as {"programs": [program]}
}

# category_sensitive

test_category_sensitive_special_category if {
	lib.category_sensitive({"id": "health_notes", "special_category": true})
}

test_category_sensitive_ccpa_sensitive if {
	lib.category_sensitive({"id": "login_ids", "special_category": false, "ccpa_sensitive": true})
}

test_category_sensitive_quiet if {
	not lib.category_sensitive({"id": "clicks", "special_category": false, "ccpa_sensitive": false})
}

test_category_sensitive_missing_fields if {
	not lib.category_sensitive({"id": "clicks"})
}

test_category_sensitive_not_boolean if {
	not lib.category_sensitive({"id": "clicks", "special_category": "true", "ccpa_sensitive": 1})
}

# sensitivity_text

test_sensitivity_text_fires if {
	lib.sensitivity_text({"sensitivity": 3}) == "sensitivity 3"
}

test_sensitivity_text_missing_field if {
	lib.sensitivity_text({"id": "a"}) == "no sensitivity label"
}

test_sensitivity_text_not_a_number if {
	lib.sensitivity_text({"sensitivity": null}) == "no sensitivity label"
	lib.sensitivity_text({"sensitivity": "4"}) == "no sensitivity label"
}

# broad_readers

test_broad_readers_default if {
	data.compliance.lib.broad_readers == _wildcards
}

test_broad_readers_params_override if {
	readers := data.compliance.lib.broad_readers with data.compliance.params as {"broad_groups": ["group:eng", 7, null, "group:ops"]}
	readers == _wildcards | {"group:eng", "group:ops"}
}

test_broad_readers_params_override_without_broad_groups if {
	readers := data.compliance.lib.broad_readers with data.compliance.params as {"max_reader_group_size": 10}
	readers == _wildcards
}

test_broad_readers_params_not_a_list if {
	data.compliance.lib.broad_readers == _wildcards with data.compliance.params as {"broad_groups": "group:eng"}
	data.compliance.lib.broad_readers == _wildcards with data.compliance.params as {"broad_groups": null}
}
