# METADATA
# title: Record of processing missing or incomplete
# description: >-
#   The program must have an entry in the record of processing activities carrying the mandatory
#   Art. 30(1)(a)-(e) items; a missing (f) erasure time limit or (g) security description is
#   reported as low, since Art. 30(1) asks for them "where possible". The Art. 30(5) exemption
#   does not apply to non-occasional monitoring.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-ROPA-001
#   severity: medium
#   legal: ["GDPR Art. 30(1)", "GDPR Art. 30(5)"]
#   recommended_action: >-
#     Create or update the record of processing entry from the manifest (the checker's report can
#     serve as its draft), covering every Art. 30(1) item.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
#   severity_rule: low for items (f) and (g) only
package compliance.rules.records.record_of_processing_complete

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "records.ropa_entry_id", msg, {"ropa_entry_id": id}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	id := object.get(program, ["records", "ropa_entry_id"], null)
	not _named(id)
	msg := sprintf("program %s has no entry in the record of processing activities (records.ropa_entry_id is %s)", [
		program.metadata.id, lib.state(program, ["records", "ropa_entry_id"]),
	])
}

deny contains lib.finding_severity(lib.program_resource(program), "records.ropa_fields", msg, {"missing": missing}, group.severity) if {
	some program in input.programs
	lib.gdpr_applies(program)
	_named(program.records.ropa_entry_id)
	some group in _groups
	present := {item | some item in program.records.ropa_fields}
	missing := [letter | some letter in group.items; not letter in present]
	count(missing) > 0
	msg := sprintf("record %s of program %s lacks %s %s", [
		program.records.ropa_entry_id, program.metadata.id, group.kind,
		concat(", ", [sprintf("%s (%s)", [letter, _items[letter]]) | some letter in missing]),
	])
}

_groups := [
	{"items": ["a", "b", "c", "d", "e"], "kind": "the mandatory Art. 30(1) items", "severity": "medium"},
	{"items": ["f", "g"], "kind": "the Art. 30(1) items required where possible:", "severity": "low"},
]

_items := {
	"a": "controller, representative and DPO contacts",
	"b": "purposes",
	"c": "categories of data subjects and personal data",
	"d": "categories of recipients",
	"e": "third-country transfers",
	"f": "erasure time limits",
	"g": "security measures",
}

_named(id) if {
	is_string(id)
	trim_space(id) != ""
}
