package compliance.rules.ai_act.no_workplace_emotion_inference_test

import data.compliance.rules.ai_act.no_workplace_emotion_inference

_program(ai) := {
	"metadata": {"id": "mci"},
	"data_subjects": [{"category": "employee"}],
	"ai": object.union({"ai_act_role": "provider", "intended_purpose_tags": []}, ai),
}

_findings(program) := findings if {
	findings := no_workplace_emotion_inference.deny with input as {"programs": [program], "datasets": []}
}

test_emotion_inference_fires if {
	program := _program({"emotion_inference": true, "intended_purpose_tags": ["emotion_inference"], "medical_or_safety_exception": false})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "ai.emotion_inference",
		"msg": "program mci uses an AI system that infers emotions of workers (ai.emotion_inference is true, ai.intended_purpose_tags include emotion_inference) without a medical or safety reason (ai.medical_or_safety_exception is false): prohibited in the workplace",
		"evidence": {"signs": ["ai.emotion_inference is true", "ai.intended_purpose_tags include emotion_inference"], "medical_or_safety_exception": false},
	}}
}

test_emotion_inference_fires_on_purpose_tag if {
	findings := _findings(_program({"emotion_inference": false, "intended_purpose_tags": ["emotion_inference"]}))
	[f.field | some f in findings] == ["ai.intended_purpose_tags"]
	[f.evidence.medical_or_safety_exception | some f in findings] == [null]
}

test_emotion_inference_quiet if {
	count(_findings(_program({"emotion_inference": false}))) == 0
}

test_emotion_inference_medical_or_safety_exception_quiet if {
	count(_findings(_program({"emotion_inference": true, "medical_or_safety_exception": true}))) == 0
}

test_emotion_inference_missing_field if {
	_findings(_program({})) == {{
		"resource": "program:mci",
		"field": "ai.emotion_inference",
		"msg": "program mci uses an AI system on workers but does not declare whether it infers emotions (ai.emotion_inference is missing)",
		"evidence": {"emotion_inference": null},
		"severity": "medium",
	}}
}

test_emotion_inference_outside_ai_act_quiet if {
	count(_findings(_program({"ai_act_role": "none", "emotion_inference": true}))) == 0
	customers := object.union(_program({"emotion_inference": true}), {"data_subjects": [{"category": "customer"}]})
	count(_findings(customers)) == 0
}
