package compliance.rules.ai_act.ai_literacy_test

import data.compliance.rules.ai_act.ai_literacy

_program(ai) := {"metadata": {"id": "mci"}, "ai": object.union({"ai_act_role": "provider"}, ai)}

_findings(program) := findings if {
	findings := ai_literacy.deny with input as {"programs": [program], "datasets": []}
}

test_ai_literacy_fires if {
	_findings(_program({"literacy_training_done": false})) == {{
		"resource": "program:mci",
		"field": "ai.literacy_training_done",
		"msg": "program mci runs an AI system (ai.ai_act_role is provider) but records no AI-literacy measures for its staff (ai.literacy_training_done is false)",
		"evidence": {"literacy_training_done": false},
	}}
}

test_ai_literacy_quiet if {
	count(_findings(_program({"literacy_training_done": true}))) == 0
}

test_ai_literacy_missing_field if {
	[f.evidence | some f in _findings(_program({}))] == [{"literacy_training_done": null}]
}

test_ai_literacy_outside_ai_act_quiet if {
	count(_findings(_program({"ai_act_role": "none", "literacy_training_done": false}))) == 0
	count(_findings({"metadata": {"id": "mci"}})) == 0
}
