package compliance.rules.us.cppa_admt_significant_decisions_test

import data.compliance.rules.us.cppa_admt_significant_decisions

_program(admt) := {
	"metadata": {"id": "rank"},
	"jurisdictions": {"data_subject_locations": [{"region": "US-CA", "headcount": 500}], "ccpa_business": true},
	"data_subjects": [{"category": "employee"}],
	"automated_decisions": {"human_review": false},
	"us_notices": {"cppa_admt": admt},
}

_findings(program) := findings if {
	findings := cppa_admt_significant_decisions.deny with input as {"programs": [program], "datasets": []}
}

test_cppa_admt_fires if {
	admt := {"significant_decision_use": true, "pre_use_notice": false, "opt_out": false, "appeal": false}
	_findings(_program(admt)) == {{
		"resource": "program:rank",
		"field": "us_notices.cppa_admt.pre_use_notice",
		"msg": "program rank uses automated decision-making for significant decisions about workers but has no pre-use notice (pre_use_notice is false); no opt-out (opt_out is false) and no human-review exception (automated_decisions.human_review is false); no access and appeal (appeal is false)",
		"evidence": {"pre_use_notice": false, "opt_out": false, "appeal": false, "human_review": false},
	}}
}

test_cppa_admt_quiet if {
	count(_findings(_program({"significant_decision_use": false}))) == 0
	count(_findings(_program({"significant_decision_use": true, "pre_use_notice": true, "opt_out": true, "appeal": true}))) == 0
}

test_cppa_admt_human_review_replaces_opt_out_quiet if {
	program := object.union(
		_program({"significant_decision_use": true, "pre_use_notice": true, "opt_out": false, "appeal": true}),
		{"automated_decisions": {"human_review": true}},
	)
	count(_findings(program)) == 0
}

test_cppa_admt_missing_field if {
	_findings(object.remove(_program({}), ["us_notices"])) == {{
		"resource": "program:rank",
		"field": "us_notices.cppa_admt.significant_decision_use",
		"msg": "program rank does not declare whether its outputs feed significant decisions about workers (us_notices.cppa_admt.significant_decision_use is missing)",
		"evidence": {"significant_decision_use": null},
	}}
	findings := _findings(_program({"significant_decision_use": true, "pre_use_notice": true, "opt_out": true}))
	[f.field | some f in findings] == ["us_notices.cppa_admt.appeal"]
}

test_cppa_admt_outside_california_quiet if {
	program := object.union(_program({"significant_decision_use": true}), {"jurisdictions": {"ccpa_business": false}})
	count(_findings(program)) == 0
}
