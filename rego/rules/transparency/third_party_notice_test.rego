package compliance.rules.transparency.third_party_notice_test

import data.compliance.rules.transparency.third_party_notice

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"technologies": ["screenshot", "clicks"]},
		"controller": {"establishments": [{"country": "IE"}]},
		"data_subjects": [{"category": "employee"}, {"category": "third_party"}],
		"data_categories": [{"id": "clicks", "type": "clicks"}],
		"transparency": {"third_party_notice": {"needed": true, "approach": "art14_notice"}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := third_party_notice.deny with input as {"programs": [program], "datasets": []}
}

test_third_party_notice_fires if {
	program := _program({
		"data_categories": [{"id": "chats", "type": "communications_content"}],
		"data_subjects": [{"category": "customer"}, {"category": "third_party"}],
		"transparency": {"third_party_notice": {"approach": "none"}},
	})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "transparency.third_party_notice.approach",
		"msg": `program mci captures screenshot, which sweeps in data of customer, third_party, but no Art. 14 approach is chosen (third_party_notice.approach is "none")`,
		"evidence": {"approach": "none", "justification": null, "data_subjects": ["customer", "third_party"]},
	}}
}

test_third_party_exemption_without_justification_fires if {
	program := _program({"transparency": {"third_party_notice": {"approach": "art14_5b_exemption", "justification": ""}}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "transparency.third_party_notice.justification",
		"msg": "program mci captures screenshot, which sweeps in data of third_party, but the Art. 14(5)(b) exemption is relied on without a justification",
		"evidence": {"approach": "art14_5b_exemption", "justification": "", "data_subjects": ["third_party"]},
	}}
}

test_third_party_notice_quiet if {
	count(_findings(_program({}))) == 0
	exempt := _program({"transparency": {"third_party_notice": {"approach": "art14_5b_exemption", "justification": "Identifiers redacted on device"}}})
	count(_findings(exempt)) == 0
}

test_third_party_notice_quiet_without_third_parties_or_screens if {
	count(_findings(_program({"data_subjects": [{"category": "employee"}], "transparency": {"third_party_notice": {"approach": "none"}}}))) == 0
	count(_findings(_program({"program": {"technologies": ["clicks"]}, "transparency": {"third_party_notice": {"approach": "none"}}}))) == 0
}

test_third_party_notice_fires_on_captured_categories if {
	program := _program({
		"program": {"technologies": ["clicks"]},
		"data_categories": [{"id": "chats", "type": "communications_content"}, {"id": "calls", "type": "audio"}],
		"transparency": {"third_party_notice": {"approach": "none"}},
	})
	some f in _findings(program)
	f.msg == `program mci captures data category calls, data category chats, which sweeps in data of third_party, but no Art. 14 approach is chosen (third_party_notice.approach is "none")`
}

test_third_party_notice_missing_field if {
	findings := _findings(object.remove(_program({}), ["transparency"]))
	{[f.field, f.evidence] | some f in findings} == {[
		"transparency.third_party_notice.approach",
		{"approach": null, "justification": null, "data_subjects": ["third_party"]},
	]}
}

test_third_party_notice_outside_gdpr_quiet if {
	program := object.remove(_program({"controller": {"establishments": [{"country": "US"}]}}), ["transparency"])
	count(_findings(program)) == 0
}
