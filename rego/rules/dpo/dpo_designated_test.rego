package compliance.rules.dpo.dpo_designated_test

import data.compliance.rules.dpo.dpo_designated

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "IE"}], "core_activities_monitoring_large_scale": true},
		"dpo": {"designated": true, "contact_published": true, "notified_to_sa": true},
	},
	overrides,
)

_findings(program) := findings if {
	findings := dpo_designated.deny with input as {"programs": [program], "datasets": []}
}

# Art. 35(3)(b): incidental health data about 1,000 workers; screening also meets C3, C4, C5, C7.
_special_at_scale := {
	"program": {"technologies": ["screenshot"]},
	"data_subjects": [{"category": "employee", "count": 1000}],
	"data_categories": [{"id": "screens", "type": "screenshots", "incidental_special_category_likely": true}],
}

test_dpo_designated_fires if {
	program := object.union(_program(_special_at_scale), {
		"controller": {"establishments": [{"country": "DE"}]},
		"dpo": {"designated": false},
	})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpo.designated",
		"msg": "program mci requires a DPO (core activities are large-scale systematic monitoring: Art. 37(1)(b); large-scale special-category or criminal-offence data: Art. 37(1)(c); establishment in DE and processing that requires a DPIA: BDSG §38(1)) but none is designated (dpo.designated is false)",
		"evidence": {"designated": false, "triggers": [
			"core activities are large-scale systematic monitoring: Art. 37(1)(b)",
			"large-scale special-category or criminal-offence data: Art. 37(1)(c)",
			"establishment in DE and processing that requires a DPIA: BDSG §38(1)",
		]},
	}}
}

test_dpo_designated_unreachable_fires if {
	program := _program({"dpo": {"contact_published": false}})
	_findings(object.union(program, {"dpo": {"notified_to_sa": null}})) == {
		{
			"resource": "program:mci",
			"field": "dpo.contact_published",
			"msg": "the DPO of program mci has no published contact (dpo.contact_published is false)",
			"evidence": {"contact_published": false},
		},
		{
			"resource": "program:mci",
			"field": "dpo.notified_to_sa",
			"msg": "the DPO of program mci was not notified to the supervisory authority (dpo.notified_to_sa is null)",
			"evidence": {"notified_to_sa": null},
		},
	}
}

test_dpo_designated_quiet if {
	count(_findings(_program({}))) == 0
	# not required: no trigger
	program := _program({"controller": {"core_activities_monitoring_large_scale": false}, "dpo": {"designated": false}})
	count(_findings(program)) == 0
}

test_dpo_designated_missing_field if {
	program := object.remove(_program({}), ["dpo"])
	_findings(program) == {{
		"resource": "program:mci",
		"field": "dpo.designated",
		"msg": "program mci requires a DPO (core activities are large-scale systematic monitoring: Art. 37(1)(b)) but none is designated (dpo.designated is missing)",
		"evidence": {"designated": null, "triggers": ["core activities are large-scale systematic monitoring: Art. 37(1)(b)"]},
	}}
}

test_dpo_designated_missing_reachability_fields if {
	program := object.union(object.remove(_program({}), ["dpo"]), {"dpo": {"designated": true}})
	{f.field | some f in _findings(program)} == {"dpo.contact_published", "dpo.notified_to_sa"}
}

test_dpo_designated_params_override if {
	program := object.union(_program(_special_at_scale), {
		"controller": {"core_activities_monitoring_large_scale": false},
		"data_subjects": [{"category": "employee", "count": 600}],
		"dpo": {"designated": false},
	})
	count(_findings(program)) == 0
	findings := _findings(program) with data.compliance.params as {"large_scale_min_subjects": 500}
	{f.field | some f in findings} == {"dpo.designated"}
}

test_dpo_designated_outside_gdpr_quiet if {
	program := _program({"controller": {"establishments": [{"country": "US"}]}, "dpo": {"designated": false}})
	count(_findings(program)) == 0
}
