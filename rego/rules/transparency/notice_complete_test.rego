package compliance.rules.transparency.notice_complete_test

import data.compliance.rules.transparency.notice_complete

_all := [
	"controller_identity", "dpo_contact", "purposes", "lawful_basis", "legitimate_interests",
	"recipients", "transfers", "retention", "rights", "withdraw_consent", "complaint_right",
	"automated_decisions",
]

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "DE"}]},
		"dpo": {"designated": true},
		"purposes": [{"id": "eval", "lawful_basis": "legitimate_interests"}, {"id": "reuse", "lawful_basis": "consent"}],
		"transfers": [{"destination": "US", "mechanism": "dpf"}],
		"automated_decisions": {"profiling": true},
		"transparency": {"notice": {"provided": true, "contents": _all, "plain_language": true}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := notice_complete.deny with input as {"programs": [program], "datasets": []}
}

test_notice_complete_fires if {
	program := _program({"transparency": {"notice": {"contents": ["controller_identity", "purposes"], "plain_language": false}}})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "transparency.notice.contents",
			"msg": "the notice of program mci does not cover automated_decisions, complaint_right, dpo_contact, lawful_basis, legitimate_interests, recipients, retention, rights, transfers, withdraw_consent",
			"evidence": {
				"contents": ["controller_identity", "purposes"],
				"missing": [
					"automated_decisions", "complaint_right", "dpo_contact", "lawful_basis", "legitimate_interests",
					"recipients", "retention", "rights", "transfers", "withdraw_consent",
				],
			},
		},
		{
			"resource": "program:mci",
			"field": "transparency.notice.plain_language",
			"msg": "the notice of program mci is not said to be in plain language (transparency.notice.plain_language is false)",
			"evidence": {"plain_language": false},
			"severity": "medium",
		},
	}
}

test_notice_complete_quiet if {
	count(_findings(_program({}))) == 0
}

test_notice_complete_quiet_conditional_items_not_needed if {
	base := object.remove(_program({}), ["dpo", "purposes", "transfers", "automated_decisions", "transparency"])
	program := object.union(base, {"transparency": {"notice": {
		"contents": ["controller_identity", "purposes", "lawful_basis", "recipients", "retention", "rights", "complaint_right"],
		"plain_language": true,
	}}})
	count(_findings(program)) == 0
}

test_notice_complete_missing_field if {
	program := object.remove(_program({}), ["transparency"])
	{[f.field, f.evidence] | some f in _findings(program)} == {
		["transparency.notice.contents", {"contents": null, "missing": sort(_all)}],
		["transparency.notice.plain_language", {"plain_language": null}],
	}
}

test_notice_complete_outside_gdpr_quiet if {
	program := object.remove(_program({"controller": {"establishments": [{"country": "US"}]}}), ["transparency"])
	count(_findings(program)) == 0
}
