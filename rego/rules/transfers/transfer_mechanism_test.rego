package compliance.rules.transfers.transfer_mechanism_test

import data.compliance.rules.transfers.transfer_mechanism

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}]},
		"storage": {"locations": [{"system": "hive", "country": "US"}, {"system": "s3", "country": "DE"}]},
		"processors": [{"name": "Lakeshore", "country": "US", "transfer_mechanism": "dpf"}, {"name": "Annot", "country": "CH"}],
		"transfers": [{"destination": "US", "recipient": "US parent", "mechanism": "dpf"}],
	},
	overrides,
)

_findings(program) := findings if {
	findings := transfer_mechanism.deny with input as {"programs": [program], "datasets": []}
}

test_transfer_mechanism_fires if {
	program := _program({
		"storage": {"locations": [{"system": "hive", "country": "US"}, {"system": "gcs", "country": "IN"}]},
		"processors": [{"name": "Lakeshore", "country": "IN", "transfer_mechanism": "adequacy"}],
		"transfers": [{"destination": "US", "recipient": "US parent"}],
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "storage.locations.0.country",
			"msg": "program mci stores data in US (hive), outside the EEA and without an adequacy decision, and declares no transfer to US with a Chapter V tool",
			"evidence": {"country": "US"},
		},
		{
			"resource": "program:mci",
			"field": "storage.locations.1.country",
			"msg": "program mci stores data in IN (gcs), outside the EEA and without an adequacy decision, and declares no transfer to IN with a Chapter V tool",
			"evidence": {"country": "IN"},
		},
		{
			"resource": "program:mci",
			"field": "processors.0.transfer_mechanism",
			"msg": `processor Lakeshore of program mci is in IN, outside the EEA and without an adequacy decision: its transfer_mechanism is "adequacy", but IN has no adequacy decision, and no transfer to IN declares a valid one`,
			"evidence": {"country": "IN", "transfer_mechanism": "adequacy"},
		},
		{
			"resource": "transfer:mci/0",
			"field": "mechanism",
			"msg": "transfer 0 of program mci to US (US parent): its mechanism is missing",
			"evidence": {"destination": "US", "mechanism": null},
		},
	}
}

test_transfer_mechanism_dpf_outside_us_fires if {
	program := _program({"transfers": [{"destination": "US", "mechanism": "dpf"}, {"destination": "IN", "mechanism": "dpf"}]})
	{f.msg | some f in _findings(program)} == {`transfer 1 of program mci to IN (recipient not named): its mechanism is "dpf", but the EU-US Data Privacy Framework covers only US recipients`}
}

test_transfer_mechanism_quiet if {
	count(_findings(_program({}))) == 0
	# a processor covered by a declared transfer to its country, an SCC transfer, an adequate country
	program := _program({
		"storage": {"locations": [{"system": "hive", "country": "IN"}]},
		"processors": [{"name": "Lakeshore", "country": "IN", "transfer_mechanism": null}],
		"transfers": [{"destination": "IN", "mechanism": "scc_2021_914"}, {"destination": "JP", "mechanism": "adequacy"}],
	})
	count(_findings(program)) == 0
}

test_transfer_mechanism_missing_field if {
	program := _program({
		"storage": {"locations": [{"system": "hive"}]},
		"processors": [{"name": "Lakeshore"}],
		"transfers": [{"recipient": "US parent", "mechanism": "dpf"}],
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "storage.locations.0.country",
			"msg": "storage location hive of program mci names no country (storage.locations.0.country is missing), so whether it leaves the EEA is unknown",
			"evidence": {"country": null},
			"severity": "medium",
		},
		{
			"resource": "program:mci",
			"field": "processors.0.country",
			"msg": "processor Lakeshore of program mci names no country (processors.0.country is missing), so whether it leaves the EEA is unknown",
			"evidence": {"country": null},
			"severity": "medium",
		},
		{
			"resource": "transfer:mci/0",
			"field": "destination",
			"msg": "transfer 0 of program mci names no country (destination is missing), so whether it leaves the EEA is unknown",
			"evidence": {"country": null},
			"severity": "medium",
		},
	}
}

test_transfer_mechanism_unknown_tool if {
	program := _program({"transfers": [{"destination": "US", "mechanism": "contract"}]})
	some f in _findings(program)
	f.resource == "transfer:mci/0"
	f.msg == `transfer 0 of program mci to US (recipient not named): its mechanism is "contract", which is not a Chapter V transfer tool`
}

test_transfer_mechanism_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "transfers": [{"destination": "IN"}]})
	count(_findings(program)) == 0
}
