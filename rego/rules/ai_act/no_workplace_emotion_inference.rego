# METADATA
# title: AI system infers emotions of workers
# description: >-
#   AI Act Art. 5(1)(f) prohibits placing on the market, putting into service or using AI systems
#   that infer the emotions of natural persons in the workplace, except for medical or safety
#   reasons. Prohibited since 2 Feb 2025, with fines up to EUR 35M or 7 % of turnover since
#   2 Aug 2025. Fires where the AI system infers emotions (ai.emotion_inference or the
#   emotion_inference purpose tag) and the program's subjects are workers.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
# custom:
#   id: EU-AIA-001
#   severity: critical
#   legal: ["AI Act Art. 5(1)(f)", "AI Act Art. 3(39)", "AI Act Art. 99(3)"]
#   recommended_action: >-
#     Remove stress, engagement and sentiment inference from the telemetry pipelines, and bar
#     model users contractually from such inference on employee data.
#   inputs: [Program]
#   status: in_force
#   applies_from: "2025-02-02"
#   params: []
#   unverified: whether keystroke dynamics count as biometric input for Art. 5(1)(f) (Commission guidelines, Feb 2025; docs/method.md#open-points, item 7)
#   dpia: {section: lawfulness, risk_scenarios: [function_creep]}
#   severity_rule: medium where the program does not declare ai.emotion_inference
package compliance.rules.ai_act.no_workplace_emotion_inference

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), field, msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "EU-AIA")
	lib.workers_monitored(program)
	signs := _signs(program)
	count(signs) > 0
	exception := object.get(program, ["ai", "medical_or_safety_exception"], null)
	exception != true
	field := _field(program)
	evidence := {"signs": signs, "medical_or_safety_exception": exception}
	msg := sprintf(
		"program %s uses an AI system that infers emotions of workers (%s) without a medical or safety reason (ai.medical_or_safety_exception is %s): prohibited in the workplace",
		[program.metadata.id, concat(", ", signs), lib.shown(exception)],
	)
}

deny contains lib.finding_severity(lib.program_resource(program), "ai.emotion_inference", msg, evidence, "medium") if {
	some program in input.programs
	lib.us_pack_reason(program, "EU-AIA")
	lib.workers_monitored(program)
	count(_signs(program)) == 0
	declared := object.get(program, ["ai", "emotion_inference"], null)
	not is_boolean(declared)
	evidence := {"emotion_inference": declared}
	msg := sprintf(
		"program %s uses an AI system on workers but does not declare whether it infers emotions (ai.emotion_inference is %s)",
		[program.metadata.id, lib.shown(declared)],
	)
}

_signs(program) := array.concat(
	["ai.emotion_inference is true" | program.ai.emotion_inference == true],
	["ai.intended_purpose_tags include emotion_inference" | "emotion_inference" in program.ai.intended_purpose_tags],
)

_field(program) := "ai.emotion_inference" if program.ai.emotion_inference == true

else := "ai.intended_purpose_tags"
