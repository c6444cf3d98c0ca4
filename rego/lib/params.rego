# Organisation parameters with their defaults (docs/method.md#parameters says which are legal numbers).
# They come from the Config document (data.compliance.params), never from the manifest judged.
package compliance.lib

param_defaults := {
	"large_scale_min_subjects": 1000,
	"access_review_max_days": 90,
	"max_reader_group_size": 50,
	"raw_capture_max_retention_days": 30,
	"breach_sa_hours": 72,
	"ny_breach_days": 30,
	"min_pause_minutes": 60,
	"fr_min_interval": 600,
	"withdrawal_stop_hours": 24,
	"dpia_review_max_months": 12,
	"ai_act_annex3_applies_from": "2027-12-02",
	"broad_groups": [],
}

default _configured := {}

_configured := data.compliance.params

# param is the organisation's value for name, else its default.
param(name) := object.get(_configured, name, param_defaults[name])
