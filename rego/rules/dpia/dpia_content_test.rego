package compliance.rules.dpia.dpia_content_test

import data.compliance.rules.dpia.dpia_content

_dpia := {
	"performed": true,
	"sections": {"description": true, "necessity_proportionality": true, "risk_assessment": true, "measures": true},
	"risks": [{"id": "R1", "severity": 4, "likelihood": 3}],
}

_program(dpia) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"dpia": dpia,
}

_findings(program) := findings if {
	findings := dpia_content.deny with input as {"programs": [program], "datasets": []}
}

test_dpia_content_fires if {
	dpia := object.union(_dpia, {
		"sections": {"necessity_proportionality": false, "measures": false},
		"risks": [{"id": "R1", "severity": 4, "likelihood": 3}, {"id": "R2", "severity": 3}],
	})
	_findings(_program(dpia)) == {
		{
			"resource": "program:mci",
			"field": "dpia.sections.necessity_proportionality",
			"msg": "the DPIA of program mci lacks Art. 35(7) content: necessity_proportionality (35(7)(b)), measures (35(7)(d))",
			"evidence": {"missing_sections": ["necessity_proportionality", "measures"]},
		},
		{
			"resource": "program:mci",
			"field": "dpia.risks.1.likelihood",
			"msg": "risk R2 of the DPIA of program mci is not scored: no likelihood",
			"evidence": {"severity": 3, "likelihood": null},
		},
	}
}

test_dpia_content_quiet if {
	count(_findings(_program(_dpia))) == 0
	# no DPIA performed: GDPR-DPIA-001 reports that, not this rule
	count(_findings(_program({"performed": false}))) == 0
}

test_dpia_content_missing_field if {
	_findings(_program({"performed": true})) == {
		{
			"resource": "program:mci",
			"field": "dpia.sections",
			"msg": "the DPIA of program mci lacks Art. 35(7) content: description (35(7)(a)), necessity_proportionality (35(7)(b)), risk_assessment (35(7)(c)), measures (35(7)(d))",
			"evidence": {"missing_sections": ["description", "necessity_proportionality", "risk_assessment", "measures"]},
		},
		{
			"resource": "program:mci",
			"field": "dpia.risks",
			"msg": "the DPIA of program mci records no risks (dpia.risks is missing)",
			"evidence": {"risks": null},
		},
	}
}

test_dpia_content_empty_risks_and_unscored_risk if {
	findings := _findings(_program(object.union(_dpia, {"risks": []})))
	{f.msg | some f in findings} == {"the DPIA of program mci records no risks (dpia.risks is [])"}
	unscored := _findings(_program(object.union(_dpia, {"risks": [{"scenario": "leak"}]})))
	{f.msg | some f in unscored} == {"risk #0 of the DPIA of program mci is not scored: no severity and no likelihood"}
}

test_dpia_content_outside_gdpr_quiet if {
	program := object.union(_program({"performed": true}), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
