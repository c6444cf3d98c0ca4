package compliance.rules.dpia.national_list_dpia_test

import data.compliance.rules.dpia.national_list_dpia

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "US"}, {"country": "DE"}]},
		"program": {"technologies": ["clicks", "webcam"]},
		"dpia": {"performed": true},
	},
	overrides,
)

_findings(program) := findings if {
	findings := national_list_dpia.deny with input as {"programs": [program], "datasets": []}
}

test_national_list_dpia_fires if {
	program := _program({"controller": {"establishments": [{"country": "DE"}, {"country": "FR"}]}, "dpia": {"performed": false}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpia.performed",
		"msg": "program mci is on the national DPIA list of DE (DSK Muss-Liste (2018): monitoring of employees' behaviour or performance; technologies clicks, webcam); FR (CNIL Délib. 2018-327: constant monitoring of employees' activity; technologies webcam) but no DPIA was performed (dpia.performed is false)",
		"evidence": {"national_list_hits": ["DE", "FR"], "performed": false},
	}}
}

test_national_list_dpia_quiet if {
	count(_findings(_program({}))) == 0
	# clicks alone is not on the French list
	count(_findings(_program({"controller": {"establishments": [{"country": "FR"}]}, "program": {"technologies": ["clicks"]}, "dpia": {"performed": false}}))) == 0
}

test_national_list_dpia_missing_field if {
	findings := _findings(object.remove(_program({}), ["dpia"]))
	count(findings) == 1
	some f in findings
	f.evidence == {"national_list_hits": ["DE"], "performed": null}
	endswith(f.msg, "but no DPIA was performed (dpia.performed is missing)")
}

test_national_list_dpia_outside_gdpr_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "US"}]},
		"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}]},
		"dpia": {"performed": false},
	})
	count(_findings(program)) == 0
}
