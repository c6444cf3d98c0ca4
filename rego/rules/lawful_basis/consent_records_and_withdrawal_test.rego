package compliance.rules.lawful_basis.consent_records_and_withdrawal_test

import data.compliance.rules.lawful_basis.consent_records_and_withdrawal

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}]},
		"consent": {
			"used": true,
			"records_kept": true,
			"withdrawal": {"mechanism": "tray toggle", "one_step": true, "stops_processing_within_hours": 1},
		},
	},
	overrides,
)

_findings(program) := findings if {
	findings := consent_records_and_withdrawal.deny with input as {"programs": [program], "datasets": []}
}

test_consent_withdrawal_fires if {
	program := _program({"consent": {"records_kept": false, "withdrawal": {"one_step": false, "stops_processing_within_hours": 72}}})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "consent.records_kept",
			"msg": "program mci relies on consent but keeps no record of it (consent.records_kept is false)",
			"evidence": {"records_kept": false},
		},
		{
			"resource": "program:mci",
			"field": "consent.withdrawal.one_step",
			"msg": "program mci relies on consent but withdrawing it takes more than one step (consent.withdrawal.one_step is false)",
			"evidence": {"one_step": false},
		},
		{
			"resource": "program:mci",
			"field": "consent.withdrawal.stops_processing_within_hours",
			"msg": "program mci relies on consent but a withdrawal stops processing only after 72 hours (limit 24)",
			"evidence": {"stops_processing_within_hours": 72, "withdrawal_stop_hours": 24},
		},
	}
}

test_consent_withdrawal_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"consent": {"used": false, "records_kept": false}}))) == 0
}

test_consent_withdrawal_missing_field if {
	program := object.union(object.remove(_program({}), ["consent"]), {"purposes": [{"id": "reuse", "lawful_basis": "consent"}]})
	{[f.field, f.evidence] | some f in _findings(program)} == {
		["consent.records_kept", {"records_kept": null}],
		["consent.withdrawal.one_step", {"one_step": null}],
		["consent.withdrawal.stops_processing_within_hours", {"stops_processing_within_hours": null, "withdrawal_stop_hours": 24}],
	}
	some f in _findings(program)
	f.field == "consent.withdrawal.stops_processing_within_hours"
	f.msg == "program mci relies on consent but does not say how soon a withdrawal stops processing (consent.withdrawal.stops_processing_within_hours is missing; limit 24 hours)"
}

test_consent_withdrawal_params_override if {
	program := _program({"consent": {"withdrawal": {"stops_processing_within_hours": 12}}})
	count(_findings(program)) == 0
	findings := consent_records_and_withdrawal.deny with input as {"programs": [program], "datasets": []}
		with data.compliance.params as {"withdrawal_stop_hours": 4}
	{f.evidence | some f in findings} == {{"stops_processing_within_hours": 12, "withdrawal_stop_hours": 4}}
}

test_consent_withdrawal_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "consent": {"records_kept": false}})
	count(_findings(program)) == 0
}
