package compliance.rules.transfers.dataset_transfer_mechanism_test

import data.compliance.rules.transfers.dataset_transfer_mechanism

_program(transfers) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"transfers": transfers,
}

_dataset(country) := {
	"id": "mci_raw.keystrokes",
	"program": "mci",
	"personal_data": true,
	"sensitivity": 4,
	"location": {"country": country, "region": "r1"},
}

_findings(program, dataset) := findings if {
	findings := dataset_transfer_mechanism.deny with input as {"programs": [program], "datasets": [dataset]}
}

test_dataset_transfer_fires if {
	program := _program([{"destination": "US", "mechanism": null}, {"destination": "IN", "mechanism": "scc_2021_914"}])
	_findings(program, _dataset("US")) == {{
		"resource": "dataset:mci_raw.keystrokes",
		"field": "location.country",
		"msg": "dataset mci_raw.keystrokes (sensitivity 4) is stored in US, outside the EEA and without an adequacy decision, and program mci declares no transfer to US with a Chapter V tool",
		"evidence": {"country": "US"},
	}}
}

test_dataset_transfer_quiet if {
	program := _program([{"destination": "US", "mechanism": "dpf"}])
	count(_findings(program, _dataset("US"))) == 0
	count(_findings(_program([]), _dataset("DE"))) == 0
	count(_findings(_program([]), _dataset("JP"))) == 0
	count(_findings(_program([]), object.union(_dataset("US"), {"personal_data": false}))) == 0
}

test_dataset_transfer_quiet_for_orphans if {
	count(_findings(_program([]), object.union(_dataset("US"), {"program": "other"}))) == 0
}

test_dataset_transfer_missing_field if {
	_findings(_program([]), object.remove(_dataset("US"), ["location"])) == {{
		"resource": "dataset:mci_raw.keystrokes",
		"field": "location.country",
		"msg": "dataset mci_raw.keystrokes (sensitivity 4) declares no country (location.country is missing), so whether it leaves the EEA is unknown",
		"evidence": {"country": null},
		"severity": "medium",
	}}
}

test_dataset_transfer_outside_gdpr_quiet if {
	program := object.union(_program([]), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program, _dataset("IN"))) == 0
}

# A country that is there but not a string counts as missing (the rule's first body), once.
test_dataset_transfer_null_country if {
	findings := _findings(_program([]), _dataset(null))
	count(findings) == 1
	some f in findings
	f.evidence == {"country": null}
	f.severity == "medium"
}

# A country the plan leaves unknown (`unknown` lists location.country): never "declares no country".
_unlocated := object.union(object.remove(_dataset("US"), ["location"]), {"unknown": ["location.country"]})

test_dataset_transfer_quiet_when_country_unknown if {
	count(_findings(_program([]), _unlocated)) == 0
}

test_dataset_transfer_unknown_fail_fires if {
	findings := dataset_transfer_mechanism.deny with input as {"programs": [_program([])], "datasets": [_unlocated]}
		with data.compliance.run.unknown as "fail"
	count(findings) == 1
	some f in findings
	f.field == "location.country"
	f.evidence == {"unknown": "location.country"}
	endswith(f.msg, "where it is stored is unknown until apply (location.country), so the rule cannot be checked")
}

test_dataset_transfer_unknown_fail_quiet_when_located if {
	count(dataset_transfer_mechanism.deny) == 0 with input as {"programs": [_program([])], "datasets": [_dataset("DE")]}
		with data.compliance.run.unknown as "fail"
}
