package compliance.lib.scope_test

_program(id, country) := {"metadata": {"id": id}, "controller": {"establishments": [{"country": country}]}}

_input := {"programs": [_program("eu", "DE"), _program("us", "US")]}

test_dataset_in_gdpr_scope_when_its_program_is_reached if {
	data.compliance.lib.dataset_in_gdpr_scope({"program": "eu"}) with input as _input
}

test_dataset_out_of_gdpr_scope_when_its_program_is_not if {
	not data.compliance.lib.dataset_in_gdpr_scope({"program": "us"}) with input as _input
}

test_dataset_without_or_with_an_unknown_program_stays_in_scope if {
	data.compliance.lib.dataset_in_gdpr_scope({"id": "orphan"}) with input as _input
	data.compliance.lib.dataset_in_gdpr_scope({"program": "elsewhere"}) with input as _input
	data.compliance.lib.dataset_in_gdpr_scope({"program": null}) with input as _input
}

test_programs_outside_gdpr if {
	data.compliance.lib.programs_outside_gdpr == {"us"} with input as _input
}
