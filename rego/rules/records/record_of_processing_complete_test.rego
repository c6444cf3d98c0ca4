package compliance.rules.records.record_of_processing_complete_test

import data.compliance.rules.records.record_of_processing_complete

_program(records) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"records": records,
}

_findings(program) := findings if {
	findings := record_of_processing_complete.deny with input as {"programs": [program], "datasets": []}
}

test_record_of_processing_fires if {
	_findings(_program({"ropa_entry_id": "ROPA-HR-0417", "ropa_fields": ["a", "b", "c"]})) == {
		{
			"resource": "program:mci",
			"field": "records.ropa_fields",
			"msg": "record ROPA-HR-0417 of program mci lacks the mandatory Art. 30(1) items d (categories of recipients), e (third-country transfers)",
			"evidence": {"missing": ["d", "e"]},
			"severity": "medium",
		},
		{
			"resource": "program:mci",
			"field": "records.ropa_fields",
			"msg": "record ROPA-HR-0417 of program mci lacks the Art. 30(1) items required where possible: f (erasure time limits), g (security measures)",
			"evidence": {"missing": ["f", "g"]},
			"severity": "low",
		},
	}
}

test_record_of_processing_where_possible_only_low if {
	findings := _findings(_program({"ropa_entry_id": "R1", "ropa_fields": ["a", "b", "c", "d", "e", "g"]}))
	count(findings) == 1
	some f in findings
	f.severity == "low"
	f.evidence == {"missing": ["f"]}
}

test_record_of_processing_quiet if {
	count(_findings(_program({"ropa_entry_id": "R1", "ropa_fields": ["g", "f", "e", "d", "c", "b", "a"]}))) == 0
}

test_record_of_processing_missing_field if {
	_findings(object.remove(_program({}), ["records"])) == {{
		"resource": "program:mci",
		"field": "records.ropa_entry_id",
		"msg": "program mci has no entry in the record of processing activities (records.ropa_entry_id is missing)",
		"evidence": {"ropa_entry_id": null},
	}}
}

test_record_of_processing_missing_fields_list if {
	findings := _findings(_program({"ropa_entry_id": "R1"}))
	{f.evidence.missing | some f in findings} == {["a", "b", "c", "d", "e"], ["f", "g"]}
}

test_record_of_processing_blank_id if {
	some f in _findings(_program({"ropa_entry_id": " ", "ropa_fields": ["a"]}))
	f.msg == `program mci has no entry in the record of processing activities (records.ropa_entry_id is " ")`
}

test_record_of_processing_outside_gdpr_quiet if {
	program := object.union(_program({}), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
