package compliance.rules.security.readers_least_privilege_test

import data.compliance.rules.security.readers_least_privilege

_core := {"group": "group:mci-core", "size": 38, "justification": "Builds the training sets", "approved_by": "head-of-research"}

_program(access) := {
	"metadata": {"id": "mci"},
	"controller": {"establishments": [{"country": "DE"}]},
	"access": access,
}

_findings(program) := findings if {
	findings := readers_least_privilege.deny with input as {"programs": [program], "datasets": []}
}

test_readers_least_privilege_fires if {
	program := _program({
		"readers": [
			_core,
			{"group": "group:all-employees", "size": 23400, "justification": "Inherited default ACL", "approved_by": ""},
		],
		"least_privilege_review_days": 365,
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "access.readers.1.group",
			"msg": `reader group:all-employees of program mci is a broad group that reaches an indefinite number of people; has no approver (approved_by is "")`,
			"evidence": {"group": "group:all-employees", "size": 23400, "justification": "Inherited default ACL", "approved_by": ""},
		},
		{
			"resource": "program:mci",
			"field": "access.least_privilege_review_days",
			"msg": "program mci recertifies access every 365 days, longer than 90 (access_review_max_days)",
			"evidence": {"least_privilege_review_days": 365},
		},
	}
}

test_readers_least_privilege_quiet if {
	count(_findings(_program({"readers": [_core], "least_privilege_review_days": 90}))) == 0
	count(_findings(_program({"readers": [], "least_privilege_review_days": 30}))) == 0
}

# Size alone is GDPR-PD-002's test (and only without justification or approver): a justified,
# approved group of 64 team leads is quiet here.
test_readers_least_privilege_large_justified_group_quiet if {
	leads := {"group": "group:team-leads", "size": 64, "justification": "Review their teams' labelled sessions", "approved_by": "dpo"}
	count(_findings(_program({"readers": [leads], "least_privilege_review_days": 90}))) == 0
	strict := _findings(_program({"readers": [leads], "least_privilege_review_days": 90})) with data.compliance.params as {"max_reader_group_size": 10}
	count(strict) == 0
}

test_readers_least_privilege_missing_field if {
	program := _program({"readers": [{"group": "group:ops", "size": 5}]})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "access.readers.0.justification",
			"msg": "reader group:ops of program mci has no justification; has no approver (approved_by is missing)",
			"evidence": {"group": "group:ops", "size": 5, "justification": null, "approved_by": null},
		},
		{
			"resource": "program:mci",
			"field": "access.least_privilege_review_days",
			"msg": "program mci declares no access recertification interval (access.least_privilege_review_days is missing)",
			"evidence": {"least_privilege_review_days": null},
		},
	}
}

test_readers_least_privilege_missing_readers if {
	program := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": "DE"}]}}
	findings := _findings(program)
	{f.field | some f in findings} == {"access.readers", "access.least_privilege_review_days"}
	some f in findings
	f.field == "access.readers"
	f.msg == "program mci declares no readers (access.readers is missing), so who may read its data is unknown"
}

test_readers_least_privilege_reader_without_group if {
	program := _program({"readers": [{"size": 3, "justification": "x", "approved_by": "y"}], "least_privilege_review_days": 30})
	some f in _findings(program)
	f.field == "access.readers.0.group"
	f.msg == "reader #0 of program mci names no group (group is missing)"
}

test_readers_least_privilege_params_override if {
	program := _program({"readers": [_core], "least_privilege_review_days": 120})
	findings := _findings(program) with data.compliance.params as {
		"access_review_max_days": 180,
		"broad_groups": ["group:mci-core"],
	}
	findings == {{
		"resource": "program:mci",
		"field": "access.readers.0.group",
		"msg": "reader group:mci-core of program mci is a broad group that reaches an indefinite number of people",
		"evidence": _core,
	}}
}

test_readers_least_privilege_outside_gdpr_quiet if {
	program := object.union(_program({"readers": [{"group": "*"}]}), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
