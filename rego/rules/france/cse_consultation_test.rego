package compliance.rules.france.cse_consultation_test

import data.compliance.rules.france.cse_consultation

_program(cse) := {
	"metadata": {"id": "mci"},
	"program": {"start_date": "2026-04-21"},
	"controller": {"establishments": [{"country": "FR", "has_works_council": true, "employees": 300}]},
	"data_subjects": [{"category": "employee"}],
	"consultation": {"cse": cse},
}

_findings(program) := findings if {
	findings := cse_consultation.deny with input as {"programs": [program], "datasets": []}
}

test_cse_consultation_fires if {
	_findings(_program({"informed_consulted_date": "2026-06-01", "opinion": "unfavourable"})) == {{
		"resource": "program:mci",
		"field": "consultation.cse.informed_consulted_date",
		"msg": "program mci monitors staff of a French establishment with a CSE but the CSE was consulted on 2026-06-01, after the program started on 2026-04-21",
		"evidence": {"informed_consulted_date": "2026-06-01", "start_date": "2026-04-21"},
	}}
}

test_cse_consultation_quiet if {
	count(_findings(_program({"informed_consulted_date": "2026-03-10", "opinion": "favourable"}))) == 0
}

test_cse_consultation_missing_field if {
	_findings(object.remove(_program({}), ["consultation"])) == {{
		"resource": "program:mci",
		"field": "consultation.cse.informed_consulted_date",
		"msg": "program mci monitors staff of a French establishment with a CSE but the CSE was not informed and consulted (consultation.cse.informed_consulted_date is not set)",
		"evidence": {"informed_consulted_date": null, "start_date": "2026-04-21"},
	}}
}

test_cse_consultation_undeclared_headcount_fires if {
	program := object.union(_program({"informed_consulted_date": null}), {"controller": {"establishments": [{"country": "FR"}]}})
	count(_findings(program)) == 1
}

test_cse_consultation_small_establishment_quiet if {
	program := object.union(_program({}), {"controller": {"establishments": [{"country": "FR", "has_works_council": false, "employees": 30}]}})
	count(_findings(program)) == 0
}

test_cse_consultation_without_french_establishment_quiet if {
	# the FR pack applies through French staff, but there is no French establishment to have a CSE
	program := object.union(_program({}), {
		"controller": {"establishments": [{"country": "US", "employees": 9000}]},
		"jurisdictions": {"data_subject_locations": [{"region": "FR"}]},
	})
	count(_findings(program)) == 0
}
