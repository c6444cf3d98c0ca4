# METADATA
# title: DPIA required but not completed before processing started
# description: >-
#   Screens the program against Art. 35(3), the nine WP248 criteria and the national DPIA lists
#   (rego/lib/screening.rego). Where a DPIA is required it must have been performed and completed
#   no later than the program's start date; where exactly one WP248 criterion is met and no DPIA
#   was performed, the reason for not doing one must be recorded.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPIA-001
#   severity: critical
#   legal: ["GDPR Art. 35(1)", "GDPR Art. 35(3)", "GDPR Art. 35(4)", "WP248 rev.01"]
#   recommended_action: >-
#     Complete the DPIA (description, necessity and proportionality, risks, measures) before any
#     rollout, pilots included; where only one WP248 criterion is met and no DPIA is done, record
#     the reasoning in dpia.screening.rationale.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [large_scale_min_subjects]
#   dpia: {section: accountability, risk_scenarios: [excessive_collection]}
#   severity_rule: medium for the missing "no DPIA" rationale with one criterion
package compliance.rules.dpia.dpia_before_processing

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), gap.field, msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	screening := lib.screening(program)
	screening.required == true
	gap := _gap(program)
	msg := sprintf("DPIA required (%s) but %s", [_triggers(screening), gap.problem])
	evidence := {
		"criteria": [c.id | some c in screening.criteria],
		"art35_3": screening.art35_3,
		"national_list_hits": [h.country | some h in screening.national_list_hits],
		"performed": object.get(program, ["dpia", "performed"], null),
		"completed_date": object.get(program, ["dpia", "completed_date"], null),
		"start_date": object.get(program, ["program", "start_date"], null),
	}
}

deny contains lib.finding_severity(lib.program_resource(program), "dpia.screening.rationale", msg, evidence, "medium") if {
	some program in input.programs
	lib.gdpr_applies(program)
	screening := lib.screening(program)
	screening.required == false
	count(screening.criteria) == 1
	not program.dpia.performed == true
	not _has_rationale(program)
	criterion := screening.criteria[0]
	msg := sprintf(
		"one WP248 criterion is met (%s %s: %s) and no DPIA was performed: record in dpia.screening.rationale why none is needed",
		[criterion.id, lower(criterion.name), criterion.reason],
	)
	evidence := {
		"criteria": [criterion.id],
		"rationale": object.get(program, ["dpia", "screening", "rationale"], null),
	}
}

# _gap is the first reason the DPIA does not precede processing; undefined when it does.
# (Values are read with object.get: real OPA evaluates `not f(x.missing)` as undefined.)
_gap(program) := _gap_of(
	object.get(program, ["dpia", "performed"], null),
	object.get(program, ["dpia", "completed_date"], null),
	object.get(program, ["program", "start_date"], null),
)

_gap_of(false, _, _) := _gap_at("dpia.performed", "none was performed (dpia.performed is false)")

_gap_of(null, _, _) := _gap_at("dpia.performed", "none is recorded (dpia.performed is missing)")

_gap_of(performed, _, _) := _gap_at("dpia.performed", problem) if {
	not performed in {true, false, null}
	problem := sprintf("none is recorded (dpia.performed is %s)", [json.marshal(performed)])
}

_gap_of(true, completed, _) := _gap_at("dpia.completed_date", problem) if {
	not is_string(completed)
	problem := "its completion date is not recorded (dpia.completed_date is missing)"
}

_gap_of(true, completed, start) := _gap_at("program.start_date", problem) if {
	is_string(completed)
	not is_string(start)
	problem := sprintf(
		"program.start_date is missing, so the DPIA completed on %s cannot be shown to precede processing",
		[completed],
	)
}

_gap_of(true, completed, start) := _gap_at("dpia.completed_date", problem) if {
	is_string(completed)
	is_string(start)
	completed > start
	problem := sprintf("it was completed on %s, after processing started on %s", [completed, start])
}

_gap_at(field, problem) := {"field": field, "problem": problem}

# _triggers names what makes the DPIA required, e.g.
# "WP248 criteria C3 systematic monitoring, C7 vulnerable data subjects; Art. 35(3)(b)".
_triggers(screening) := concat("; ", array.concat(
	array.concat(_criteria_part(screening.criteria), _art35_3_part(screening.art35_3)),
	_national_part(screening.national_list_hits),
))

_criteria_part(criteria) := [sprintf("%s %s", [_noun(criteria), concat(", ", names)])] if {
	names := [sprintf("%s %s", [c.id, lower(c.name)]) | some c in criteria]
	count(names) > 0
} else := []

_noun(criteria) := "WP248 criterion" if count(criteria) == 1

else := "WP248 criteria"

_art35_3_part(letters) := [concat(", ", [sprintf("Art. 35(3)(%s)", [l]) | some l in letters])] if {
	count(letters) > 0
} else := []

_national_part(hits) := [sprintf("national DPIA list of %s", [concat(", ", [h.country | some h in hits])])] if {
	count(hits) > 0
} else := []

_has_rationale(program) if {
	is_string(program.dpia.screening.rationale)
	trim_space(program.dpia.screening.rationale) != ""
}
