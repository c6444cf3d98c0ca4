package compliance.rules.ai_act.high_risk_classification_test

import data.compliance.rules.ai_act.high_risk_classification

_program(ai) := {
	"metadata": {"id": "mci"},
	"ai": object.union({"ai_act_role": "provider", "intended_purpose_tags": [], "high_risk_annex_iii": false}, ai),
}

_findings(program) := findings if {
	findings := high_risk_classification.deny with input as {"programs": [program], "datasets": []}
}

test_high_risk_fires if {
	program := _program({"intended_purpose_tags": ["worker_monitoring", "emotion_inference", "performance_evaluation"], "art6_3_exemption_documented": false})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "ai.high_risk_annex_iii",
		"msg": "the AI system of program mci is intended for performance_evaluation, worker_monitoring (AI Act Annex III point 4), so it is high-risk from 2027-12-02, but the program does not classify it as such (ai.high_risk_annex_iii is false) and documents no Art. 6(3) exemption",
		"evidence": {
			"intended_purpose_tags": ["performance_evaluation", "worker_monitoring"],
			"high_risk_annex_iii": false,
			"art6_3_exemption_documented": false,
			"applies_from": "2027-12-02",
		},
	}}
}

test_high_risk_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"intended_purpose_tags": ["emotion_inference"]}))) == 0
	count(_findings(_program({"intended_purpose_tags": ["recruitment"], "high_risk_annex_iii": true}))) == 0
}

test_high_risk_exemption_documented_quiet if {
	count(_findings(_program({"intended_purpose_tags": ["task_allocation"], "art6_3_exemption_documented": true}))) == 0
}

test_high_risk_missing_field if {
	findings := _findings(_program({"intended_purpose_tags": ["recruitment"], "high_risk_annex_iii": null}))
	[f.evidence.high_risk_annex_iii | some f in findings] == [null]
	no_tags := {"metadata": {"id": "mci"}, "ai": {"ai_act_role": "deployer"}}
	_findings(no_tags) == {{
		"resource": "program:mci",
		"field": "ai.intended_purpose_tags",
		"msg": "program mci does not declare the intended purposes of its AI system (ai.intended_purpose_tags is missing), so whether it is high-risk under AI Act Annex III cannot be told",
		"evidence": {"intended_purpose_tags": null},
	}}
}

test_high_risk_params_override if {
	program := _program({"intended_purpose_tags": ["recruitment"]})
	findings := _findings(program) with data.compliance.params as {"ai_act_annex3_applies_from": "2028-08-02"}
	[f.evidence.applies_from | some f in findings] == ["2028-08-02"]
	[f.msg | some f in findings] == ["the AI system of program mci is intended for recruitment (AI Act Annex III point 4), so it is high-risk from 2028-08-02, but the program does not classify it as such (ai.high_risk_annex_iii is false) and documents no Art. 6(3) exemption"]
}

test_high_risk_outside_ai_act_quiet if {
	count(_findings(_program({"ai_act_role": "none", "intended_purpose_tags": ["recruitment"]}))) == 0
	count(_findings({"metadata": {"id": "mci"}})) == 0
}
