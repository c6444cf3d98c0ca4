package compliance.rules.ai_act.workers_informed_before_use_test

import data.compliance.rules.ai_act.workers_informed_before_use

_program(ai) := {
	"metadata": {"id": "rank"},
	"program": {"start_date": "2028-01-10"},
	"data_subjects": [{"category": "employee"}],
	"ai": object.union(
		{
			"ai_act_role": "deployer",
			"intended_purpose_tags": ["performance_evaluation"],
			"workers_informed_date": "2027-12-15",
			"worker_reps_informed_date": "2027-11-30",
		},
		ai,
	),
}

_findings(program) := findings if {
	findings := workers_informed_before_use.deny with input as {"programs": [program], "datasets": []}
}

test_workers_informed_fires if {
	program := _program({"workers_informed_date": "2028-02-01", "worker_reps_informed_date": null})
	_findings(program) == {
		{
			"resource": "program:rank",
			"field": "ai.workers_informed_date",
			"msg": "program rank deploys a high-risk AI system at the workplace (ai.intended_purpose_tags include performance_evaluation (AI Act Annex III point 4)) but the affected workers were informed on 2028-02-01, after its use began on 2028-01-10",
			"evidence": {"workers_informed_date": "2028-02-01", "start_date": "2028-01-10"},
		},
		{
			"resource": "program:rank",
			"field": "ai.worker_reps_informed_date",
			"msg": "program rank deploys a high-risk AI system at the workplace (ai.intended_purpose_tags include performance_evaluation (AI Act Annex III point 4)) but the workers' representatives were not informed (ai.worker_reps_informed_date is missing)",
			"evidence": {"worker_reps_informed_date": null, "start_date": "2028-01-10"},
		},
	}
}

test_workers_informed_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"workers_informed_date": "2028-01-10"}))) == 0
}

test_workers_informed_quiet_unless_high_risk_deployer if {
	count(_findings(_program({"intended_purpose_tags": [], "workers_informed_date": null}))) == 0
	count(_findings(_program({"ai_act_role": "provider", "workers_informed_date": null}))) == 0
	count(_findings(_program({"ai_act_role": "none", "workers_informed_date": null}))) == 0
}

test_workers_informed_declared_high_risk_fires if {
	program := _program({"intended_purpose_tags": [], "high_risk_annex_iii": true, "ai_act_role": "both", "worker_reps_informed_date": "2028-01-11"})
	[f.msg | some f in _findings(program)] == ["program rank deploys a high-risk AI system at the workplace (ai.high_risk_annex_iii is true) but the workers' representatives were informed on 2028-01-11, after its use began on 2028-01-10"]
}

test_workers_informed_missing_field if {
	program := json.patch(_program({}), [
		{"op": "remove", "path": "/ai/workers_informed_date"},
		{"op": "remove", "path": "/program"},
	])
	_findings(program) == {
		{
			"resource": "program:rank",
			"field": "ai.workers_informed_date",
			"msg": "program rank deploys a high-risk AI system at the workplace (ai.intended_purpose_tags include performance_evaluation (AI Act Annex III point 4)) but the affected workers were not informed (ai.workers_informed_date is missing)",
			"evidence": {"workers_informed_date": null, "start_date": null},
		},
		{
			"resource": "program:rank",
			"field": "ai.worker_reps_informed_date",
			"msg": "program rank deploys a high-risk AI system at the workplace (ai.intended_purpose_tags include performance_evaluation (AI Act Annex III point 4)) but the workers' representatives were informed on 2027-11-30 and program.start_date is missing, so that cannot be shown to precede its use",
			"evidence": {"worker_reps_informed_date": "2027-11-30", "start_date": null},
		},
	}
}
