package compliance.rules.germany.works_council_co_determination_test

import data.compliance.rules.germany.works_council_co_determination

_program(works_council) := {
	"metadata": {"id": "mci"},
	"program": {"start_date": "2026-04-21"},
	"controller": {"establishments": [
		{"country": "US", "employees": 14000},
		{"country": "DE", "has_works_council": true, "employees": 650},
	]},
	"data_subjects": [{"category": "employee"}],
	"consultation": {"works_council": works_council},
}

_findings(program) := findings if {
	findings := works_council_co_determination.deny with input as {"programs": [program], "datasets": []}
}

test_works_council_fires if {
	program := _program([{"country": "DE", "co_determination_agreement_ref": null, "expert_involved": false}])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "consultation.works_council.0.co_determination_agreement_ref",
		"msg": "program mci monitors staff of a German establishment with a works council but has no co-determination agreement (no DE entry of consultation.works_council has a co_determination_agreement_ref)",
		"evidence": {"co_determination_agreement_ref": null},
	}}
}

test_works_council_agreement_after_start_fires if {
	program := _program([{"country": "DE", "co_determination_agreement_ref": "BV-2026-07", "date": "2026-05-02"}])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "consultation.works_council.0.date",
		"msg": "program mci monitors staff of a German establishment with a works council but its co-determination agreement BV-2026-07 is dated 2026-05-02, after the program started on 2026-04-21",
		"evidence": {"co_determination_agreement_ref": "BV-2026-07", "date": "2026-05-02", "start_date": "2026-04-21"},
	}}
}

test_works_council_quiet if {
	program := _program([
		{"country": "FR", "co_determination_agreement_ref": null},
		{"country": "DE", "co_determination_agreement_ref": "BV-2026-03", "date": "2026-03-30", "expert_involved": true},
	])
	count(_findings(program)) == 0
}

test_works_council_quiet_without_works_council if {
	program := object.union(_program([]), {"controller": {"establishments": [{"country": "DE", "has_works_council": false, "employees": 650}]}})
	count(_findings(program)) == 0
}

test_works_council_missing_field if {
	program := object.remove(_program([]), ["consultation"])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "consultation.works_council",
		"msg": "program mci monitors staff of a German establishment with a works council but has no co-determination agreement (no DE entry of consultation.works_council has a co_determination_agreement_ref)",
		"evidence": {"co_determination_agreement_ref": null},
	}}
}

test_works_council_undated_agreement_fires if {
	some f in _findings(_program([{"country": "DE", "co_determination_agreement_ref": "BV-1"}]))
	f.field == "consultation.works_council.0.date"
	f.evidence == {"co_determination_agreement_ref": "BV-1", "date": null}
}

test_works_council_undeclared_council_fires_high if {
	program := object.union(_program([]), {"controller": {"establishments": [{"country": "DE", "employees": 80}]}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "controller.establishments.0.has_works_council",
		"msg": "program mci monitors staff of a German establishment that does not say whether it has a works council (has_works_council is missing), so BetrVG §87(1) Nr. 6 co-determination cannot be ruled out",
		"evidence": {"has_works_council": null},
		"severity": "high",
	}}
}

test_works_council_outside_de_pack_quiet if {
	# fewer than 5 employees: BetrVG does not apply
	program := object.union(_program([]), {"controller": {"establishments": [{"country": "DE", "has_works_council": true, "employees": 4}]}})
	count(_findings(program)) == 0
}

test_works_council_quiet_without_workers if {
	program := object.union(_program([]), {"data_subjects": [{"category": "customer"}]})
	count(_findings(program)) == 0
}
