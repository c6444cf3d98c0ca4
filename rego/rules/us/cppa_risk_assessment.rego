# METADATA
# title: CPPA risk assessment missing or late for significant-risk processing
# description: >-
#   The CPPA regulations (11 CCR §7150 et seq., operative 1 Jan 2026) require a risk assessment
#   before processing that presents significant risk: processing sensitive personal information,
#   automated inference about workers from systematic observation, or processing personal
#   information to train automated decision-making or identification / emotion technology.
#   Processing begun on or after 1 Jan 2026 needs it before it starts; earlier processing by
#   31 Dec 2027. It must be reviewed at least every three years (and within 45 days of a material
#   change, which the manifest cannot show); the attestation to the CPPA is due 1 Apr 2028.
# related_resources:
#   - ref: https://cppa.ca.gov/regulations/
# custom:
#   id: US-CA-004
#   severity: high
#   legal: ["11 CCR §7150(b)", "11 CCR §7155", "11 CCR §7157"]
#   recommended_action: >-
#     Complete the risk assessment before processing (reuse the DPIA: benefits and risks,
#     safeguards, approver), set a review date within three years, and calendar the attestation
#     due 1 Apr 2028.
#   inputs: [Program]
#   status: in_force
#   applies_from: "2026-01-01"
#   params: []
#   unverified: the §7150(b) trigger numbering and the employment carve-outs for sensitive personal information (docs/method.md#open-points, item 6)
#   dpia: {section: accountability, risk_scenarios: []}
#   severity_rule: medium for a review date more than three years out or missing
package compliance.rules.us.cppa_risk_assessment

import data.compliance.lib

_operative := "2026-01-01"

_legacy_deadline := "2027-12-31"

deny contains lib.finding(lib.program_resource(program), gap.field, msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	triggers := _triggers(program)
	count(triggers) > 0
	evidence := {
		"completed_date": object.get(program, ["us_notices", "cppa_risk_assessment", "completed_date"], null),
		"start_date": object.get(program, ["program", "start_date"], null),
	}
	gap := _gap(evidence.completed_date, evidence.start_date)
	msg := sprintf("program %s needs a CPPA risk assessment (%s) but %s", [program.metadata.id, concat("; ", triggers), gap.problem])
}

deny contains lib.finding_severity(lib.program_resource(program), field, msg, evidence, "medium") if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	count(_triggers(program)) > 0
	assessment := object.get(program, ["us_notices", "cppa_risk_assessment"], {})
	completed := assessment.completed_date
	is_string(completed)
	next_review := object.get(assessment, "next_review", null)
	latest := _plus_three_years(completed)
	not _review_in_time(next_review, latest)
	field := "us_notices.cppa_risk_assessment.next_review"
	evidence := {"completed_date": completed, "next_review": next_review}
	msg := sprintf("the CPPA risk assessment of program %s, completed on %s, %s", [program.metadata.id, completed, _review_problem(next_review, latest)])
}

# The §7150(b) significant-risk triggers the manifest shows.
_triggers(program) := [trigger |
	some check in ["declared", "spi", "inference", "training"]
	trigger := _trigger(program, check)
]

_trigger(program, "declared") := "us_notices.cppa_risk_assessment.required is true" if {
	program.us_notices.cppa_risk_assessment.required == true
}

_trigger(program, "spi") := sprintf("processes sensitive personal information: %s", [concat(", ", spi)]) if {
	spi := [c | some c in program.us_notices.ccpa.spi_categories; is_string(c)]
	count(spi) > 0
}

_trigger(program, "inference") := sprintf("infers workers' performance or behaviour from systematic observation: %s", [concat(", ", signs)]) if {
	signs := array.concat(
		["automated_decisions.profiling is true" | program.automated_decisions.profiling == true],
		[sprintf("ai.intended_purpose_tags include %s", [tag]) |
			some tag in program.ai.intended_purpose_tags
			tag in {"worker_monitoring", "performance_evaluation"}
		],
	)
	count(signs) > 0
}

# §7150(b)(6): the manifest cannot link the trained model to a use, so the message names the two
# declarations that fired, never "trains AI for significant decisions": the model a program trains
# may serve something else (an email router) than the decisions it also declares.
_trigger(program, "training") := sprintf("trains AI (ai.training_use is true) in a program that %s", [concat(", ", uses)]) if {
	program.ai.training_use == true
	uses := array.concat(
		["declares ADMT use for significant decisions (us_notices.cppa_admt.significant_decision_use is true)" |
			program.us_notices.cppa_admt.significant_decision_use == true
		],
		array.concat(
			["infers emotions (ai.emotion_inference is true)" | program.ai.emotion_inference == true],
			["takes biometric inputs (ai.biometric_inputs is true)" | program.ai.biometric_inputs == true],
		),
	)
	count(uses) > 0
}

# _gap is why the assessment is missing or late; undefined when it is in time.
_gap(completed, start) := _at("completed_date", sprintf("none is completed (completed_date is %s) although processing began on %s, after %s", [
	lib.shown(completed), start, _operative,
])) if {
	not is_string(completed)
	is_string(start)
	start >= _operative
}

_gap(completed, start) := _at("completed_date", sprintf("none is completed (completed_date is %s) and program.start_date is missing", [lib.shown(completed)])) if {
	not is_string(completed)
	not is_string(start)
}

_gap(completed, start) := _at("completed_date", sprintf("none is completed (completed_date is %s) and processing begun on %s had to be assessed by %s", [
	lib.shown(completed), start, _legacy_deadline,
])) if {
	not is_string(completed)
	is_string(start)
	start < _operative
	input.as_of > _legacy_deadline
}

_gap(completed, start) := _at("completed_date", sprintf("it was completed on %s, after processing began on %s", [completed, start])) if {
	is_string(completed)
	is_string(start)
	start >= _operative
	completed > start
}

_gap(completed, start) := _at("completed_date", sprintf("it was completed on %s, after the %s deadline for processing begun on %s", [completed, _legacy_deadline, start])) if {
	is_string(completed)
	is_string(start)
	start < _operative
	completed > _legacy_deadline
}

_gap(completed, start) := {"field": "program.start_date", "problem": sprintf("program.start_date is missing, so the assessment completed on %s cannot be shown to precede processing", [completed])} if {
	is_string(completed)
	not is_string(start)
}

_at(name, problem) := {"field": sprintf("us_notices.cppa_risk_assessment.%s", [name]), "problem": problem}

# ISO dates compare as strings; 29 Feb stays 29 Feb, still ordered correctly.
_plus_three_years(date) := sprintf("%d%s", [to_number(substring(date, 0, 4)) + 3, substring(date, 4, -1)]) if {
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, date)
}

_review_in_time(next_review, latest) if {
	is_string(next_review)
	next_review <= latest
}

_review_problem(null, latest) := sprintf("has no next review date (next_review is missing; review at least every three years, by %s)", [latest])

_review_problem(next_review, latest) := sprintf("is next reviewed on %v, more than three years later (by %s at the latest)", [next_review, latest]) if next_review != null
