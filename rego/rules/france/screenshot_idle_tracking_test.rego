package compliance.rules.france.screenshot_idle_tracking_test

import data.compliance.rules.france.screenshot_idle_tracking

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"technologies": ["screenshot", "clicks"], "capture": {"screenshot_interval_seconds": 900}},
		"controller": {"establishments": [{"country": "FR", "employees": 300}]},
		"data_subjects": [{"category": "employee"}],
		"data_categories": [{"id": "clicks", "type": "clicks", "source": "device_telemetry"}],
	},
	overrides,
)

_findings(program) := findings if {
	findings := screenshot_idle_tracking.deny with input as {"programs": [program], "datasets": []}
}

test_screenshot_idle_tracking_fires if {
	program := _program({
		"program": {"technologies": ["screenshot", "screen_recording"], "capture": {"screenshot_interval_seconds": 15}},
		"data_categories": [
			{"id": "idle_minutes", "name": "Idle minutes per hour", "type": "performance", "source": "derived"},
			{"id": "focus", "name": "Inactivity share", "type": "performance", "source": "device_telemetry"},
		],
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "program.capture.screenshot_interval_seconds",
			"msg": "program mci screenshots French staff every 15 seconds (fr_min_interval requires more than 600), the constant monitoring L1121-1 does not allow",
			"evidence": {"screenshot_interval_seconds": 15, "fr_min_interval": 600},
		},
		{
			"resource": "program:mci",
			"field": "program.technologies.1",
			"msg": "program mci records French staff's screens continuously, the constant monitoring L1121-1 does not allow",
			"evidence": {"technology": "screen_recording"},
		},
		{
			"resource": "data_category:mci/idle_minutes",
			"field": "id",
			"msg": "program mci derives an idle or inactivity metric on French staff (data category idle_minutes)",
			"evidence": {"id": "idle_minutes"},
		},
	}
}

test_screenshot_idle_tracking_quiet if {
	count(_findings(_program({}))) == 0
	count(_findings(_program({"program": {"technologies": ["clicks"], "capture": {"screenshot_interval_seconds": 5}}}))) == 0
}

test_screenshot_idle_tracking_missing_field if {
	program := object.union(object.remove(_program({}), ["program"]), {"program": {"technologies": ["screenshot"]}})
	_findings(program) == {{
		"resource": "program:mci",
		"field": "program.capture.screenshot_interval_seconds",
		"msg": "program mci screenshots French staff at an undeclared interval (capture.screenshot_interval_seconds is missing; fr_min_interval requires more than 600), the constant monitoring L1121-1 does not allow",
		"evidence": {"screenshot_interval_seconds": null, "fr_min_interval": 600},
	}}
}

test_screenshot_idle_tracking_params_override if {
	program := _program({})
	findings := screenshot_idle_tracking.deny with input as {"programs": [program], "datasets": []}
		with data.compliance.params as {"fr_min_interval": 1800}
	count(findings) == 1
	some f in findings
	f.evidence == {"screenshot_interval_seconds": 900, "fr_min_interval": 1800}
}

test_screenshot_idle_tracking_outside_fr_pack_quiet if {
	program := _program({
		"controller": {"establishments": [{"country": "IT"}]},
		"program": {"capture": {"screenshot_interval_seconds": 15}},
	})
	count(_findings(program)) == 0
}
