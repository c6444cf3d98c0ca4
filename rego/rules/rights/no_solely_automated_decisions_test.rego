package compliance.rules.rights.no_solely_automated_decisions_test

import data.compliance.rules.rights.no_solely_automated_decisions

_program(decisions) := {
	"metadata": {"id": "perf"},
	"controller": {"establishments": [{"country": "IT"}]},
	"automated_decisions": decisions,
}

_findings(decisions) := findings if {
	findings := no_solely_automated_decisions.deny with input as {"programs": [_program(decisions)], "datasets": []}
}

test_automated_decisions_fires if {
	_findings({"outputs_used_for_individual_decisions": true, "significant_effects": true, "human_review": false}) == {{
		"resource": "program:perf",
		"field": "automated_decisions.human_review",
		"msg": "program perf uses its outputs for decisions about individuals with significant effects (significant_effects is true) without human review (human_review is false)",
		"evidence": {"outputs_used_for_individual_decisions": true, "significant_effects": true, "human_review": false},
	}}
}

test_automated_decisions_quiet if {
	count(_findings({"outputs_used_for_individual_decisions": true, "significant_effects": true, "human_review": true})) == 0
	count(_findings({"outputs_used_for_individual_decisions": true, "significant_effects": false})) == 0
	count(_findings({"outputs_used_for_individual_decisions": false, "significant_effects": true})) == 0
}

test_automated_decisions_missing_field if {
	_findings({"outputs_used_for_individual_decisions": true}) == {{
		"resource": "program:perf",
		"field": "automated_decisions.human_review",
		"msg": "program perf uses its outputs for decisions about individuals that may have significant effects (significant_effects is missing) without human review (human_review is missing)",
		"evidence": {"outputs_used_for_individual_decisions": true, "significant_effects": null, "human_review": null},
	}}
	_findings({"profiling": false}) == {{
		"resource": "program:perf",
		"field": "automated_decisions.outputs_used_for_individual_decisions",
		"msg": "program perf does not say whether its outputs are used for decisions about individuals (automated_decisions.outputs_used_for_individual_decisions is missing)",
		"evidence": {"outputs_used_for_individual_decisions": null},
	}}
}

test_automated_decisions_outside_gdpr_quiet if {
	program := object.union(_program({"outputs_used_for_individual_decisions": true}), {"controller": {"establishments": [{"country": "US"}]}})
	count(no_solely_automated_decisions.deny) == 0 with input as {"programs": [program], "datasets": []}
}
