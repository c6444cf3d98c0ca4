package compliance.rules.employment.less_intrusive_alternatives_test

import data.compliance.rules.employment.less_intrusive_alternatives

_program(alternatives) := {
	"metadata": {"id": "mci"},
	"program": {"technologies": ["screenshot"], "less_intrusive_alternatives": alternatives},
	"controller": {"establishments": [{"country": "IE"}]},
	"data_subjects": [{"category": "employee"}],
}

_evaluated := [{"option": "Synthetic tasks", "evaluated": true, "rejected_reason": "Too few real workflows"}]

_findings(program) := findings if {
	findings := less_intrusive_alternatives.deny with input as {"programs": [program], "datasets": []}
}

test_less_intrusive_alternatives_fires if {
	program := _program([
		{"option": "Paid contractors", "evaluated": false},
		{"option": "DOM events", "evaluated": true, "rejected_reason": "Lower fidelity"},
		{"option": "Vendor datasets"},
	])
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "program.less_intrusive_alternatives.0.evaluated",
			"msg": `program mci lists the less-intrusive alternative "Paid contractors" but has not evaluated it`,
			"evidence": {"option": "Paid contractors", "evaluated": false},
		},
		{
			"resource": "program:mci",
			"field": "program.less_intrusive_alternatives.2.evaluated",
			"msg": `program mci lists the less-intrusive alternative "Vendor datasets" but has not evaluated it`,
			"evidence": {"option": "Vendor datasets", "evaluated": null},
		},
	}
}

test_less_intrusive_alternatives_quiet if {
	count(_findings(_program(_evaluated))) == 0
}

test_less_intrusive_alternatives_missing_field if {
	program := {
		"metadata": {"id": "mci"},
		"program": {"technologies": ["screenshot"]},
		"controller": {"establishments": [{"country": "IE"}]},
		"data_subjects": [{"category": "employee"}],
	}
	_findings(program) == {{
		"resource": "program:mci",
		"field": "program.less_intrusive_alternatives",
		"msg": "program mci monitors workers but records no less-intrusive alternatives (program.less_intrusive_alternatives is missing)",
		"evidence": {"less_intrusive_alternatives": null},
	}}
}

test_less_intrusive_alternatives_empty_list_fires if {
	some f in _findings(_program([]))
	f.msg == "program mci monitors workers but records no less-intrusive alternatives (program.less_intrusive_alternatives is [])"
}

test_less_intrusive_alternatives_unnamed_option if {
	some f in _findings(_program([{"evaluated": false}]))
	f.msg == "program mci lists the less-intrusive alternative #0 but has not evaluated it"
}

test_less_intrusive_alternatives_outside_gdpr_quiet if {
	program := object.union(_program([]), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
