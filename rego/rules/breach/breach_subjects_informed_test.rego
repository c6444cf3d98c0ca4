package compliance.rules.breach.breach_subjects_informed_test

import data.compliance.rules.breach.breach_subjects_informed

_program(breaches, at_rest) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"storage": {"encryption": {"at_rest": at_rest}},
	"breaches": breaches,
}

_findings(program) := findings if {
	findings := breach_subjects_informed.deny with input as {"as_of": "2026-11-22", "programs": [program], "datasets": []}
}

test_breach_subjects_fires if {
	breaches := [
		{"id": "b0", "risk": "risk", "subjects_notified_at": null},
		{"id": "SEV2-acl", "risk": "high", "subjects_notified_at": null},
	]
	_findings(_program(breaches, false)) == {{
		"resource": "program:mci",
		"field": "breaches.1.subjects_notified_at",
		"msg": "breach SEV2-acl of program mci (high risk) was not communicated to the people affected (subjects_notified_at is null); the Art. 34(3)(a) encryption exemption is not available (storage.encryption.at_rest is false)",
		"evidence": {"risk": "high", "subjects_notified_at": null, "at_rest": false},
	}}
}

test_breach_subjects_fires_with_encryption if {
	some f in _findings(_program([{"id": "b1", "risk": "high"}], true))
	f.msg == "breach b1 of program mci (high risk) was not communicated to the people affected (subjects_notified_at is missing); storage is encrypted at rest, so the Art. 34(3)(a) exemption applies only if the keys were not compromised"
}

test_breach_subjects_quiet if {
	count(_findings(_program([{"id": "b1", "risk": "high", "subjects_notified_at": "2026-06-18T09:00:00Z"}], false))) == 0
	count(_findings(_program([{"id": "b1", "risk": "none"}, {"id": "b2", "risk": "risk"}], false))) == 0
}

test_breach_subjects_missing_field if {
	program := object.remove(_program([{"id": "b1"}], false), ["storage"])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "breaches.0.subjects_notified_at",
		"msg": "breach b1 of program mci (no risk level recorded: risk is missing) was not communicated to the people affected (subjects_notified_at is missing); the Art. 34(3)(a) encryption exemption is not available (storage.encryption.at_rest is missing)",
		"evidence": {"risk": null, "subjects_notified_at": null, "at_rest": null},
	}}
}

test_breach_subjects_outside_gdpr_quiet if {
	program := object.union(_program([{"id": "b1", "risk": "high"}], false), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
