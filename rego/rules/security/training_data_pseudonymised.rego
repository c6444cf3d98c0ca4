# METADATA
# title: AI-training data not pseudonymised with separately held keys
# description: >-
#   A training corpus is the data categories an ai_training purpose references. Each must be
#   pseudonymised, and a program that has one must apply pseudonymisation in its storage with the
#   re-identification keys held apart from the data. A program with no ai_training purpose has
#   no training corpus, whatever ai.training_use says, and is not asked to pseudonymise one.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SEC-002
#   severity: high
#   legal: ["GDPR Art. 32(1)(a)", "GDPR Art. 4(5)", "GDPR Art. 25(1)", "GDPR Art. 6(4)(e)"]
#   recommended_action: >-
#     Tokenise employee identifiers, strip names and emails from OCR text, and hold the mapping
#     tables in a separate, tightly controlled store.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [], measure: pseudonymisation}
package compliance.rules.security.training_data_pseudonymised

import data.compliance.lib

deny contains lib.finding(lib.data_category_resource(program, category), "pseudonymised", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some category in program.data_categories
	purposes := _training_purposes(program, category.id)
	count(purposes) > 0
	value := object.get(category, "pseudonymised", null)
	value != true
	evidence := {"pseudonymised": value}
	msg := sprintf("data category %s of program %s is used for AI training (purposes %s) but is not pseudonymised (pseudonymised is %s)", [
		category.id, program.metadata.id, concat(", ", purposes), lib.state(category, ["pseudonymised"]),
	])
}

deny contains lib.finding(lib.program_resource(program), gap.field, msg, gap.evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	corpus := _corpus(program)
	count(corpus) > 0
	gap := _storage_gap(program)
	msg := sprintf("program %s has a training corpus (data categories %s, used by an ai_training purpose) but %s", [
		program.metadata.id, concat(", ", corpus), gap.problem,
	])
}

_training_purposes(program, id) := sort({lib.label(i, purpose, "id") |
	some i, purpose in program.purposes
	purpose.category == "ai_training"
	id in purpose.data_category_ids
})

# _corpus is the training corpus: the data categories an ai_training purpose references. A
# program with no such purpose trains nothing on its data, whatever ai.training_use says.
_corpus(program) := sort({id |
	some purpose in program.purposes
	purpose.category == "ai_training"
	some id in purpose.data_category_ids
	is_string(id)
})

_storage_gap(program) := _gap(program, "applied", "applies no pseudonymisation to stored data") if {
	not program.storage.pseudonymisation.applied == true
} else := _gap(program, "key_held_separately", "keeps the re-identification keys with the data") if {
	not program.storage.pseudonymisation.key_held_separately == true
}

_gap(program, key, problem) := {
	"field": sprintf("storage.pseudonymisation.%s", [key]),
	"problem": sprintf("%s (storage.pseudonymisation.%s is %s)", [problem, key, lib.state(program, ["storage", "pseudonymisation", key])]),
	"evidence": {key: value},
} if {
	value := object.get(program, ["storage", "pseudonymisation", key], null)
}
