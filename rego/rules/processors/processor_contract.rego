# METADATA
# title: Processor without an Art. 28 contract carrying every mandatory term
# description: >-
#   Each processor must have a signed data processing agreement containing all Art. 28(3)(a)-(h)
#   terms, and sub-processors must need the controller's specific or general written
#   authorisation.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PROC-001
#   severity: high
#   legal: ["GDPR Art. 28(1)", "GDPR Art. 28(2)", "GDPR Art. 28(3)", "GDPR Art. 28(4)"]
#   recommended_action: >-
#     Sign a standard DPA with every processor, including deletion or return at the end of the
#     service, audit rights and sub-processor notice with a right to object; forbid the vendor from
#     re-using the data for its own models.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: processors, risk_scenarios: [illegitimate_access]}
package compliance.rules.processors.processor_contract

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), problems[0].field, msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, processor in program.processors
	problems := [p | some key in ["dpa_signed", "art28_clauses", "subprocessor_authorisation"]; p := _problem(i, processor, key)]
	count(problems) > 0
	msg := sprintf("processor %s of program %s %s", [lib.label(i, processor, "name"), program.metadata.id, concat("; ", [p.text | some p in problems])])
	evidence := {
		"dpa_signed": object.get(processor, "dpa_signed", null),
		"missing_clauses": _missing_clauses(processor),
		"subprocessor_authorisation": object.get(processor, "subprocessor_authorisation", null),
	}
}

_clauses := {
	"a": "acting only on documented instructions",
	"b": "staff confidentiality",
	"c": "Art. 32 security",
	"d": "sub-processor conditions",
	"e": "assistance with data-subject rights",
	"f": "assistance with Arts. 32-36",
	"g": "deletion or return at the end",
	"h": "compliance information and audits",
}

_problem(i, processor, "dpa_signed") := _at(i, "dpa_signed", sprintf("has no signed Art. 28 contract (dpa_signed is %s)", [lib.state(processor, ["dpa_signed"])])) if {
	not processor.dpa_signed == true
}

_problem(i, processor, "art28_clauses") := _at(i, "art28_clauses", sprintf("lacks Art. 28(3) terms %s", [concat(", ", names)])) if {
	names := [sprintf("%s (%s)", [letter, _clauses[letter]]) | some letter in _missing_clauses(processor)]
	count(names) > 0
}

_problem(i, processor, "subprocessor_authorisation") := _at(i, "subprocessor_authorisation", text) if {
	not object.get(processor, "subprocessor_authorisation", null) in {"specific", "general"}
	text := sprintf("lets sub-processors in without written authorisation (subprocessor_authorisation is %s)", [
		lib.state(processor, ["subprocessor_authorisation"]),
	])
}

_at(i, key, text) := {"field": sprintf("processors.%d.%s", [i, key]), "text": text}

_missing_clauses(processor) := sort([letter |
	some letter, _ in _clauses
	not letter in _present(processor)
])

_present(processor) := {c | some c in processor.art28_clauses}
