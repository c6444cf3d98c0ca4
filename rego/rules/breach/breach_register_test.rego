package compliance.rules.breach.breach_register_test

import data.compliance.rules.breach.breach_register

_program(breaches) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"breaches": breaches,
}

_findings(program) := findings if {
	findings := breach_register.deny with input as {"programs": [program], "datasets": []}
}

test_breach_register_fires if {
	_findings(_program([{"id": "b1", "register_entry": true}, {"id": "SEV2-acl", "risk": "none", "register_entry": false}])) == {{
		"resource": "program:mci",
		"field": "breaches.1.register_entry",
		"msg": "breach SEV2-acl of program mci is not documented in the breach register (register_entry is false)",
		"evidence": {"register_entry": false},
	}}
}

test_breach_register_quiet if {
	count(_findings(_program([{"id": "b1", "register_entry": true}]))) == 0
	count(_findings(object.remove(_program([]), ["breaches"]))) == 0
}

test_breach_register_missing_field if {
	_findings(_program([{"risk": "high"}])) == {{
		"resource": "program:mci",
		"field": "breaches.0.register_entry",
		"msg": "breach #0 of program mci is not documented in the breach register (register_entry is missing)",
		"evidence": {"register_entry": null},
	}}
}

test_breach_register_outside_gdpr_quiet if {
	program := object.union(_program([{"id": "b1"}]), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
