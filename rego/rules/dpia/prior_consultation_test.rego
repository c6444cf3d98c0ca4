package compliance.rules.dpia.prior_consultation_test

import data.compliance.rules.dpia.prior_consultation

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"program": {"start_date": "2026-04-21"},
		"dpia": {"performed": true, "residual_risk_level": "very_high", "art36": {"required": true, "submitted_date": "2026-02-01"}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := prior_consultation.deny with input as {"programs": [program], "datasets": []}
}

test_prior_consultation_fires if {
	_findings(_program({"dpia": {"art36": {"submitted_date": null}}})) == {{
		"resource": "program:mci",
		"field": "dpia.art36.submitted_date",
		"msg": "the DPIA of program mci leaves a very high residual risk, but the supervisory authority was not consulted (dpia.art36.submitted_date is null)",
		"evidence": {"residual_risk_level": "very_high", "submitted_date": null, "start_date": "2026-04-21"},
	}}
}

test_prior_consultation_after_start_fires if {
	findings := _findings(_program({"dpia": {"residual_risk_level": "high", "art36": {"submitted_date": "2026-05-02"}}}))
	{f.msg | some f in findings} == {"the DPIA of program mci leaves a high residual risk, but the supervisory authority was consulted on 2026-05-02, after processing started on 2026-04-21"}
}

test_prior_consultation_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"dpia": {"residual_risk_level": "medium", "art36": {"submitted_date": null}}}))) == 0
	# not started yet
	count(_findings(object.remove(_program({"dpia": {"art36": {"submitted_date": "2026-05-02"}}}), ["program"]))) == 0
}

test_prior_consultation_missing_field if {
	program := object.union(object.remove(_program({}), ["dpia"]), {"dpia": {"performed": true}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.residual_risk_level",
		"msg": "the DPIA of program mci records no residual risk level (dpia.residual_risk_level is missing), so the need for prior consultation cannot be judged",
		"evidence": {"residual_risk_level": null},
		"severity": "medium",
	}}
}

test_prior_consultation_missing_art36 if {
	program := object.union(object.remove(_program({}), ["dpia"]), {"dpia": {"residual_risk_level": "high"}})
	some f in _findings(program)
	f.msg == "the DPIA of program mci leaves a high residual risk, but the supervisory authority was not consulted (dpia.art36.submitted_date is missing)"
}

test_prior_consultation_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "dpia": {"art36": {"submitted_date": null}}})
	count(_findings(program)) == 0
}
