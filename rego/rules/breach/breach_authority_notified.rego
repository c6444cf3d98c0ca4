# METADATA
# title: Breach not notified to the supervisory authority within 72 hours
# description: >-
#   Each breach that is not assessed as unlikely to result in a risk (risk "none") must be
#   notified to the supervisory authority within param breach_sa_hours of becoming aware of it,
#   or later with a recorded delay_reason. Internal over-exposure is a breach too. A breach not
#   notified at all is judged against the run's as_of date taken as 00:00:00Z that day, so the
#   deadline is only reported once it has certainly passed.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-BR-001
#   severity: high
#   legal: ["GDPR Art. 33(1)", "GDPR Art. 33(3)", "GDPR Art. 33(4)", "GDPR Art. 4(12)", "EDPB Guidelines 9/2022"]
#   recommended_action: >-
#     Run an incident runbook that treats ACL over-exposure of personal data as a breach, notify
#     the lead authority in phases if facts are incomplete, and record the reasons for any delay.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [breach_sa_hours]
#   dpia: {section: security, risk_scenarios: [illegitimate_access]}
package compliance.rules.breach.breach_authority_notified

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), sprintf("breaches.%d.%s", [i, gap.field]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, breach in program.breaches
	not breach.risk == "none"
	gap := _gap(breach)
	msg := sprintf("breach %s of program %s (%s) %s", [lib.label(i, breach, "id"), program.metadata.id, _risk_text(breach), gap.problem])
	evidence := {
		"risk": object.get(breach, "risk", null),
		"aware_at": object.get(breach, "aware_at", null),
		"sa_notified_at": object.get(breach, "sa_notified_at", null),
		"delay_reason": object.get(breach, "delay_reason", null),
	}
}

_hour_ns := 3600000000000

# _gap is why the notification is missing or late; undefined when it is in time (or excused).
_gap(breach) := {"field": "aware_at", "problem": problem} if {
	not _time(breach, "aware_at")
	problem := sprintf("records no valid time of awareness (aware_at is %s), so the %v-hour limit cannot be shown to be met", [
		lib.state(breach, ["aware_at"]), _limit_hours,
	])
} else := {"field": "sa_notified_at", "problem": problem} if {
	object.get(breach, "sa_notified_at", null) == null
	_overdue_as_of(_time(breach, "aware_at"))
	problem := sprintf("was not notified to the supervisory authority (sa_notified_at is %s) although the organisation became aware of it at %s, %s hours before %s (limit %v hours)", [
		lib.state(breach, ["sa_notified_at"]), breach.aware_at, _hours(_as_of_ns - _time(breach, "aware_at")), _as_of_text, _limit_hours,
	])
} else := {"field": "sa_notified_at", "problem": problem} if {
	object.get(breach, "sa_notified_at", null) == null
	not _as_of_ns
	problem := sprintf("was not notified to the supervisory authority (sa_notified_at is %s)", [lib.state(breach, ["sa_notified_at"])])
} else := {"field": "sa_notified_at", "problem": problem} if {
	object.get(breach, "sa_notified_at", null) != null
	not _time(breach, "sa_notified_at")
	problem := sprintf("records no valid notification time (sa_notified_at is %s)", [lib.state(breach, ["sa_notified_at"])])
} else := {"field": "delay_reason", "problem": problem} if {
	elapsed := _time(breach, "sa_notified_at") - _time(breach, "aware_at")
	elapsed > _limit_hours * _hour_ns
	not _filled(breach, "delay_reason")
	problem := sprintf("was notified to the supervisory authority %s hours after the organisation became aware of it (limit %v hours) and records no delay_reason", [
		_hours(elapsed), _limit_hours,
	])
}

_overdue_as_of(aware) if _as_of_ns - aware > _limit_hours * _hour_ns

_limit_hours := lib.param("breach_sa_hours")

_as_of_text := sprintf("%sT00:00:00Z", [input.as_of])

_as_of_ns := _ns(_as_of_text)

_hours(ns) := sprintf("%.1f", [ns / _hour_ns])

_risk_text(breach) := "high risk" if breach.risk == "high"

else := "a risk to people" if breach.risk == "risk"

else := "no risk level recorded, so treated as notifiable"

# _time is node[key] in nanoseconds (a helper taking the key: real OPA makes `not f(x.missing)`
# undefined rather than true).
_time(node, key) := _ns(node[key])

# _ns is the RFC 3339 date-time in nanoseconds; undefined unless it is a valid date-time (checked
# first: the builtin raises on regorus on bad input).
_ns(value) := time.parse_rfc3339_ns(text) if {
	is_string(value)
	text := upper(value)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`, text)
	parts := split(split(text, "T")[0], "-")
	to_number(trim_left(parts[2], "0")) <= _month_days(to_number(parts[0]), to_number(trim_left(parts[1], "0")))
}

_month_days(year, 2) := 29 if {
	year % 4 == 0
	not _century_not_leap(year)
} else := 28

_month_days(_, month) := 30 if month in {4, 6, 9, 11}

_month_days(_, month) := 31 if month in {1, 3, 5, 7, 8, 10, 12}

_century_not_leap(year) if {
	year % 100 == 0
	year % 400 != 0
}

_filled(node, key) if {
	is_string(node[key])
	trim_space(node[key]) != ""
}
