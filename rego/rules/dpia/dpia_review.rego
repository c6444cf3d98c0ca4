# METADATA
# title: DPIA not reviewed after an incident or a material change, or its next review too far off
# description: >-
#   A DPIA that was performed must be reviewed after each breach (breaches[].aware_at) and each
#   material change in the change log (program.changes[] with material true, by its date) that
#   post-dates its last review (or its completion, if never reviewed); a next review scheduled
#   more than param dpia_review_max_months after the last one, or none at all, is reported as
#   low. The review triggers (dpia.review.triggers) are the review policy, not evidence that a
#   change happened, and are not read.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPIA-006
#   severity: medium
#   legal: ["GDPR Art. 35(11)", "WP248 rev.01"]
#   recommended_action: >-
#     Re-open the DPIA automatically on every incident, new data source, new purpose or new
#     jurisdiction, and schedule reviews at least yearly.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [dpia_review_max_months]
#   dpia: {section: accountability, risk_scenarios: []}
#   severity_rule: low for the next-review schedule
package compliance.rules.dpia.dpia_review

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "dpia.review.last_review", msg, {"last_review": null, "completed_date": null}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpia.performed == true
	not _baseline(program)
	msg := sprintf("the DPIA of program %s records neither a review date nor a completion date (dpia.review.last_review and dpia.completed_date are missing)", [program.metadata.id])
}

deny contains lib.finding(lib.program_resource(program), "dpia.review.last_review", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpia.performed == true
	base := _baseline(program)
	breaches := sort([sprintf("%s (aware %s)", [lib.label(i, breach, "id"), day]) |
		some i, breach in _list(program, "breaches")
		day := _day_of(breach.aware_at)
		day > base.date
	])
	changes := sort([sprintf("#%d (%s)", [i, _change_shown(change)]) |
		some i, change in _list(program.program, "changes")
		change.material == true
		_valid_day(change.date)
		change.date > base.date
	])
	events := array.concat(_part("breach", breaches), _part("material change", changes))
	count(events) > 0
	evidence := object.union_n([{base.key: base.date}, _nonempty("breaches_after", breaches), _nonempty("changes_after", changes)])
	msg := sprintf("the DPIA of program %s was %s on %s and not reviewed after %s", [program.metadata.id, base.what, base.date, concat("; ", events)])
}

deny contains lib.finding_severity(lib.program_resource(program), "dpia.review.next_review", msg, {"next_review": next}, "low") if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpia.performed == true
	base := _baseline(program)
	next := object.get(program, ["dpia", "review", "next_review"], null)
	problem := _schedule_problem(base, next, lib.state(program, ["dpia", "review", "next_review"]))
	msg := sprintf("the DPIA of program %s %s", [program.metadata.id, problem])
}

# _baseline is the date the DPIA was last known to be current.
_baseline(program) := {"date": program.dpia.review.last_review, "what": "last reviewed", "key": "last_review"} if {
	_valid_day(program.dpia.review.last_review)
} else := {"date": program.dpia.completed_date, "what": "completed", "key": "completed_date"} if {
	_valid_day(program.dpia.completed_date)
}

_schedule_problem(base, next, shown) := sprintf("schedules its next review for %s, more than %v months after it was %s on %s (dpia_review_max_months)", [
	next, limit, base.what, base.date,
]) if {
	_valid_day(next)
	limit := lib.param("dpia_review_max_months")
	_too_far(base.date, next, limit)
} else := sprintf("schedules no next review (dpia.review.next_review is %s)", [shown]) if {
	not _valid_day(next)
}

# _too_far: day b is more than limit months after day a (2026-01-15 -> 2027-01-15 is 12 months,
# 2027-01-16 is more). Integer month arithmetic: time.add_date is unreliable across month ends.
_too_far(a, b, limit) if _month_index(b) - _month_index(a) > limit

_too_far(a, b, limit) if {
	_month_index(b) - _month_index(a) == limit
	_parts(b)[2] > _parts(a)[2]
}

_month_index(day) := (_parts(day)[0] * 12) + _parts(day)[1]

_parts(day) := [to_number(p[0]), to_number(trim_left(p[1], "0")), to_number(trim_left(p[2], "0"))] if {
	p := split(day, "-")
}

_valid_day(value) if {
	is_string(value)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, value)
}

_day_of(value) := day if {
	is_string(value)
	day := split(upper(value), "T")[0]
	_valid_day(day)
}

_list(node, key) := items if {
	items := node[key]
	is_array(items)
} else := []

_part(kind, items) := [sprintf("%s %s", [kind, concat(", ", items)])] if count(items) > 0

else := []

_nonempty(key, items) := {key: items} if count(items) > 0

else := {}

_change_shown(change) := sprintf("%s, %s", [change.description, change.date]) if is_string(change.description)

else := change.date
