package compliance.rules.dpia.data_subject_views_test

import data.compliance.rules.dpia.data_subject_views

_program(views) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"dpia": {"performed": true},
	"consultation": {"data_subject_views": views},
}

_findings(program) := findings if {
	findings := data_subject_views.deny with input as {"programs": [program], "datasets": []}
}

test_data_subject_views_fires if {
	_findings(_program({"sought": false})) == {{
		"resource": "program:mci",
		"field": "consultation.data_subject_views.sought",
		"msg": "program mci did not seek the views of the people monitored or their representatives on its DPIA (consultation.data_subject_views.sought is false)",
		"evidence": {"sought": false, "petition_received": null, "response_documented": null},
		"severity": "medium",
	}}
}

test_data_subject_views_petition_fires_high if {
	views := {"sought": false, "petition": {"received": true, "signatories": 1640}, "response_documented": false}
	_findings(_program(views)) == {{
		"resource": "program:mci",
		"field": "consultation.data_subject_views.sought",
		"msg": "program mci did not seek the views of the people monitored or their representatives on its DPIA (consultation.data_subject_views.sought is false); a petition with 1640 signatories was received and no response to it is documented (response_documented is false)",
		"evidence": {"sought": false, "petition_received": true, "response_documented": false},
		"severity": "high",
	}}
}

test_data_subject_views_sought_but_petition_unanswered if {
	findings := _findings(_program({"sought": true, "petition": {"received": true}}))
	findings == {{
		"resource": "program:mci",
		"field": "consultation.data_subject_views.response_documented",
		"msg": "program mci sought the views of the people monitored; a petition was received and no response to it is documented (response_documented is missing)",
		"evidence": {"sought": true, "petition_received": true, "response_documented": null},
		"severity": "high",
	}}
}

test_data_subject_views_quiet if {
	count(_findings(_program({"sought": true}))) == 0
	count(_findings(_program({"sought": true, "petition": {"received": true}, "response_documented": true}))) == 0
	# no DPIA performed and none required
	program := object.union(_program({"sought": false}), {"dpia": {"performed": false}})
	count(_findings(program)) == 0
}

test_data_subject_views_missing_field if {
	program := object.remove(_program({}), ["consultation"])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "consultation.data_subject_views.sought",
		"msg": "program mci did not seek the views of the people monitored or their representatives on its DPIA (consultation.data_subject_views.sought is missing)",
		"evidence": {"sought": null, "petition_received": null, "response_documented": null},
		"severity": "medium",
	}}
}

test_data_subject_views_params_override if {
	program := {
		"metadata": {"id": "p"},
		"controller": {"establishments": [{"country": "IE"}]},
		"program": {"technologies": ["screenshot"]},
		"data_subjects": [{"category": "customer", "count": 900}],
	}
	count(_findings(program)) == 0
	findings := _findings(program) with data.compliance.params as {"large_scale_min_subjects": 900}
	count(findings) == 1
}

test_data_subject_views_outside_gdpr_quiet if {
	program := object.union(_program({"sought": false}), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
