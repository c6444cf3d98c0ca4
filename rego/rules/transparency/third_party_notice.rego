# METADATA
# title: Third parties captured on screens or in communications without an Art. 14 approach
# description: >-
#   Where a program captures screens or communications (screenshot, screen_recording, ocr_text,
#   keystroke_content, microphone, webcam, ai_prompt_logging, or a data category of type
#   screenshots, screen_content, communications_content, prompts_and_transcripts, audio or video)
#   and its data subjects include third parties or customers, it must either notify them under
#   Art. 14 (transparency.third_party_notice.approach art14_notice) or rely on the Art. 14(5)(b)
#   exemption with a recorded justification.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-TR-003
#   severity: medium
#   legal: ["GDPR Art. 14(1)-(5)", "GDPR Art. 5(1)(a)"]
#   recommended_action: >-
#     Redact other people's identifiers on the device; document the disproportionate-effort
#     assessment where Art. 14(5)(b) is relied on; update the external privacy notices.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transparency, risk_scenarios: [loss_of_control]}
package compliance.rules.transparency.third_party_notice

import data.compliance.lib

_capture_technologies := {"screenshot", "screen_recording", "ocr_text", "keystroke_content", "microphone", "webcam", "ai_prompt_logging"}

_capture_types := {"screenshots", "screen_content", "communications_content", "prompts_and_transcripts", "audio", "video"}

deny contains lib.finding(lib.program_resource(program), field, msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	others := sort({s.category | some s in program.data_subjects; s.category in {"third_party", "customer"}})
	count(others) > 0
	captured := _captured(program)
	count(captured) > 0
	approach := object.get(program, ["transparency", "third_party_notice", "approach"], null)
	justification := object.get(program, ["transparency", "third_party_notice", "justification"], null)
	[field, problem] := _problem(approach, justification)
	msg := sprintf("program %s captures %s, which sweeps in data of %s, but %s", [
		program.metadata.id, concat(", ", captured), concat(", ", others), problem,
	])
	evidence := {"approach": approach, "justification": justification, "data_subjects": others}
}

# _captured names the capture technologies, else the captured data categories; [] when neither.
_captured(program) := technologies if {
	technologies := sort({t | some t in program.program.technologies; t in _capture_technologies})
	count(technologies) > 0
} else := sort({sprintf("data category %s", [c.id]) | some c in program.data_categories; c.type in _capture_types})

_problem(approach, _) := ["transparency.third_party_notice.approach", sprintf("no Art. 14 approach is chosen (third_party_notice.approach is %s)", [lib.shown(approach)])] if {
	not approach in {"art14_notice", "art14_5b_exemption"}
}

_problem("art14_5b_exemption", justification) := ["transparency.third_party_notice.justification", "the Art. 14(5)(b) exemption is relied on without a justification"] if {
	not _text(justification)
}

_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
