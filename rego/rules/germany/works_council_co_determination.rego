# METADATA
# title: No works-council agreement before introducing a monitoring system in Germany
# description: >-
#   Where a German establishment has a works council, a technical system objectively suitable to
#   monitor workers' behaviour or performance may be introduced only under a works agreement
#   (Betriebsvereinbarung) concluded before the program starts.
# related_resources:
#   - ref: https://www.gesetze-im-internet.de/betrvg/__87.html
#   - ref: https://www.gesetze-im-internet.de/betrvg/__80.html
# custom:
#   id: DE-BETRVG-001
#   severity: critical
#   legal: ["BetrVG §87(1) Nr. 6", "BetrVG §80(3)", "BetrVG §90(1) Nr. 3", "BetrVG §77"]
#   recommended_action: >-
#     Negotiate a Betriebsvereinbarung (purpose limits, no performance use, access rules,
#     deletion, audit rights, AI expert support) before any capture of German staff, and fund the
#     works council's AI expert.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: employment, consultation: true, risk_scenarios: []}
#   severity_rule: high where an establishment does not say whether it has a works council
package compliance.rules.germany.works_council_co_determination

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), gap.field, msg, gap.evidence) if {
	some program in input.programs
	_applies(program)
	_has_works_council(program)
	gap := _gap(program)
	msg := sprintf("program %s monitors staff of a German establishment with a works council but %s", [program.metadata.id, gap.problem])
}

deny contains lib.finding_severity(lib.program_resource(program), sprintf("controller.establishments.%d.has_works_council", [i]), msg, evidence, "high") if {
	some program in input.programs
	_applies(program)
	some i, establishment in program.controller.establishments
	establishment.country == "DE"
	not is_boolean(object.get(establishment, "has_works_council", null))
	msg := sprintf("program %s monitors staff of a German establishment that does not say whether it has a works council (has_works_council is missing), so BetrVG §87(1) Nr. 6 co-determination cannot be ruled out", [
		program.metadata.id,
	])
	evidence := {"has_works_council": null}
}

_applies(program) if {
	lib.pack_applies(program, "DE")
	lib.workers_monitored(program)
}

_has_works_council(program) if {
	some establishment in program.controller.establishments
	establishment.country == "DE"
	establishment.has_works_council == true
}

# _gap is the first problem with the German co-determination agreement, if any.
_gap(program) := {
	"field": _ref_field(program),
	"problem": "has no co-determination agreement (no DE entry of consultation.works_council has a co_determination_agreement_ref)",
	"evidence": {"co_determination_agreement_ref": null},
} if {
	count(_agreements(program)) == 0
} else := {
	"field": sprintf("consultation.works_council.%d.date", [i]),
	"problem": sprintf("its co-determination agreement %s is undated, so it cannot be shown to precede the start", [entry.co_determination_agreement_ref]),
	"evidence": {"co_determination_agreement_ref": entry.co_determination_agreement_ref, "date": null},
} if {
	[i, entry] := _agreements(program)[0]
	not is_string(object.get(entry, "date", null))
} else := {
	"field": sprintf("consultation.works_council.%d.date", [i]),
	"problem": sprintf("its co-determination agreement %s is dated %s, after the program started on %s", [
		entry.co_determination_agreement_ref, entry.date, start,
	]),
	"evidence": {"co_determination_agreement_ref": entry.co_determination_agreement_ref, "date": entry.date, "start_date": start},
} if {
	[i, entry] := _agreements(program)[0]
	start := program.program.start_date
	is_string(start)
	entry.date > start
}

# _agreements: [index, entry] of the German works-council entries that name an agreement.
_agreements(program) := [[i, entry] |
	some i, entry in program.consultation.works_council
	entry.country == "DE"
	is_string(entry.co_determination_agreement_ref)
]

_ref_field(program) := sprintf("consultation.works_council.%d.co_determination_agreement_ref", [i]) if {
	indices := {i | some i, entry in program.consultation.works_council; entry.country == "DE"}
	count(indices) > 0
	i := min(indices)
} else := "consultation.works_council"
