package compliance.rules.transfers.dpf_certified_test

import data.compliance.rules.transfers.dpf_certified

_transfer := {"destination": "US", "recipient": "US parent", "mechanism": "dpf", "dpf_certified": true, "dpf_covers_hr": true}

_program(transfers, subjects) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"data_subjects": subjects,
	"transfers": transfers,
}

_workers := [{"category": "employee", "count": 100}]

_findings(program) := findings if {
	findings := dpf_certified.deny with input as {"programs": [program], "datasets": []}
}

test_dpf_certified_fires if {
	transfer := object.union(_transfer, {"dpf_covers_hr": false})
	_findings(_program([{"destination": "IN", "mechanism": "scc_2021_914"}, transfer], _workers)) == {{
		"resource": "transfer:mci/1",
		"field": "dpf_covers_hr",
		"msg": "transfer 1 of program mci to US (US parent) relies on the Data Privacy Framework, but the program's data subjects are workers and the certification does not cover HR data (dpf_covers_hr is false)",
		"evidence": {"dpf_covers_hr": false},
	}}
}

test_dpf_certified_not_certified_fires if {
	transfer := object.union(_transfer, {"dpf_certified": false})
	findings := _findings(_program([transfer], [{"category": "customer", "count": 10}]))
	{f.msg | some f in findings} == {"transfer 0 of program mci to US (US parent) relies on the Data Privacy Framework, but the recipient is not DPF-certified (dpf_certified is false)"}
}

test_dpf_certified_quiet if {
	count(_findings(_program([_transfer], _workers))) == 0
	# HR scope only matters for worker data
	count(_findings(_program([object.union(_transfer, {"dpf_covers_hr": false})], [{"category": "customer", "count": 10}]))) == 0
	# other mechanisms are not this rule's
	count(_findings(_program([{"destination": "US", "mechanism": "scc_2021_914"}], _workers))) == 0
}

test_dpf_certified_missing_field if {
	_findings(_program([{"destination": "US", "mechanism": "dpf"}], _workers)) == {
		{
			"resource": "transfer:mci/0",
			"field": "dpf_certified",
			"msg": "transfer 0 of program mci to US relies on the Data Privacy Framework, but the recipient is not DPF-certified (dpf_certified is missing)",
			"evidence": {"dpf_certified": null},
		},
		{
			"resource": "transfer:mci/0",
			"field": "dpf_covers_hr",
			"msg": "transfer 0 of program mci to US relies on the Data Privacy Framework, but the program's data subjects are workers and the certification does not cover HR data (dpf_covers_hr is missing)",
			"evidence": {"dpf_covers_hr": null},
		},
	}
}

test_dpf_certified_outside_gdpr_quiet if {
	program := object.union(_program([{"destination": "US", "mechanism": "dpf"}], _workers), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
