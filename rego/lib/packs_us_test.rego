package compliance.lib.packs_us_test

import data.compliance.lib

_program(overrides) := object.union(
	{
		"metadata": {"id": "mci"},
		"controller": {"establishments": [{"country": "US"}]},
		"jurisdictions": {
			"data_subject_locations": [
				{"region": "US-NY", "headcount": 4200},
				{"region": "US-CA", "headcount": 9800},
				{"region": "US-CT"},
			],
			"ccpa_business": true,
		},
		"data_subjects": [{"category": "employee", "count": 14000}],
		"ai": {"ai_act_role": "provider", "intended_purpose_tags": []},
	},
	overrides,
)

# US-NY, US-CT, US-DE

test_us_pack_reason_us_states_fires if {
	program := _program({})
	lib.us_pack_reason(program, "US-NY") == "employees are monitored in US-NY (headcount 4200)"
	lib.us_pack_reason(program, "US-CT") == "employees are monitored in US-CT (headcount not stated)"
	not lib.us_pack_reason(program, "US-DE")
}

test_us_pack_reason_us_states_sums_headcounts if {
	program := _program({"jurisdictions": {"data_subject_locations": [
		{"region": "US-DE", "headcount": 10},
		{"region": "US-DE", "headcount": 5},
	]}})
	lib.us_pack_reason(program, "US-DE") == "employees are monitored in US-DE (headcount 15)"
}

test_us_pack_reason_us_states_quiet_without_employees if {
	program := _program({"data_subjects": [{"category": "customer"}, {"category": "contractor"}]})
	not lib.us_pack_reason(program, "US-NY")
	not lib.us_pack_reason(program, "US-CT")
}

test_us_pack_reason_us_states_quiet_with_zero_headcount if {
	program := _program({"jurisdictions": {"data_subject_locations": [{"region": "US-NY", "headcount": 0}]}})
	not lib.us_pack_reason(program, "US-NY")
}

test_us_pack_reason_us_states_missing_fields if {
	not lib.us_pack_reason(object.remove(_program({}), ["jurisdictions"]), "US-NY")
	not lib.us_pack_reason(object.remove(_program({}), ["data_subjects"]), "US-NY")
	not lib.us_pack_reason(_program({"jurisdictions": {"data_subject_locations": "US-NY"}}), "US-NY")
}

# US-CA

test_us_pack_reason_us_ca_fires if {
	lib.us_pack_reason(_program({}), "US-CA") == "jurisdictions.ccpa_business is true and the workforce includes people in US-CA (headcount 9800)"
}

test_us_pack_reason_us_ca_contractors_and_applicants_count if {
	lib.us_pack_reason(_program({"data_subjects": [{"category": "applicant"}]}), "US-CA")
	lib.us_pack_reason(_program({"data_subjects": [{"category": "contractor"}]}), "US-CA")
}

test_us_pack_reason_us_ca_quiet_when_not_a_ccpa_business if {
	program := _program({"jurisdictions": {
		"data_subject_locations": [{"region": "US-CA", "headcount": 9800}],
		"ccpa_business": false,
	}})
	not lib.us_pack_reason(program, "US-CA")
}

test_us_pack_reason_us_ca_quiet_without_california_workforce if {
	not lib.us_pack_reason(_program({"jurisdictions": {"data_subject_locations": [{"region": "US-NY"}], "ccpa_business": true}}), "US-CA")
	not lib.us_pack_reason(_program({"data_subjects": [{"category": "customer"}]}), "US-CA")
}

test_us_pack_reason_us_ca_missing_ccpa_business if {
	program := object.union(_program({}), {"jurisdictions": {"data_subject_locations": [{"region": "US-CA"}]}})
	not lib.us_pack_reason(object.remove(program, ["jurisdictions"]), "US-CA")
	no_flag := json.patch(program, [{"op": "remove", "path": "/jurisdictions/ccpa_business"}])
	not lib.us_pack_reason(no_flag, "US-CA")
}

# EU-AIA

test_us_pack_reason_eu_aia_fires if {
	lib.us_pack_reason(_program({}), "EU-AIA") == "ai.ai_act_role is provider"
	lib.us_pack_reason(_program({"ai": {"ai_act_role": "both"}}), "EU-AIA") == "ai.ai_act_role is both"
}

test_us_pack_reason_eu_aia_quiet if {
	not lib.us_pack_reason(_program({"ai": {"ai_act_role": "none"}}), "EU-AIA")
}

test_us_pack_reason_eu_aia_missing_role if {
	no_role := json.patch(_program({}), [{"op": "remove", "path": "/ai/ai_act_role"}])
	not lib.us_pack_reason(no_role, "EU-AIA")
	not lib.us_pack_reason(object.remove(_program({}), ["ai"]), "EU-AIA")
}

# aia_high_risk_reason

test_aia_high_risk_reason_fires if {
	lib.aia_high_risk_reason(_program({"ai": {"high_risk_annex_iii": true}})) == "ai.high_risk_annex_iii is true"
	program := _program({"ai": {"intended_purpose_tags": ["worker_monitoring", "emotion_inference", "recruitment"]}})
	lib.aia_high_risk_reason(program) == "ai.intended_purpose_tags include recruitment, worker_monitoring (AI Act Annex III point 4)"
}

test_aia_high_risk_reason_quiet if {
	not lib.aia_high_risk_reason(_program({}))
	not lib.aia_high_risk_reason(_program({"ai": {"intended_purpose_tags": ["emotion_inference"], "high_risk_annex_iii": false}}))
	exempt := {"intended_purpose_tags": ["task_allocation"], "art6_3_exemption_documented": true}
	not lib.aia_high_risk_reason(_program({"ai": exempt}))
}

test_aia_high_risk_reason_missing_fields if {
	not lib.aia_high_risk_reason(object.remove(_program({}), ["ai"]))
	lib.aia_annex_iii_tags(object.remove(_program({}), ["ai"])) == []
	lib.aia_high_risk_reason(_program({"ai": {"intended_purpose_tags": ["performance_evaluation"]}}))
}
