package compliance.rules.records.dataset_record_of_processing_test

import data.compliance.rules.records.dataset_record_of_processing

_program := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"data_categories": [
		{"id": "keystrokes", "type": "keystrokes"},
		{"id": "mouse", "type": "mouse_movements"},
	],
}

_dataset(overrides) := object.union(
	{
		"id": "mci_raw.keystrokes",
		"program": "mci",
		"data_categories": ["keystrokes", "mouse"],
		"personal_data": true,
		"sensitivity": 4,
	},
	overrides,
)

_findings(dataset) := findings if {
	findings := dataset_record_of_processing.deny with input as {"programs": [_program], "datasets": [dataset]}
}

test_record_of_processing_fires if {
	findings := _findings(_dataset({"data_categories": ["keystrokes", "screens", "hr_scores", "screens"]}))
	count(findings) == 1
	some f in findings
	f.resource == "dataset:mci_raw.keystrokes"
	f.field == "data_categories.1"
	f.msg == "dataset mci_raw.keystrokes holds hr_scores, screens, which program mci does not declare"
	f.evidence == {"program": "mci", "undeclared": ["hr_scores", "screens"]}
}

test_record_of_processing_fires_for_unknown_program if {
	findings := _findings(_dataset({"program": "ghost"}))
	count(findings) == 1
	some f in findings
	f.field == "program"
	f.msg == "dataset mci_raw.keystrokes names program ghost, which is not among the programs checked"
	f.evidence == {"program": "ghost"}
}

test_record_of_processing_fires_for_empty_program if {
	findings := _findings(_dataset({"program": ""}))
	count(findings) == 1
	some f in findings
	f.field == "program"
	f.msg == "dataset mci_raw.keystrokes is orphan personal data: names no program"
}

test_record_of_processing_fires_for_null_program if {
	findings := _findings(_dataset({"program": null}))
	count(findings) == 1
	some f in findings
	f.field == "program"
}

test_record_of_processing_quiet if {
	count(_findings(_dataset({}))) == 0
}

test_record_of_processing_quiet_when_not_personal if {
	count(_findings(_dataset({"personal_data": false, "program": null}))) == 0
}

test_record_of_processing_missing_field if {
	findings := _findings(object.remove(_dataset({}), ["program"]))
	count(findings) == 1
	some f in findings
	f.field == "program"
	f.msg == "dataset mci_raw.keystrokes is orphan personal data: names no program"
	f.evidence == {"program": null}
}

test_record_of_processing_missing_categories if {
	findings := _findings(object.remove(_dataset({}), ["data_categories"]))
	count(findings) == 1
	some f in findings
	f.field == "data_categories"
	f.msg == "dataset mci_raw.keystrokes names no data categories, so it cannot be matched to program mci"
}

test_record_of_processing_empty_categories if {
	some f in _findings(_dataset({"data_categories": []}))
	f.field == "data_categories"
}

# GDPR does not reach a program of a US-only employer (docs/method.md#applicability): its datasets are not
# judged under GDPR ids (the US packs' own rules cover them).
_us_program := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": "US"}]}}

test_record_of_processing_quiet_outside_gdpr if {
	findings := dataset_record_of_processing.deny with input as {"programs": [_us_program], "datasets": [_dataset({"data_categories": ["undeclared"]})]}
	count(findings) == 0
}

test_record_of_processing_orphan_or_unknown_program_still_judged if {
	findings := dataset_record_of_processing.deny with input as {"programs": [object.union(_us_program, {"metadata": {"id": "other"}})], "datasets": [_dataset({"data_categories": ["undeclared"]})]}
	count(findings) > 0
}

test_record_of_processing_unclassified_fires if {
	dataset := {"id": "public.scratch", "personal_data": null}
	findings := _findings(dataset)
	count(findings) == 1
	some f in findings
	f.field == "personal_data"
	f.evidence == {"personal_data": null}
	f.msg == "dataset public.scratch is unclassified: nothing says whether it holds personal data or which program it belongs to, so no other rule can judge it (map it with a DatasetMapping entry, a tag or a table comment)"
}

test_record_of_processing_unclassified_quiet_when_not_personal if {
	count(_findings({"id": "public.scratch", "personal_data": false})) == 0
}

test_record_of_processing_unclassified_missing_field if {
	findings := _findings({"id": "public.scratch"})
	count(findings) == 1
	some f in findings
	f.field == "personal_data"
}

test_record_of_processing_unclassified_quiet_when_personal if {
	count({f | some f in _findings(_dataset({})); f.field == "personal_data"}) == 0
}
