package compliance.rules.security.dataset_sensitivity_label_test

import data.compliance.rules.security.dataset_sensitivity_label

_program(country) := {"metadata": {"id": "mci"}, "controller": {"establishments": [{"country": country}]}}

_dataset := {
	"id": "mci_features.app_usage_daily",
	"program": "mci",
	"data_categories": ["application_usage", "identifiers"],
	"personal_data": true,
	"sensitivity": 2,
}

_findings(dataset) := findings if {
	findings := dataset_sensitivity_label.deny with input as {"programs": [_program("DE")], "datasets": [dataset]}
}

test_sensitivity_label_fires if {
	_findings(object.union(_dataset, {"sensitivity": null})) == {{
		"resource": "dataset:mci_features.app_usage_daily",
		"field": "sensitivity",
		"msg": "dataset mci_features.app_usage_daily holds application_usage, identifiers but has no sensitivity label (sensitivity is null), so no access or encryption policy can key on it",
		"evidence": {"sensitivity": null},
	}}
}

test_sensitivity_label_quiet if {
	count(_findings(_dataset)) == 0
	count(_findings(object.union(_dataset, {"personal_data": false, "sensitivity": null}))) == 0
}

test_sensitivity_label_missing_field if {
	_findings(object.remove(_dataset, ["sensitivity", "data_categories"])) == {{
		"resource": "dataset:mci_features.app_usage_daily",
		"field": "sensitivity",
		"msg": "dataset mci_features.app_usage_daily holds personal data but has no sensitivity label (sensitivity is missing), so no access or encryption policy can key on it",
		"evidence": {"sensitivity": null},
	}}
}

test_sensitivity_label_orphan_judged if {
	count(_findings(object.remove(_dataset, ["sensitivity", "program"]))) == 1
}

test_sensitivity_label_outside_gdpr_quiet if {
	findings := dataset_sensitivity_label.deny with input as {
		"programs": [_program("US")],
		"datasets": [object.remove(_dataset, ["sensitivity"])],
	}
	count(findings) == 0
}
