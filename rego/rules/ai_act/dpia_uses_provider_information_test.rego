package compliance.rules.ai_act.dpia_uses_provider_information_test

import data.compliance.rules.ai_act.dpia_uses_provider_information

_program(ai, dpia) := {
	"metadata": {"id": "rank"},
	"ai": object.union({"ai_act_role": "deployer", "high_risk_annex_iii": true, "instructions_for_use_received": true}, ai),
	"dpia": object.union({"performed": true, "sections": {"description": true}}, dpia),
}

_findings(program) := findings if {
	findings := dpia_uses_provider_information.deny with input as {"programs": [program], "datasets": []}
}

test_dpia_provider_information_fires if {
	_findings(_program({"instructions_for_use_received": false}, {"sections": {"description": false}})) == {{
		"resource": "program:rank",
		"field": "ai.instructions_for_use_received",
		"msg": "program rank deploys a high-risk AI system (ai.high_risk_annex_iii is true) and performed a DPIA, but the provider's instructions for use were not received (ai.instructions_for_use_received is false); the DPIA has no description section to carry them (dpia.sections.description is false)",
		"evidence": {"instructions_for_use_received": false, "description": false},
	}}
}

test_dpia_provider_information_quiet if {
	count(_findings(_program({}, {}))) == 0
	count(_findings(_program({"instructions_for_use_received": false}, {"performed": false}))) == 0
	count(_findings(_program({"instructions_for_use_received": false, "high_risk_annex_iii": false}, {}))) == 0
}

test_dpia_provider_information_missing_field if {
	program := json.patch(_program({}, {}), [
		{"op": "remove", "path": "/ai/instructions_for_use_received"},
		{"op": "remove", "path": "/dpia/sections"},
	])
	findings := _findings(program)
	[f.field | some f in findings] == ["ai.instructions_for_use_received"]
	[f.evidence | some f in findings] == [{"instructions_for_use_received": null, "description": null}]
}

test_dpia_provider_information_outside_ai_act_quiet if {
	count(_findings(_program({"ai_act_role": "none", "instructions_for_use_received": false}, {}))) == 0
	count(_findings(_program({"ai_act_role": "provider", "instructions_for_use_received": false}, {}))) == 0
}
