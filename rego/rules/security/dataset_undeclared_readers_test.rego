package compliance.rules.security.dataset_undeclared_readers_test

import data.compliance.rules.security.dataset_undeclared_readers

_program := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"access": {"readers": [{"group": "group:all-employees"}, {"group": "group:mci-core"}]},
}

_dataset(overrides) := object.union(
	{
		"id": "mci_joined.sessions",
		"program": "mci",
		"personal_data": true,
		"sensitivity": 4,
		"access": {"readers": ["group:mci-core"]},
	},
	overrides,
)

_findings(programs, dataset) := findings if {
	findings := dataset_undeclared_readers.deny with input as {"programs": programs, "datasets": [dataset]}
}

test_undeclared_readers_fires if {
	dataset := _dataset({"access": {"readers": ["group:all-employees", "group:people-analytics", "user:dk", "group:people-analytics"]}})
	_findings([_program], dataset) == {{
		"resource": "dataset:mci_joined.sessions",
		"field": "access.readers.1",
		"msg": "dataset mci_joined.sessions (sensitivity 4) is readable by group:people-analytics, user:dk, which program mci does not declare among its readers (declared: group:all-employees, group:mci-core)",
		"evidence": {"undeclared_readers": ["group:people-analytics", "user:dk"]},
	}}
}

test_undeclared_readers_quiet if {
	count(_findings([_program], _dataset({}))) == 0
	count(_findings([_program], _dataset({"access": {"readers": []}}))) == 0
	count(_findings([_program], _dataset({"personal_data": false, "access": {"readers": ["*"]}}))) == 0
}

test_undeclared_readers_quiet_for_orphans if {
	count(_findings([_program], _dataset({"program": "other", "access": {"readers": ["*"]}}))) == 0
	count(_findings([_program], object.remove(_dataset({"access": {"readers": ["*"]}}), ["program"]))) == 0
}

test_undeclared_readers_missing_field if {
	_findings([_program], object.remove(_dataset({}), ["access"])) == {{
		"resource": "dataset:mci_joined.sessions",
		"field": "access.readers",
		"msg": "dataset mci_joined.sessions (sensitivity 4) declares no readers, so its access cannot be checked against the readers program mci declares",
		"evidence": {"readers": null},
	}}
}

test_undeclared_readers_program_declares_none if {
	program := object.remove(_program, ["access"])
	findings := _findings([program], _dataset({}))
	count(findings) == 1
	some f in findings
	f.msg == "dataset mci_joined.sessions (sensitivity 4) is readable by group:mci-core, which program mci does not declare among its readers (declared: none)"
}

test_undeclared_readers_outside_gdpr_quiet if {
	program := object.union(_program, {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings([program], _dataset({"access": {"readers": ["user:dk"]}}))) == 0
}

_sized_program := object.union(_program, {"access": {"readers": [
	{"group": "group:all-employees", "size": 30},
	{"group": "group:mci-core", "size": 12},
]}})

test_undeclared_readers_identities_fire if {
	dataset := _dataset({"access": {"readers": ["group:mci-core"], "reader_identities": 43}})
	findings := _findings([_sized_program], dataset)
	count(findings) == 1
	some f in findings
	f.field == "access.reader_identities"
	f.msg == "dataset mci_joined.sessions (sensitivity 4) is readable by 43 login identities, more than the 42 that the reader groups of program mci add up to (access.readers[].size)"
	f.evidence == {"reader_identities": 43, "declared_size": 42}
}

test_undeclared_readers_identities_quiet if {
	dataset := _dataset({"access": {"readers": ["group:mci-core"], "reader_identities": 42}})
	count(_findings([_sized_program], dataset)) == 0
}

test_undeclared_readers_identities_quiet_when_a_size_is_missing if {
	dataset := _dataset({"access": {"readers": ["group:mci-core"], "reader_identities": 4000}})
	count(_findings([_program], dataset)) == 0
}

test_undeclared_readers_identities_missing_field if {
	count(_findings([_sized_program], _dataset({"access": {"readers": ["group:mci-core"], "reader_identities": null}}))) == 0
}

test_undeclared_readers_drift_fires if {
	drift := {"field": "access.readers", "declared": ["group:mci-core"], "observed": ["group:mci-core", "user:dk"], "declared_by": "mapping:m#2"}
	findings := _findings([_program], _dataset({"drift": [drift]}))
	count(findings) == 1
	some f in findings
	f.field == "access.readers"
	f.severity == "medium"
	f.msg == `dataset mci_joined.sessions: access.readers is declared ["group:mci-core"] (mapping:m#2) but the deployed catalog shows ["group:mci-core","user:dk"]; the observed value is the one judged`
}

test_undeclared_readers_quiet_when_readers_unknown if {
	dataset := object.union(object.remove(_dataset({}), ["access"]), {"unknown": ["access.readers"]})
	count(_findings([_program], dataset)) == 0
	count(_findings([_program], object.remove(dataset, ["unknown"]))) == 1
}
