package compliance.rules.dpo.dpo_involved_early_test

import data.compliance.rules.dpo.dpo_involved_early

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}]},
		"program": {"start_date": "2026-04-21"},
		"dpia": {"completed_date": "2026-03-15"},
		"dpo": {"designated": true, "involved_from": "2026-01-10", "conflicting_roles": []},
	},
	overrides,
)

_findings(program) := findings if {
	findings := dpo_involved_early.deny with input as {"programs": [program], "datasets": []}
}

test_dpo_involved_early_fires if {
	_findings(_program({"dpo": {"involved_from": "2026-06-16"}})) == {{
		"resource": "program:mci",
		"field": "dpo.involved_from",
		"msg": "the DPO of program mci was involved only from 2026-06-16, after the DPIA was completed on 2026-03-15 and after processing started on 2026-04-21",
		"evidence": {"involved_from": "2026-06-16", "completed_date": "2026-03-15", "start_date": "2026-04-21"},
	}}
}

test_dpo_involved_early_conflict_fires if {
	_findings(_program({"dpo": {"conflicting_roles": ["CISO", "head of MCI"]}})) == {{
		"resource": "program:mci",
		"field": "dpo.conflicting_roles",
		"msg": "the DPO of program mci also holds roles that conflict with the DPO's tasks: CISO, head of MCI",
		"evidence": {"conflicting_roles": ["CISO", "head of MCI"]},
	}}
}

test_dpo_involved_early_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"dpo": {"involved_from": "2026-03-15"}}))) == 0
	# no DPO designated: GDPR-DPO-001 judges that
	count(_findings(_program({"dpo": {"designated": false, "involved_from": "2027-01-01", "conflicting_roles": ["CISO"]}}))) == 0
}

test_dpo_involved_early_missing_field if {
	program := object.union(object.remove(_program({}), ["dpo"]), {"dpo": {"designated": true}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpo.involved_from",
		"msg": "program mci does not record when its DPO was first involved (dpo.involved_from is missing)",
		"evidence": {"involved_from": null},
	}}
}

test_dpo_involved_early_without_dpia_date if {
	program := object.remove(_program({"dpo": {"involved_from": "2026-06-16"}}), ["dpia"])
	{f.msg | some f in _findings(program)} == {"the DPO of program mci was involved only from 2026-06-16, after processing started on 2026-04-21"}
}

test_dpo_involved_early_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "dpo": {"involved_from": "2027-01-01"}})
	count(_findings(program)) == 0
}
