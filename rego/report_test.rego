package compliance.report_test

import data.compliance.report

_program := {
	"metadata": {"id": "p"},
	"controller": {"establishments": [{"country": "DE", "has_works_council": true, "employees": 40}]},
	"data_subjects": [{"category": "employee", "count": 40}],
	"program": {"technologies": ["keystroke_events"]},
}

test_screening_and_packs_per_program if {
	screening := report.screening with input as {"programs": [_program], "datasets": []}
	packs := report.packs with input as {"programs": [_program], "datasets": []}
	screening.p.required == true
	"GDPR" in {p.pack | some p in packs.p}
}

test_no_program_no_entries if {
	screening := report.screening with input as {"programs": [], "datasets": []}
	packs := report.packs with input as {"programs": [], "datasets": []}
	count(screening) == 0
	count(packs) == 0
}

test_broad_readers_include_configured_groups if {
	readers := report.broad_readers with data.compliance.params as {"broad_groups": ["group:contractors"]}
	"group:contractors" in readers
	"*" in readers
	readers == sort(readers)
}
