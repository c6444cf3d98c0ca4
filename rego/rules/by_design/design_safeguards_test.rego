package compliance.rules.by_design.design_safeguards_test

import data.compliance.rules.by_design.design_safeguards

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"program": {"technologies": ["screenshot"], "capture": {"scope": "allowlist", "on_device_redaction": ["pii"]}},
		"controller": {"establishments": [{"country": "DE"}]},
		"ai": {"training_use": true},
		"purposes": [{"id": "train", "category": "ai_training", "data_category_ids": ["screens", "clicks"]}],
		"storage": {"pseudonymisation": {"applied": true, "key_held_separately": true}},
	},
	overrides,
)

_findings(program) := findings if {
	findings := design_safeguards.deny with input as {"programs": [program], "datasets": []}
}

test_design_safeguards_fires if {
	program := _program({
		"program": {"capture": {"scope": "all", "on_device_redaction": []}},
		"storage": {"pseudonymisation": {"applied": false}},
	})
	_findings(program) == {
		{
			"resource": "program:mci",
			"field": "storage.pseudonymisation.applied",
			"msg": "program mci has a training corpus (data categories clicks, screens, used by an ai_training purpose) that is not pseudonymised (storage.pseudonymisation.applied is false)",
			"evidence": {"applied": false},
		},
		{
			"resource": "program:mci",
			"field": "program.capture.on_device_redaction",
			"msg": "program mci uploads captured data without on-device redaction (capture.on_device_redaction is [])",
			"evidence": {"on_device_redaction": []},
		},
		{
			"resource": "program:mci",
			"field": "program.capture.scope",
			"msg": `program mci does not limit capture to an allowlist or blocklist (capture.scope is "all")`,
			"evidence": {"scope": "all"},
		},
	}
}

test_design_safeguards_fires_on_training_purpose if {
	program := object.remove(_program({"storage": {"pseudonymisation": {"applied": false}}}), ["ai"])
	{f.field | some f in _findings(program)} == {"storage.pseudonymisation.applied"}
}

# A program that trains nothing has no training corpus: ai.training_use alone, or an
# ai_training purpose that references no data category, does not call for pseudonymisation.
test_design_safeguards_no_training_corpus_quiet if {
	unpseudonymised := {"storage": {"pseudonymisation": {"applied": false}}}
	count(_findings(object.union(_program(unpseudonymised), {"purposes": [{"id": "doors", "category": "security", "data_category_ids": ["badges"]}]}))) == 0
	count(_findings(object.union(_program(unpseudonymised), {"purposes": [{"id": "train", "category": "ai_training", "data_category_ids": []}]}))) == 0
	count(_findings(object.remove(_program(unpseudonymised), ["purposes"]))) == 0
}

test_design_safeguards_quiet if {
	count(_findings(_program({}))) == 0
}

test_design_safeguards_quiet_without_training_or_capture if {
	program := _program({
		"program": {"technologies": []},
		"ai": {"training_use": false},
		"storage": {"pseudonymisation": {"applied": false}},
	})
	count(_findings(object.remove(program, ["program", "purposes"]))) == 0
}

test_design_safeguards_missing_field if {
	program := object.union(object.remove(_program({}), ["program", "storage"]), {"program": {"technologies": ["clicks"]}})
	{[f.field, f.evidence] | some f in _findings(program)} == {
		["storage.pseudonymisation.applied", {"applied": null}],
		["program.capture.on_device_redaction", {"on_device_redaction": null}],
		["program.capture.scope", {"scope": null}],
	}
}

test_design_safeguards_outside_gdpr_quiet if {
	program := object.remove(_program({"controller": {"establishments": [{"country": "US"}]}}), ["storage"])
	count(_findings(program)) == 0
}
