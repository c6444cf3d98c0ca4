# METADATA
# title: AI training on workers' data without the EDPB's safeguards
# description: >-
#   Where workers' data trains AI models, each AI-training purpose that rests on legitimate
#   interests (or declares no basis) needs an LIA that addresses workers' reasonable
#   expectations and lists at least two of the EDPB's mitigations (pre-training opt-out,
#   pseudonymisation, output filtering, memorisation or extraction testing, retention cap). A
#   declared anonymity assessment of the model must be done before the model is treated as
#   anonymous.
# related_resources:
#   - ref: https://www.edpb.europa.eu/our-work-tools/our-documents_en
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-EMP-006
#   severity: high
#   legal: ["GDPR Art. 6(1)(f)", "GDPR Art. 5(1)(b)", "GDPR Art. 5(1)(c)", "EDPB Opinion 28/2024"]
#   recommended_action: >-
#     Offer an opt-out before training, de-duplicate and scrub PII, run extraction and
#     regurgitation tests, cap retention, and document the model-anonymity analysis.
#   inputs: [Program]
#   status: guidance
#   applies_from: null
#   params: []
#   unverified: the manifest has no field saying the model is claimed anonymous; a declared ai.anonymity_assessment is read as that claim
#   dpia: {section: lawfulness, risk_scenarios: []}
package compliance.rules.employment.ai_training_safeguards

import data.compliance.lib

# EDPB Opinion 28/2024 mitigations, recognised in the free-text lia.mitigations by these patterns.
_mitigations := {
	"pre-training opt-out": `opt[- _]?out`,
	"pseudonymisation": `pseudonymi[sz]`,
	"output filtering": `(output|response)[- _]filter`,
	"memorisation or extraction testing": `extraction|memori[sz]|regurgitat`,
	"retention cap": `retention|delet`,
}

deny contains lib.finding(target, field, msg, evidence) if {
	some program in input.programs
	_training(program)
	some i, purpose in program.purposes
	purpose.category == "ai_training"
	object.get(purpose, "lawful_basis", null) in {"legitimate_interests", null}
	lia := object.get(purpose, "lia", null)
	expectations := _has_text(object.get(_object(lia), "reasonable_expectations", null))
	found := _found(lia)
	gaps := _gaps(lia, expectations, found)
	count(gaps) > 0
	[target, field] := _target(program, i, purpose, gaps[0][0])
	msg := sprintf("AI-training purpose %s of program %s lacks the EDPB safeguards: %s", [
		lib.label(i, purpose, "id"), program.metadata.id, concat("; ", [g[1] | some g in gaps]),
	])
	evidence := {"reasonable_expectations": expectations, "mitigations": found}
}

deny contains lib.finding(lib.program_resource(program), "purposes", msg, {"training_use": true}) if {
	some program in input.programs
	_training(program)
	count([p | some p in program.purposes; p.category == "ai_training"]) == 0
	msg := sprintf("program %s trains AI on workers' data (ai.training_use is true) but declares no ai_training purpose to carry an LIA", [
		program.metadata.id,
	])
}

deny contains lib.finding(lib.program_resource(program), "ai.anonymity_assessment.done", msg, {"done": done}) if {
	some program in input.programs
	_training(program)
	is_object(program.ai.anonymity_assessment)
	done := object.get(program.ai.anonymity_assessment, "done", null)
	done != true
	msg := sprintf("program %s declares an anonymity assessment of the trained model that is not done (ai.anonymity_assessment.done is %v), so the model cannot be treated as anonymous", [
		program.metadata.id, done,
	])
}

_training(program) if {
	lib.pack_applies(program, "GDPR-EMP")
	program.ai.training_use == true
}

_object(value) := value if is_object(value)

else := {}

# _found lists the mitigations the LIA names, sorted.
_found(lia) := sort({name |
	some name, pattern in _mitigations
	some text in lia.mitigations
	is_string(text)
	regex.match(pattern, lower(text))
})

# _gaps lists [field, problem] pairs, the decisive field first.
_gaps(lia, expectations, found) := [["lia", "it has no LIA"]] if {
	not is_object(lia)
} else := array.concat(
	[["lia.reasonable_expectations", "the LIA does not address workers' reasonable expectations"] | expectations == false],
	[["lia.mitigations", sprintf("the LIA names %d of the mitigations (%s), at least 2 needed", [
		count(found), concat(", ", sort(object.keys(_mitigations))),
	])] | count(found) < 2],
)

_has_text(value) := true if {
	is_string(value)
	trim_space(value) != ""
} else := false

# A purpose without an id is reported on the program, at its index.
_target(program, i, purpose, field) := [lib.purpose_resource(program, purpose), field] if is_string(purpose.id)

else := [lib.program_resource(program), sprintf("purposes.%d.%s", [i, field])]
