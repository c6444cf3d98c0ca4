package compliance.rules.employment.ai_training_safeguards_test

import data.compliance.rules.employment.ai_training_safeguards

_lia := {
	"completed": true,
	"reasonable_expectations": "Staff were told at hiring that work telemetry may train internal tools",
	"mitigations": ["Opt-out before each training run", "Pseudonymisation of user ids", "Output filtering of PII"],
}

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"data_subjects": [{"category": "employee"}],
		"ai": {"training_use": true, "anonymity_assessment": {"done": true, "extraction_tests": ["canary"]}},
		"purposes": [
			{"id": "train", "category": "ai_training", "lawful_basis": "legitimate_interests", "lia": _lia},
			{"id": "reuse", "category": "ai_training", "lawful_basis": "consent"},
		],
	},
	overrides,
)

_findings(program) := findings if {
	findings := ai_training_safeguards.deny with input as {"programs": [program], "datasets": []}
}

test_ai_training_safeguards_fires if {
	program := _program({"purposes": [{
		"id": "train",
		"category": "ai_training",
		"lawful_basis": "legitimate_interests",
		"lia": {"completed": false, "mitigations": ["Memorisation tests on held-out canaries", "Quarterly review"]},
	}]})
	_findings(program) == {{
		"resource": "purpose:mci/train",
		"field": "lia.reasonable_expectations",
		"msg": "AI-training purpose train of program mci lacks the EDPB safeguards: the LIA does not address workers' reasonable expectations; the LIA names 1 of the mitigations (memorisation or extraction testing, output filtering, pre-training opt-out, pseudonymisation, retention cap), at least 2 needed",
		"evidence": {"reasonable_expectations": false, "mitigations": ["memorisation or extraction testing"]},
	}}
}

test_ai_training_safeguards_quiet if {
	count(_findings(_program({}))) == 0
}

test_ai_training_safeguards_quiet_without_training_use if {
	program := _program({"ai": {"training_use": false, "anonymity_assessment": {"done": false}}, "purposes": [{"id": "train", "category": "ai_training"}]})
	count(_findings(program)) == 0
}

test_ai_training_safeguards_missing_field if {
	# no lawful basis and no LIA on the purpose
	program := _program({"purposes": [{"id": "train", "category": "ai_training"}]})
	_findings(program) == {{
		"resource": "purpose:mci/train",
		"field": "lia",
		"msg": "AI-training purpose train of program mci lacks the EDPB safeguards: it has no LIA",
		"evidence": {"reasonable_expectations": false, "mitigations": []},
	}}
}

test_ai_training_safeguards_no_training_purpose if {
	program := _program({"purposes": [{"id": "security", "category": "security"}]})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "purposes",
		"msg": "program mci trains AI on workers' data (ai.training_use is true) but declares no ai_training purpose to carry an LIA",
		"evidence": {"training_use": true},
	}}
}

test_ai_training_safeguards_anonymity_not_done_fires if {
	program := _program({"ai": {"anonymity_assessment": {"done": false, "extraction_tests": []}}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "ai.anonymity_assessment.done",
		"msg": "program mci declares an anonymity assessment of the trained model that is not done (ai.anonymity_assessment.done is false), so the model cannot be treated as anonymous",
		"evidence": {"done": false},
	}}
}

test_ai_training_safeguards_mitigation_matching if {
	program := _program({"purposes": [{
		"category": "ai_training",
		"lawful_basis": "legitimate_interests",
		"lia": {"reasonable_expectations": "x", "mitigations": ["Retention cap of 90 days", "PSEUDONYMIZATION", 7]},
	}]})
	count(_findings(program)) == 0
}

test_ai_training_safeguards_purpose_without_id if {
	program := _program({"purposes": [{"category": "ai_training", "lawful_basis": "legitimate_interests", "lia": {"reasonable_expectations": "x"}}]})
	some f in _findings(program)
	f.resource == "program:mci"
	f.field == "purposes.0.lia.mitigations"
	f.evidence == {"reasonable_expectations": true, "mitigations": []}
}

test_ai_training_safeguards_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "purposes": [{"id": "train", "category": "ai_training"}]})
	count(_findings(program)) == 0
}
