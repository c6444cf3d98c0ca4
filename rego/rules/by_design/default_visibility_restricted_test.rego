package compliance.rules.by_design.default_visibility_restricted_test

import data.compliance.rules.by_design.default_visibility_restricted

_program(access) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "IE"}]},
	"access": access,
}

_findings(access) := findings if {
	findings := default_visibility_restricted.deny with input as {"programs": [_program(access)], "datasets": []}
}

_readers := [{"group": "group:mci-research-core", "size": 38}]

test_default_visibility_fires if {
	_findings({"default_visibility": "org_wide", "readers": _readers}) == {{
		"resource": "program:mci",
		"field": "access.default_visibility",
		"msg": `program mci makes its data visible by default to the whole organisation (access.default_visibility is "org_wide")`,
		"evidence": {"default_visibility": "org_wide"},
	}}
}

test_all_staff_reader_fires if {
	readers := [{"group": "group:mci-research-core", "size": 38}, {"group": "group:all-employees", "size": 23400}]
	_findings({"default_visibility": "restricted", "readers": readers}) == {{
		"resource": "program:mci",
		"field": "access.readers.1.group",
		"msg": "program mci declares group:all-employees as a reader: a broad group that reaches an indefinite number of people",
		"evidence": {"group": "group:all-employees", "size": 23400},
	}}
}

test_default_visibility_quiet if {
	count(_findings({"default_visibility": "restricted", "readers": _readers})) == 0
	count(_findings({"default_visibility": "team"})) == 0
}

test_default_visibility_missing_field if {
	_findings({"readers": _readers}) == {{
		"resource": "program:mci",
		"field": "access.default_visibility",
		"msg": "program mci does not declare who can see its data by default (access.default_visibility is missing)",
		"evidence": {"default_visibility": null},
	}}
}

test_default_visibility_params_override if {
	eng := {"group": "group:eng", "size": 4000, "justification": "Platform on-call", "approved_by": "cto@example.com"}
	access := {"default_visibility": "team", "readers": [eng]}
	count(_findings(access)) == 0
	findings := default_visibility_restricted.deny with input as {"programs": [_program(access)], "datasets": []}
		with data.compliance.params as {"broad_groups": ["group:eng"]}
	{f.field | some f in findings} == {"access.readers.0.group"}
}

# A large named group (not a wildcard) must be justified and approved.
test_large_reader_without_approval_fires if {
	readers := [{"group": "group:eng", "size": 4000, "justification": "Platform on-call", "approved_by": ""}]
	_findings({"default_visibility": "team", "readers": readers}) == {{
		"resource": "program:mci",
		"field": "access.readers.0.approved_by",
		"msg": "program mci declares reader group:eng with 4000 members, more than 50 (max_reader_group_size), without approved_by",
		"evidence": {"group": "group:eng", "size": 4000, "justification": "Platform on-call", "approved_by": ""},
	}}
}

test_large_reader_missing_fields if {
	_findings({"default_visibility": "team", "readers": [{"group": "group:eng", "size": 4000}]}) == {{
		"resource": "program:mci",
		"field": "access.readers.0.justification",
		"msg": "program mci declares reader group:eng with 4000 members, more than 50 (max_reader_group_size), without justification or approved_by",
		"evidence": {"group": "group:eng", "size": 4000, "justification": null, "approved_by": null},
	}}
}

test_large_reader_quiet if {
	approved := {"group": "group:eng", "size": 4000, "justification": "Platform on-call", "approved_by": "cto@example.com"}
	count(_findings({"default_visibility": "team", "readers": [approved]})) == 0
	small := {"group": "group:mci-research-core", "size": 50}
	count(_findings({"default_visibility": "team", "readers": [small]})) == 0
	findings := default_visibility_restricted.deny with input as {"programs": [_program({"default_visibility": "team", "readers": [{"group": "group:eng", "size": 4000}]})], "datasets": []}
		with data.compliance.params as {"max_reader_group_size": 5000}
	count(findings) == 0
}

# A wildcard reader is reported once, by the broad-group check, however large and unapproved.
test_large_broad_reader_reported_once if {
	readers := [{"group": "group:all-employees", "size": 23400, "justification": "Inherited", "approved_by": ""}]
	{f.field | some f in _findings({"default_visibility": "team", "readers": readers})} == {"access.readers.0.group"}
}

test_default_visibility_outside_gdpr_quiet if {
	program := object.union(_program({"default_visibility": "public"}), {"controller": {"establishments": [{"country": "US"}]}})
	count(default_visibility_restricted.deny) == 0 with input as {"programs": [program], "datasets": []}
}
