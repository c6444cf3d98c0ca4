package compliance.rules.lawful_basis.compatible_reuse_test

import data.compliance.rules.lawful_basis.compatible_reuse

_assessment := {
	"done": true,
	"link": "Both concern the assistant",
	"context": "Staff used the assistant at work",
	"nature": "May contain health questions",
	"consequences": "None for the individual",
	"safeguards": "Pseudonymised, redacted",
}

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"mandatory_participation": true},
		"controller": {"establishments": [{"country": "IE"}]},
		"consent": {"used": true, "refusal_without_detriment": false},
		"purposes": [{
			"id": "reuse",
			"lawful_basis": "legitimate_interests",
			"derived_from_purpose": "assistant_support",
			"compatibility_assessment": _assessment,
		}],
	},
	overrides,
)

_findings(program) := findings if {
	findings := compatible_reuse.deny with input as {"programs": [program], "datasets": []}
}

_reuse(overrides) := [object.union(
	{"id": "reuse", "lawful_basis": "legitimate_interests", "derived_from_purpose": "assistant_support"},
	overrides,
)]

test_compatible_reuse_fires if {
	program := _program({"purposes": _reuse({"compatibility_assessment": {"done": true, "link": "x", "context": "y", "nature": "z"}})})
	_findings(program) == {{
		"resource": "purpose:mci/reuse",
		"field": "compatibility_assessment.consequences",
		"msg": "purpose reuse of program mci re-uses data of purpose assistant_support without a compatibility assessment: it lacks consequences, safeguards",
		"evidence": {"derived_from_purpose": "assistant_support", "done": true, "missing": ["consequences", "safeguards"]},
	}}
}

test_compatible_reuse_fires_on_unfree_consent if {
	program := _program({"purposes": _reuse({"lawful_basis": "consent", "compatibility_assessment": {"done": false}})})
	_findings(program) == {{
		"resource": "purpose:mci/reuse",
		"field": "compatibility_assessment.done",
		"msg": "purpose reuse of program mci re-uses data of purpose assistant_support without a compatibility assessment: it is not done; it lacks link, context, nature, consequences, safeguards",
		"evidence": {
			"derived_from_purpose": "assistant_support",
			"done": false,
			"missing": ["link", "context", "nature", "consequences", "safeguards"],
		},
	}}
}

test_compatible_reuse_quiet if {
	count(_findings(_program({}))) == 0
}

test_compatible_reuse_quiet_exempt if {
	free_consent := _program({
		"program": {"mandatory_participation": false},
		"consent": {"refusal_without_detriment": true},
		"purposes": _reuse({"lawful_basis": "consent"}),
	})
	count(_findings(free_consent)) == 0
	count(_findings(_program({"purposes": _reuse({"lawful_basis": "legal_obligation"})}))) == 0
	count(_findings(_program({"purposes": _reuse({"derived_from_purpose": null})}))) == 0
}

test_compatible_reuse_missing_field if {
	findings := _findings(_program({"purposes": _reuse({})}))
	count(findings) == 1
	some f in findings
	f.field == "compatibility_assessment"
	f.evidence == {
		"derived_from_purpose": "assistant_support",
		"done": null,
		"missing": ["link", "context", "nature", "consequences", "safeguards"],
	}
}

test_compatible_reuse_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "purposes": _reuse({})})
	count(_findings(program)) == 0
}
