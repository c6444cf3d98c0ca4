package compliance.rules.by_design.dataset_broad_readers_test

import data.compliance.rules.by_design.dataset_broad_readers

_dataset(readers) := {
	"id": "mci_raw.screens",
	"program": "mci",
	"personal_data": true,
	"sensitivity": 4,
	"access": {"readers": readers, "writers": ["svc:mci-ingest"]},
}

_findings(dataset) := findings if {
	findings := dataset_broad_readers.deny with input as {"datasets": [dataset]}
}

test_broad_readers_fires if {
	findings := _findings(_dataset(["svc:trainer", "group:all-employees"]))
	count(findings) == 1
	some f in findings
	f.resource == "dataset:mci_raw.screens"
	f.field == "access.readers.1"
	f.msg == "dataset mci_raw.screens (sensitivity 4) is readable by group:all-employees"
	f.evidence == {"broad_readers": ["group:all-employees"]}
}

test_broad_readers_one_finding_lists_all_sorted if {
	findings := _findings(_dataset(["user:ann", "group:everyone", "*", "authenticated", "group:everyone"]))
	count(findings) == 1
	some f in findings
	f.field == "access.readers.1"
	f.msg == "dataset mci_raw.screens (sensitivity 4) is readable by *, authenticated, group:everyone"
	f.evidence == {"broad_readers": ["*", "authenticated", "group:everyone"]}
}

test_broad_readers_quiet if {
	count(_findings(_dataset(["svc:trainer", "group:mci-research"]))) == 0
}

test_broad_readers_quiet_when_no_readers if {
	count(_findings(_dataset([]))) == 0
}

test_broad_readers_quiet_when_not_personal if {
	dataset := object.union(_dataset(["*"]), {"personal_data": false})
	count(_findings(dataset)) == 0
}

test_broad_readers_missing_field if {
	findings := _findings(object.remove(_dataset([]), ["access"]))
	count(findings) == 1
	some f in findings
	f.field == "access.readers"
	f.msg == "dataset mci_raw.screens (sensitivity 4) declares no readers, so who can read it is unknown"
	f.evidence == {"readers": null}
}

test_broad_readers_params_override if {
	dataset := _dataset(["svc:trainer", "group:eng", "group:mci-research"])
	findings := dataset_broad_readers.deny with input as {"datasets": [dataset]}
		with data.compliance.params as {"broad_groups": ["group:eng"]}
	count(findings) == 1
	some f in findings
	f.field == "access.readers.1"
	f.msg == "dataset mci_raw.screens (sensitivity 4) is readable by group:eng"
}

test_broad_readers_params_default_does_not_flag_custom_group if {
	count(_findings(_dataset(["group:eng"]))) == 0
}

test_broad_readers_unlabelled_dataset if {
	some f in _findings(object.remove(_dataset(["group:all-staff"]), ["sensitivity"]))
	f.msg == "dataset mci_raw.screens (no sensitivity label) is readable by group:all-staff"
}

# GDPR does not reach a program of a US-only employer (docs/method.md#applicability): its datasets are not
# judged under GDPR ids (the US packs' own rules cover them).
_us_program := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": "US"}]}}

test_broad_readers_quiet_outside_gdpr if {
	findings := dataset_broad_readers.deny with input as {"programs": [_us_program], "datasets": [_dataset(["group:all-employees"])]}
	count(findings) == 0
}

test_broad_readers_orphan_or_unknown_program_still_judged if {
	findings := dataset_broad_readers.deny with input as {"programs": [object.union(_us_program, {"metadata": {"id": "other"}})], "datasets": [_dataset(["group:all-employees"])]}
	count(findings) > 0
}

_counted(identities) := object.union(_dataset(["group:mci-research"]), {"access": {"reader_identities": identities}})

test_broad_readers_identities_fire if {
	findings := _findings(_counted(20000))
	count(findings) == 1
	some f in findings
	f.field == "access.reader_identities"
	f.msg == "dataset mci_raw.screens (sensitivity 4) is readable by 20000 login identities, more than max_reader_group_size (50), however its readers are named"
	f.evidence == {"reader_identities": 20000, "max_reader_group_size": 50}
}

test_broad_readers_identities_quiet_at_the_limit if {
	count(_findings(_counted(50))) == 0
}

test_broad_readers_identities_param_override if {
	dataset := _counted(8)
	findings := dataset_broad_readers.deny with input as {"datasets": [dataset]}
		with data.compliance.params as {"max_reader_group_size": 5}
	count(findings) == 1
}

test_broad_readers_identities_one_finding_with_a_broad_reader if {
	dataset := object.union(_dataset(["group:all-employees"]), {"access": {"reader_identities": 20000}})
	findings := _findings(dataset)
	count(findings) == 1
	some f in findings
	f.field == "access.readers.0"
}

test_broad_readers_identities_missing_field if {
	count(_findings(_counted(null))) == 0
}

# Readers unknown until apply (`unknown` lists access.readers): never "declares no readers".
_unknown_readers := {"id": "mci_raw.screens", "program": "mci", "personal_data": true, "sensitivity": 4, "unknown": ["access.readers"]}

test_broad_readers_quiet_when_readers_unknown if {
	count(_findings(_unknown_readers)) == 0
}

test_broad_readers_unknown_fail_fires if {
	findings := dataset_broad_readers.deny with input as {"datasets": [_unknown_readers]}
		with data.compliance.run.unknown as "fail"
	findings == {{
		"resource": "dataset:mci_raw.screens",
		"field": "access.readers",
		"msg": "dataset mci_raw.screens (sensitivity 4): who can read it is unknown until apply (access.readers), so the rule cannot be checked",
		"evidence": {"unknown": "access.readers"},
	}}
}

test_broad_readers_unknown_fail_quiet_when_known_or_not_personal if {
	count(dataset_broad_readers.deny) == 0 with input as {"datasets": [_dataset(["svc:trainer"])]}
		with data.compliance.run.unknown as "fail"
	count(dataset_broad_readers.deny) == 0 with input as {"datasets": [object.union(_unknown_readers, {"personal_data": false})]}
		with data.compliance.run.unknown as "fail"
	some f in dataset_broad_readers.deny with input as {"datasets": [object.remove(_unknown_readers, ["unknown"])]}
		with data.compliance.run.unknown as "fail"
	f.evidence == {"readers": null} # the field missing and not unknown: "declares no readers", as before
}

_listed(readers, listers) := object.union(_dataset(readers), {"access": {"readers": readers, "listers": listers}})

test_broad_listing_fires if {
	findings := _findings(_listed(["svc:trainer"], ["svc:trainer", "*"]))
	findings == {{
		"resource": "dataset:mci_raw.screens",
		"field": "access.listers.1",
		"msg": "dataset mci_raw.screens (sensitivity 4) allows listing its object names by * (object keys often carry names and e-mail addresses)",
		"evidence": {"broad_listers": ["*"]},
	}}
}

test_broad_listing_quiet if {
	count(_findings(_listed(["svc:trainer"], ["svc:trainer"]))) == 0
	count(_findings(object.union(_listed(["svc:trainer"], ["*"]), {"personal_data": false}))) == 0
}

test_broad_listing_not_repeated_for_a_broad_reader if {
	findings := _findings(_listed(["*"], ["*"]))
	count(findings) == 1
	some f in findings
	f.field == "access.readers.0"
}
