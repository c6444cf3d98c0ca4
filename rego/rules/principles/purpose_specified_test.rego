package compliance.rules.principles.purpose_specified_test

import data.compliance.rules.principles.purpose_specified

_purpose := {
	"id": "agent_training",
	"description": "Train computer-use agent models on UI interaction sequences from allowlisted tools.",
	"category": "ai_training",
	"prohibited_secondary_uses": ["performance_evaluation", "discipline"],
}

_program(purposes) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"purposes": purposes,
}

_findings(purposes) := findings if {
	findings := purpose_specified.deny with input as {"programs": [_program(purposes)], "datasets": []}
}

test_generic_description_fires if {
	purposes := [
		object.union(_purpose, {"description": "Business purposes."}),
		object.union(_purpose, {"id": "r", "description": "AI research"}),
		object.union(_purpose, {"id": "i", "description": "  Improve our products "}),
	]
	findings := _findings(purposes)
	count(findings) == 3
	{
		"resource": "purpose:mci/agent_training",
		"field": "description",
		"msg": `purpose agent_training of program mci is described only as "Business purposes.", which does not say what is done with the data`,
		"evidence": {"description": "Business purposes."},
	} in findings
}

test_open_ai_training_purpose_fires if {
	purposes := [object.union(_purpose, {"prohibited_secondary_uses": ["discipline"]})]
	_findings(purposes) == {{
		"resource": "purpose:mci/agent_training",
		"field": "prohibited_secondary_uses",
		"msg": `ai_training purpose agent_training of program mci does not prohibit re-use for performance_evaluation (prohibited_secondary_uses is ["discipline"])`,
		"evidence": {"category": "ai_training", "prohibited_secondary_uses": ["discipline"]},
	}}
}

test_purpose_specified_quiet if {
	security := {"id": "sec", "description": "Detect malware on managed laptops from the URL log.", "category": "security"}
	count(_findings([_purpose, security])) == 0
}

test_specific_description_with_generic_words_quiet if {
	purposes := [object.union(_purpose, {"description": "AI research on task completion in Jira"})]
	count(_findings(purposes)) == 0
}

test_purpose_specified_missing_field if {
	purposes := [object.remove(_purpose, ["description", "prohibited_secondary_uses"])]
	_findings(purposes) == {
		{
			"resource": "purpose:mci/agent_training",
			"field": "description",
			"msg": "purpose agent_training of program mci has no description (description is missing or empty)",
			"evidence": {"description": null},
		},
		{
			"resource": "purpose:mci/agent_training",
			"field": "prohibited_secondary_uses",
			"msg": "ai_training purpose agent_training of program mci does not prohibit re-use for performance_evaluation (prohibited_secondary_uses is missing)",
			"evidence": {"category": "ai_training", "prohibited_secondary_uses": null},
		},
	}
}

test_purpose_specified_empty_description_missing if {
	findings := _findings([object.union(_purpose, {"description": "  "})])
	count(findings) == 1
	some f in findings
	f.msg == "purpose agent_training of program mci has no description (description is missing or empty)"
}

test_purpose_specified_outside_gdpr_quiet if {
	program := object.union(_program([object.remove(_purpose, ["description"])]), {"controller": {"establishments": [{"country": "US"}]}})
	count(purpose_specified.deny) == 0 with input as {"programs": [program], "datasets": []}
}
