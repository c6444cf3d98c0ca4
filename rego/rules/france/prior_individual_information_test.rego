package compliance.rules.france.prior_individual_information_test

import data.compliance.rules.france.prior_individual_information

_program(notice) := {
	"metadata": {"id": "mci"},
	"program": {"start_date": "2026-04-21"},
	"controller": {"establishments": [{"country": "FR", "employees": 300}]},
	"data_subjects": [{"category": "employee"}],
	"transparency": {"notice": notice},
}

_findings(program) := findings if {
	findings := prior_individual_information.deny with input as {"programs": [program], "datasets": []}
}

test_prior_information_fires if {
	_findings(_program({"provided": true, "date": "2026-05-03"})) == {{
		"resource": "program:mci",
		"field": "transparency.notice.date",
		"msg": "program mci collects data on French staff since 2026-04-21 but informed them only on 2026-05-03 (Code du travail L1222-4)",
		"evidence": {"provided": true, "date": "2026-05-03", "start_date": "2026-04-21"},
	}}
}

test_prior_information_quiet if {
	count(_findings(_program({"provided": true, "date": "2026-04-01"}))) == 0
	count(_findings(_program({"provided": true, "date": "2026-04-21"}))) == 0
}

test_prior_information_missing_field if {
	_findings(object.remove(_program({}), ["transparency"])) == {{
		"resource": "program:mci",
		"field": "transparency.notice.provided",
		"msg": "program mci collects data on French staff without a prior notice (transparency.notice.provided is not true) (Code du travail L1222-4)",
		"evidence": {"provided": null, "date": null, "start_date": "2026-04-21"},
	}}
}

test_prior_information_undated_notice_fires if {
	some f in _findings(_program({"provided": true}))
	f.field == "transparency.notice.date"
	f.msg == "program mci collects data on French staff without a dated notice, so prior information cannot be shown (Code du travail L1222-4)"
}

test_prior_information_applies_through_french_subjects if {
	program := object.union(_program({"provided": false}), {
		"controller": {"establishments": [{"country": "US"}]},
		"jurisdictions": {"data_subject_locations": [{"region": "FR", "headcount": 40}]},
	})
	count(_findings(program)) == 1
}

test_prior_information_outside_fr_pack_quiet if {
	program := object.union(_program({"provided": false}), {"controller": {"establishments": [{"country": "DE"}]}})
	count(_findings(program)) == 0
}
