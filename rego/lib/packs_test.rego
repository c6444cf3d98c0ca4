package compliance.lib.packs_test

import data.compliance.lib

# Functions are called through the import; lib rules are read by their full path (see
# datasets_test.rego for why).

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "US", "employees": 70000}]},
		"jurisdictions": {"data_subject_locations": [{"region": "US-CA", "headcount": 30000}]},
		"data_subjects": [{"category": "employee", "count": 30000}],
	},
	overrides,
)

_eu_program := _program({
	"controller": {"establishments": [
		{"country": "US", "employees": 70000},
		{"country": "DE", "has_works_council": true, "employees": 1200},
		{"country": "IE", "employees": 4000},
	]},
	"jurisdictions": {"data_subject_locations": [
		{"region": "US-CA", "headcount": 30000},
		{"region": "DE", "headcount": 1200},
		{"region": "FR", "headcount": 300},
		{"region": "IT", "headcount": 150},
	]},
	"data_subjects": [{"category": "employee"}, {"category": "contractor"}, {"category": "customer"}],
})

test_pack_names_lists_every_pack if {
	data.compliance.lib.pack_names == ["GDPR", "GDPR-EMP", "DE", "FR", "IT", "US-NY", "US-CT", "US-DE", "US-CA", "EU-AIA"]
}

test_pack_gdpr_fires_by_establishment if {
	lib.pack_reason(_eu_program, "GDPR") == "controller established in the EEA (DE, IE): GDPR Art. 3(1)"
	lib.pack_applies(_eu_program, "GDPR")
}

test_pack_gdpr_fires_by_monitored_subjects if {
	program := _program({"jurisdictions": {"data_subject_locations": [{"region": "FR"}, {"region": "US-NY"}, {"region": "NO"}]}})
	lib.pack_reason(program, "GDPR") == "monitored data subjects located in the EEA (FR, NO): GDPR Art. 3(2)(b)"
}

test_pack_gdpr_quiet_outside_eea if {
	not lib.pack_applies(_program({}), "GDPR")
	not lib.pack_applies(_program({}), "GDPR-EMP")
}

test_pack_gdpr_missing_fields if {
	program := {"metadata": {"id": "mci"}}
	not lib.pack_applies(program, "GDPR")
	not lib.pack_applies({"metadata": {"id": "x"}, "controller": {"establishments": [{"employees": 3}, {"country": 7}]}}, "GDPR")
}

test_pack_gdpr_agrees_with_gdpr_applies if {
	lib.gdpr_applies(_eu_program)
	not lib.gdpr_applies(_program({}))
}

test_pack_gdpr_emp_fires if {
	lib.pack_reason(_eu_program, "GDPR-EMP") == "controller established in the EEA (DE, IE): GDPR Art. 3(1); data subjects include workers (contractor, employee): GDPR Art. 88, WP249"
}

test_pack_gdpr_emp_quiet_without_workers if {
	program := object.union(_eu_program, {"data_subjects": [{"category": "customer"}]})
	lib.pack_applies(program, "GDPR")
	not lib.pack_applies(program, "GDPR-EMP")
}

test_pack_gdpr_emp_missing_data_subjects if {
	not lib.pack_applies(object.remove(_eu_program, ["data_subjects"]), "GDPR-EMP")
}

test_pack_de_fires if {
	lib.pack_reason(_eu_program, "DE") == "establishment in DE with 1200 employees: BetrVG §1, §87; BDSG §26"
}

test_pack_de_quiet_below_five_employees if {
	program := _program({"controller": {"establishments": [{"country": "DE", "employees": 4}]}})
	not lib.pack_applies(program, "DE")
	lib.pack_applies(program, "GDPR")
}

test_pack_de_quiet_with_german_subjects_only if {
	program := _program({"jurisdictions": {"data_subject_locations": [{"region": "DE"}]}})
	not lib.pack_applies(program, "DE")
}

test_pack_de_missing_headcount_applies if {
	program := _program({"controller": {"establishments": [{"country": "DE"}, {"country": "DE", "employees": 8}]}})
	lib.pack_reason(program, "DE") == "establishment in DE with undeclared headcount, 8 employees: BetrVG §1, §87; BDSG §26"
}

test_pack_fr_fires_by_establishment if {
	program := _program({"controller": {"establishments": [{"country": "FR", "employees": 20}]}})
	lib.pack_reason(program, "FR") == "establishment in FR: Code du travail L1222-4, L2312-38, L1121-1"
}

test_pack_fr_fires_by_subjects if {
	lib.pack_reason(_eu_program, "FR") == "data subjects located in FR: Code du travail L1222-4, L2312-38, L1121-1"
}

test_pack_fr_quiet if {
	not lib.pack_applies(_program({}), "FR")
}

test_pack_it_fires if {
	lib.pack_reason(_eu_program, "IT") == "data subjects located in IT: L. 300/1970 Art. 4"
	program := _program({"controller": {"establishments": [{"country": "IT"}]}})
	lib.pack_reason(program, "IT") == "establishment in IT: L. 300/1970 Art. 4"
}

test_pack_it_quiet_and_missing if {
	not lib.pack_applies(_program({}), "IT")
	not lib.pack_applies({"metadata": {"id": "x"}, "jurisdictions": {"data_subject_locations": [{"headcount": 5}]}}, "IT")
}

test_pack_unknown_name_quiet if {
	not lib.pack_applies(_eu_program, "XX")
}

test_packs_applied_lists_reasons if {
	applied := lib.packs_applied(_eu_program)
	eu := [entry | some entry in applied; entry.pack in {"GDPR", "GDPR-EMP", "DE", "FR", "IT"}]
	[entry.pack | some entry in eu] == ["GDPR", "GDPR-EMP", "DE", "FR", "IT"]
	eu[2] == {"pack": "DE", "reason": "establishment in DE with 1200 employees: BetrVG §1, §87; BDSG §26"}
}

test_packs_applied_quiet_outside_eu if {
	applied := lib.packs_applied(_program({}))
	count([entry | some entry in applied; entry.pack in {"GDPR", "GDPR-EMP", "DE", "FR", "IT"}]) == 0
}
