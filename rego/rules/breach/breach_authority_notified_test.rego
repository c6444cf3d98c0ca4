package compliance.rules.breach.breach_authority_notified_test

import data.compliance.rules.breach.breach_authority_notified

_breach(overrides) := object.union(
	{
		"id": "SEV2-acl",
		"aware_at": "2026-06-15T14:20:00Z",
		"internal_only": true,
		"risk": "high",
		"sa_notified_at": "2026-06-17T10:00:00Z",
	},
	overrides,
)

_program(breaches) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"breaches": breaches,
}

_findings(breaches, as_of) := findings if {
	findings := breach_authority_notified.deny with input as {"as_of": as_of, "programs": [_program(breaches)], "datasets": []}
}

test_breach_notified_fires if {
	_findings([_breach({"sa_notified_at": null})], "2026-11-22") == {{
		"resource": "program:mci",
		"field": "breaches.0.sa_notified_at",
		"msg": "breach SEV2-acl of program mci (high risk) was not notified to the supervisory authority (sa_notified_at is null) although the organisation became aware of it at 2026-06-15T14:20:00Z, 3825.7 hours before 2026-11-22T00:00:00Z (limit 72 hours)",
		"evidence": {"risk": "high", "aware_at": "2026-06-15T14:20:00Z", "sa_notified_at": null, "delay_reason": null},
	}}
}

test_breach_notified_late_fires if {
	breach := _breach({"risk": "risk", "aware_at": "2026-06-15T14:20:00+02:00", "sa_notified_at": "2026-06-18T12:50:00Z"})
	findings := _findings([breach], "2026-11-22")
	count(findings) == 1
	some f in findings
	f.field == "breaches.0.delay_reason"
	f.msg == "breach SEV2-acl of program mci (a risk to people) was notified to the supervisory authority 72.5 hours after the organisation became aware of it (limit 72 hours) and records no delay_reason"
}

test_breach_notified_quiet if {
	count(_findings([_breach({})], "2026-11-22")) == 0
	# late, with reasons (Art. 33(1) second sentence)
	count(_findings([_breach({"sa_notified_at": "2026-06-20T10:00:00Z", "delay_reason": "Forensics to establish scope"})], "2026-11-22")) == 0
	# not notifiable
	count(_findings([_breach({"risk": "none", "sa_notified_at": null})], "2026-11-22")) == 0
}

test_breach_notified_quiet_while_deadline_runs if {
	# as_of 2026-06-18 is read as 2026-06-18T00:00:00Z: 57.7 hours after awareness
	count(_findings([_breach({"sa_notified_at": null})], "2026-06-18")) == 0
	count(_findings([_breach({"sa_notified_at": null})], "2026-06-19")) == 1
}

test_breach_notified_missing_field if {
	findings := _findings([object.remove(_breach({}), ["risk", "sa_notified_at"])], "2026-11-22")
	count(findings) == 1
	some f in findings
	f.field == "breaches.0.sa_notified_at"
	startswith(f.msg, "breach SEV2-acl of program mci (no risk level recorded, so treated as notifiable) was not notified to the supervisory authority (sa_notified_at is missing) although")
	f.evidence == {"risk": null, "aware_at": "2026-06-15T14:20:00Z", "sa_notified_at": null, "delay_reason": null}
}

test_breach_notified_missing_aware_at if {
	findings := _findings([object.remove(_breach({}), ["aware_at"]), _breach({"id": "b2", "aware_at": "2026-02-30T10:00:00Z"})], "2026-11-22")
	{[f.field, f.msg] | some f in findings} == {
		["breaches.0.aware_at", "breach SEV2-acl of program mci (high risk) records no valid time of awareness (aware_at is missing), so the 72-hour limit cannot be shown to be met"],
		["breaches.1.aware_at", `breach b2 of program mci (high risk) records no valid time of awareness (aware_at is "2026-02-30T10:00:00Z"), so the 72-hour limit cannot be shown to be met`],
	}
}

test_breach_notified_invalid_notification_time if {
	some f in _findings([_breach({"sa_notified_at": "yesterday"})], "2026-11-22")
	f.msg == `breach SEV2-acl of program mci (high risk) records no valid notification time (sa_notified_at is "yesterday")`
}

test_breach_notified_lower_case_and_leap_day if {
	count(_findings([_breach({"aware_at": "2028-02-29t10:00:00z", "sa_notified_at": "2028-03-01t10:00:00z"})], "2028-03-05")) == 0
	count(_findings([_breach({"aware_at": "2100-02-29T10:00:00Z"})], "2100-03-05")) == 1
}

test_breach_notified_without_as_of if {
	findings := breach_authority_notified.deny with input as {"programs": [_program([_breach({"sa_notified_at": null})])]}
	some f in findings
	f.msg == "breach SEV2-acl of program mci (high risk) was not notified to the supervisory authority (sa_notified_at is null)"
}

test_breach_notified_params_override if {
	breach := _breach({"sa_notified_at": "2026-06-19T14:20:00Z"})
	count(_findings([breach], "2026-11-22")) == 1
	findings := _findings([breach], "2026-11-22") with data.compliance.params as {"breach_sa_hours": 96}
	count(findings) == 0
}

test_breach_notified_outside_gdpr_quiet if {
	program := object.union(_program([_breach({"sa_notified_at": null})]), {"controller": {"establishments": [{"country": "US"}]}})
	findings := breach_authority_notified.deny with input as {"as_of": "2026-11-22", "programs": [program]}
	count(findings) == 0
}
