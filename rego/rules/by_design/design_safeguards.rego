# METADATA
# title: Design-time safeguards missing (pseudonymisation, on-device redaction, capture scope)
# description: >-
#   Data protection by design: a program with a training corpus (the data categories an
#   ai_training purpose references; a program with no such purpose has none, whatever
#   ai.training_use says) must pseudonymise it (storage.pseudonymisation.applied), and a
#   program that uses capture technologies must redact on the device
#   (capture.on_device_redaction non-empty) and restrict capture to an allowlist or blocklist
#   (capture.scope).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PD-001
#   severity: high
#   legal: ["GDPR Art. 25(1)", "EDPB Guidelines 4/2019", "WP249"]
#   recommended_action: >-
#     Pseudonymise user ids at ingestion with keys held by a separate team; redact on the device
#     before upload; allowlist the applications captured.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [], measure: pseudonymisation}
package compliance.rules.by_design.design_safeguards

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "storage.pseudonymisation.applied", msg, {"applied": applied}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	corpus := _corpus(program)
	count(corpus) > 0
	applied := object.get(program, ["storage", "pseudonymisation", "applied"], null)
	applied != true
	msg := sprintf("program %s has a training corpus (data categories %s, used by an ai_training purpose) that is not pseudonymised (storage.pseudonymisation.applied is %s)", [
		program.metadata.id, concat(", ", corpus), lib.shown(applied),
	])
}

deny contains lib.finding(lib.program_resource(program), "program.capture.on_device_redaction", msg, {"on_device_redaction": redaction}) if {
	some program in _capturing_programs
	redaction := object.get(program, ["program", "capture", "on_device_redaction"], null)
	not _non_empty_array(redaction)
	msg := sprintf("program %s uploads captured data without on-device redaction (capture.on_device_redaction is %s)", [
		program.metadata.id, lib.shown(redaction),
	])
}

deny contains lib.finding(lib.program_resource(program), "program.capture.scope", msg, {"scope": scope}) if {
	some program in _capturing_programs
	scope := object.get(program, ["program", "capture", "scope"], null)
	not scope in {"allowlist", "blocklist"}
	msg := sprintf("program %s does not limit capture to an allowlist or blocklist (capture.scope is %s)", [program.metadata.id, lib.shown(scope)])
}

_capturing_programs contains program if {
	some program in input.programs
	lib.gdpr_applies(program)
	count(program.program.technologies) > 0
}

# _corpus is the training corpus: the data categories an ai_training purpose references. A
# program with no such purpose trains nothing on its data, whatever ai.training_use says.
_corpus(program) := sort({id |
	some purpose in program.purposes
	purpose.category == "ai_training"
	some id in purpose.data_category_ids
	is_string(id)
})

_non_empty_array(value) if {
	is_array(value)
	count(value) > 0
}
