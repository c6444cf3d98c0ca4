package compliance.rules.employment.private_sphere_capture_test

import data.compliance.rules.employment.private_sphere_capture

_program(program_block) := {
	"metadata": {"id": "mci"},
	"program": program_block,
	"controller": {"establishments": [{"country": "DE"}]},
	"data_subjects": [{"category": "contractor"}],
}

_scoped := {"personal_devices": false, "off_hours_capture": false, "remote_work_capture": false}

_findings(program) := findings if {
	findings := private_sphere_capture.deny with input as {"programs": [program], "datasets": []}
}

test_private_sphere_fires if {
	program := _program({
		"technologies": ["screenshot", "webcam"],
		"capture": {"personal_devices": true, "off_hours_capture": false, "remote_work_capture": false},
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "program.capture.personal_devices",
			"msg": "program mci captures workers' personal devices (capture.personal_devices is true)",
			"evidence": {"personal_devices": true},
		},
		{
			"resource": "program:mci",
			"field": "program.technologies.1",
			"msg": "program mci captures workers through the webcam",
			"evidence": {"technology": "webcam"},
		},
	}
}

test_private_sphere_off_hours_and_remote_fire_medium if {
	program := _program({"capture": {"personal_devices": false, "off_hours_capture": true, "remote_work_capture": true, "scope": "allowlist"}})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "program.capture.off_hours_capture",
			"msg": "program mci captures outside working hours (capture.off_hours_capture is true): capture reaches workers' private life",
			"evidence": {"off_hours_capture": true},
			"severity": "medium",
		},
		{
			"resource": "program:mci",
			"field": "program.capture.remote_work_capture",
			"msg": "program mci captures remote work (capture.remote_work_capture is true) not limited to working hours (capture.off_hours_capture is true): capture reaches workers' homes",
			"evidence": {"remote_work_capture": true, "off_hours_capture": true, "scope": "allowlist"},
			"severity": "medium",
		},
	}
}

test_private_sphere_remote_capture_unscoped_in_place_fires if {
	program := _program({"capture": {"personal_devices": false, "off_hours_capture": false, "remote_work_capture": true, "scope": "all"}})
	[f.msg | some f in _findings(program)] == ["program mci captures remote work (capture.remote_work_capture is true) not limited to allowlisted work applications (capture.scope is \"all\"): capture reaches workers' homes"]
	no_scope := _program({"capture": {"personal_devices": false, "off_hours_capture": false, "remote_work_capture": true}})
	[f.evidence | some f in _findings(no_scope)] == [{"remote_work_capture": true, "off_hours_capture": false, "scope": null}]
}

# Remote capture scoped in time (no off-hours capture) and place (an allowlist of work apps) is quiet.
test_private_sphere_scoped_remote_capture_quiet if {
	program := _program({"capture": {"personal_devices": false, "off_hours_capture": false, "remote_work_capture": true, "scope": "allowlist"}})
	count(_findings(program)) == 0
}

test_private_sphere_quiet if {
	count(_findings(_program({"technologies": ["clicks", "screenshot"], "capture": _scoped}))) == 0
}

test_private_sphere_missing_field if {
	_findings(_program({"technologies": ["clicks"], "capture": {"personal_devices": false}})) == {{
		"resource": "program:mci",
		"field": "program.capture",
		"msg": "program mci does not declare whether capture reaches the private sphere (capture.off_hours_capture, capture.remote_work_capture not set)",
		"evidence": {"undeclared": ["off_hours_capture", "remote_work_capture"]},
		"severity": "medium",
	}}
}

test_private_sphere_missing_capture_block if {
	findings := _findings(_program({"technologies": ["clicks"]}))
	count(findings) == 1
	some f in findings
	f.evidence == {"undeclared": ["personal_devices", "off_hours_capture", "remote_work_capture"]}
}

test_private_sphere_outside_gdpr_quiet if {
	program := object.union(_program({"technologies": ["webcam"]}), {"controller": {"establishments": [{"country": "US"}]}})
	count(_findings(program)) == 0
}
