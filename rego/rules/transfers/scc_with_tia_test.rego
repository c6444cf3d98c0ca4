package compliance.rules.transfers.scc_with_tia_test

import data.compliance.rules.transfers.scc_with_tia

_transfer := {"destination": "IN", "mechanism": "scc_2021_914", "scc_module": "C2P", "tia_done": true, "supplementary_measures": ["EU-held keys"]}

_program(transfers, categories) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"data_categories": categories,
	"transfers": transfers,
}

_plain := [{"id": "clicks", "sensitivity_label": 2}]

_findings(program) := findings if {
	findings := scc_with_tia.deny with input as {"programs": [program], "datasets": []}
}

test_scc_with_tia_fires if {
	transfer := object.union(_transfer, {"tia_done": false})
	_findings(_program([{"destination": "US", "mechanism": "dpf"}, transfer], _plain)) == {{
		"resource": "transfer:mci/1",
		"field": "tia_done",
		"msg": "transfer 1 of program mci to IN relies on the 2021 SCCs without a transfer impact assessment (tia_done is false)",
		"evidence": {"tia_done": false},
	}}
}

test_scc_with_tia_sensitive_without_measures_fires_low if {
	transfer := object.union(_transfer, {"supplementary_measures": []})
	categories := [{"id": "screens", "incidental_special_category_likely": true}, {"id": "ids", "sensitivity_label": 3}, {"id": "clicks"}]
	_findings(_program([transfer], categories)) == {{
		"resource": "transfer:mci/0",
		"field": "supplementary_measures",
		"msg": "transfer 0 of program mci to IN carries sensitive data (ids, screens) under the 2021 SCCs with no supplementary measures (supplementary_measures is [])",
		"evidence": {"supplementary_measures": []},
		"severity": "low",
	}}
}

test_scc_with_tia_quiet if {
	count(_findings(_program([_transfer], [{"id": "screens", "special_category": true}]))) == 0
	# no sensitive data: supplementary measures are not required by this rule
	count(_findings(_program([object.remove(_transfer, ["supplementary_measures"])], _plain))) == 0
	count(_findings(_program([{"destination": "US", "mechanism": "dpf"}], _plain))) == 0
}

test_scc_with_tia_missing_field if {
	transfer := {"destination": "IN", "mechanism": "scc_2021_914"}
	_findings(_program([transfer], [{"id": "logins", "ccpa_sensitive": true}])) == {
		{
			"resource": "transfer:mci/0",
			"field": "scc_module",
			"msg": "transfer 0 of program mci to IN relies on the 2021 SCCs but names no SCC module (scc_module is missing)",
			"evidence": {"scc_module": null},
		},
		{
			"resource": "transfer:mci/0",
			"field": "tia_done",
			"msg": "transfer 0 of program mci to IN relies on the 2021 SCCs without a transfer impact assessment (tia_done is missing)",
			"evidence": {"tia_done": null},
		},
		{
			"resource": "transfer:mci/0",
			"field": "supplementary_measures",
			"msg": "transfer 0 of program mci to IN carries sensitive data (logins) under the 2021 SCCs with no supplementary measures (supplementary_measures is missing)",
			"evidence": {"supplementary_measures": null},
			"severity": "low",
		},
	}
}

test_scc_with_tia_outside_gdpr_quiet if {
	program := object.union(_program([{"destination": "IN", "mechanism": "scc_2021_914"}], _plain), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
