# DPIA screening (docs/method.md#dpia-screening): the Art. 35(3) triggers, the nine WP248 rev.01 criteria
# and the national must-lists, computed from a Program document. GDPR-DPIA-001 and the report
# both read screening(program).
package compliance.lib

# screening(program) is
#   {"art35_3": ["b"],                                   Art. 35(3) letters hit, sorted
#    "criteria": [{"id": "C3", "name": "Systematic monitoring",
#                  "reason": "technologies include keystroke_events, screenshot"}, ...],
#                                                        WP248 criteria met, sorted by id
#    "national_list_hits": [{"country": "DE", "entry": ..., "source": ...,
#                            "technologies": [...]}, ...], sorted by country
#    "required": true,
#    "reason": "DPIA required: ..."}
# required = an Art. 35(3) hit, or two or more WP248 criteria, or a national-list hit.
screening(program) := {
	"art35_3": letters,
	"criteria": criteria,
	"national_list_hits": hits,
	"required": _screening_dpia_required(letters, criteria, hits),
	"reason": _screening_reason(letters, criteria, hits),
} if {
	letters := [letter | some letter in ["a", "b", "c"]; _screening_art35_3(program, letter)]
	criteria := [{"id": id, "name": wp248_criteria[id], "reason": reason} |
		some id in sort(object.keys(wp248_criteria))
		reason := _screening_criterion_reason(program, id)
	]
	hits := national_list_hits(program)
}

# WP248 rev.01 criteria. C9 is arguable for workplace tooling: reported, and
# counted, but named as contested.
wp248_criteria := {
	"C1": "Evaluation or scoring",
	"C2": "Automated decision-making with legal or similar significant effect",
	"C3": "Systematic monitoring",
	"C4": "Sensitive or highly personal data",
	"C5": "Large-scale processing",
	"C6": "Matching or combining datasets",
	"C7": "Vulnerable data subjects",
	"C8": "Innovative use or new technology",
	"C9": "Prevents exercising a right or using a service (contested)",
}

# National DPIA must-lists (Art. 35(4)), those of DE and FR: an entry is hit when the controller
# has an establishment in the country and the program uses one of the entry's technologies.
national_dpia_lists := {
	"DE": {
		"entry": "monitoring of employees' behaviour or performance",
		"source": "DSK Muss-Liste (2018)",
		"technologies": {
			"keystroke_events", "keystroke_content", "mouse_movement", "clicks", "screenshot",
			"screen_recording", "ocr_text", "app_usage", "url_logging", "webcam", "microphone",
			"gps", "ai_prompt_logging",
		},
	},
	"FR": {
		"entry": "constant monitoring of employees' activity",
		"source": "CNIL Délib. 2018-327",
		"technologies": {
			"keystroke_events", "keystroke_content", "mouse_movement", "screenshot",
			"screen_recording", "app_usage", "url_logging", "webcam", "microphone", "gps",
		},
	},
}

national_list_hits(program) := [hit |
	some country in sort(object.keys(national_dpia_lists))
	country in _screening_establishment_countries(program)
	listed := national_dpia_lists[country]
	matched := listed.technologies & _screening_technologies(program)
	count(matched) > 0
	hit := {
		"country": country,
		"entry": listed.entry,
		"source": listed.source,
		"technologies": sort(matched),
	}
]

_screening_establishment_countries(program) := {country_of(e.country) |
	some e in program.controller.establishments
	is_string(e.country)
}

_screening_technologies(program) := {t | some t in program.program.technologies; is_string(t)}

_screening_dpia_required(letters, criteria, hits) := true if {
	count(letters) > 0
} else := true if {
	count(criteria) >= 2
} else := true if {
	count(hits) > 0
} else := false

_screening_reason(letters, criteria, hits) := sprintf("%s: %s", [verdict, concat("; ", parts)]) if {
	required := _screening_dpia_required(letters, criteria, hits)
	verdict := _screening_verdict(required)
	parts := array.concat(
		array.concat(_screening_art35_3_part(letters), [_screening_criteria_part(criteria, required)]),
		_screening_national_part(hits),
	)
}

_screening_verdict(true) := "DPIA required"

_screening_verdict(false) := "no DPIA required"

_screening_art35_3_part(letters) := [concat(", ", [sprintf("Art. 35(3)(%s)", [l]) | some l in letters])] if {
	count(letters) > 0
} else := []

_screening_criteria_part(criteria, required) := sprintf("WP248 criteria %s met (two or more)", [_screening_ids(criteria)]) if {
	count(criteria) >= 2
} else := sprintf("WP248 criterion %s met", [_screening_ids(criteria)]) if {
	count(criteria) == 1
	required == true
} else := sprintf("WP248 criterion %s met (only one: record why no DPIA is needed)", [_screening_ids(criteria)]) if {
	count(criteria) == 1
} else := "no WP248 criterion met"

_screening_national_part(hits) := [sprintf("national DPIA list of %s", [concat(", ", [h.country | some h in hits])])] if {
	count(hits) > 0
} else := []

_screening_ids(criteria) := concat(", ", [c.id | some c in criteria])

# --- Art. 35(3) -------------------------------------------------------------------------------

# (a) systematic and extensive automated evaluation with legal or similarly significant effects.
_screening_art35_3(program, "a") if {
	program.automated_decisions.profiling == true
	program.automated_decisions.significant_effects == true
}

# (b) large-scale processing of Art. 9 or Art. 10 data.
_screening_art35_3(program, "b") if {
	count(array.concat(_screening_special_reasons(program), _screening_criminal_reasons(program))) > 0
	count(_screening_large_scale_reasons(program)) > 0
}

# (c) large-scale monitoring of publicly accessible areas: no manifest field says that a program
# films public areas (technologies has no CCTV value, only the worker-facing webcam), so it is
# never hit from a Program document.

# --- WP248 criteria ---------------------------------------------------------------------------

_screening_criterion_reason(program, id) := concat("; ", reasons) if {
	reasons := _screening_criterion_reasons(program, id)
	count(reasons) > 0
}

_screening_criterion_reasons(program, "C1") := array.concat(
	array.concat(
		_screening_listed("purposes include", [sprintf("%s (%s)", [_screening_label(p), p.category]) |
			some p in program.purposes
			p.category in {"performance_evaluation", "productivity"}
		]),
		_screening_listed("ai.intended_purpose_tags include", [t |
			some t in program.ai.intended_purpose_tags
			t in {"performance_evaluation", "worker_monitoring"}
		]),
	),
	array.concat(
		_screening_listed("derived performance data:", [_screening_label(c) |
			some c in program.data_categories
			c.source == "derived"
			c.type == "performance"
		]),
		["automated_decisions.profiling is true" | program.automated_decisions.profiling == true],
	),
)

_screening_criterion_reasons(program, "C2") := [
	"automated_decisions.significant_effects is true without human_review" |
	_screening_significant_without_review(program)
]

_screening_criterion_reasons(program, "C3") := _screening_listed("technologies include", [t |
	some t in _screening_technologies(program)
	_screening_monitoring_technology(t)
])

_screening_criterion_reasons(program, "C4") := array.concat(
	array.concat(_screening_special_reasons(program), _screening_criminal_reasons(program)),
	_screening_listed("highly personal data:", [sprintf("%s (%s)", [_screening_label(c), c.type]) |
		some c in program.data_categories
		c.type in _screening_highly_personal_types
	]),
)

_screening_criterion_reasons(program, "C5") := _screening_large_scale_reasons(program)

_screening_criterion_reasons(program, "C6") := array.concat(
	_screening_listed("data categories come from sources", [source |
		sources := _screening_sources(program)
		count(sources) > 1
		some source in sources
	]),
	_screening_telemetry_with_people_data(program),
)

_screening_criterion_reasons(program, "C7") := array.concat(
	_screening_listed("data subjects include", [category |
		some category in {s.category | some s in program.data_subjects}
		category in worker_categories
	]),
	_screening_listed("data subjects marked vulnerable:", [_screening_subject_label(s) |
		some s in program.data_subjects
		s.vulnerable == true
	]),
)

_screening_criterion_reasons(program, "C8") := array.concat(
	["program.novel_technology is true" | program.program.novel_technology == true],
	["ai.training_use is true" | program.ai.training_use == true],
)

_screening_criterion_reasons(program, "C9") := [
	"participation is mandatory and no opt-out is available at launch" |
	_screening_mandatory_without_opt_out(program)
]

# C3: continuous or scheduled capture of activity (every listed technology captures continuously
# or on a schedule once deployed).
_screening_monitoring_technology(t) if startswith(t, "keystroke_")

_screening_monitoring_technology(t) if {
	t in {"mouse_movement", "screenshot", "screen_recording", "app_usage", "url_logging", "webcam"}
}

_screening_significant_without_review(program) if {
	program.automated_decisions.significant_effects == true
	not program.automated_decisions.human_review == true
}

_screening_mandatory_without_opt_out(program) if {
	program.program.mandatory_participation == true
	not program.rights.opt_out.available_at_launch == true
}

_screening_highly_personal_types := {"communications_content", "financial", "location", "health", "biometric"}

_screening_special_reasons(program) := array.concat(
	_screening_listed("special-category data:", [_screening_label(c) |
		some c in program.data_categories
		c.special_category == true
	]),
	_screening_listed("incidental special-category data likely:", [_screening_label(c) |
		some c in program.data_categories
		c.incidental_special_category_likely == true
	]),
)

_screening_criminal_reasons(program) := _screening_listed("criminal-offence data:", [_screening_label(c) |
	some c in program.data_categories
	c.criminal_data == true
])

# C5: number of subjects, or subjects in more than one country. Duration and volume have no
# manifest field.
_screening_large_scale_reasons(program) := array.concat(
	[sprintf("%v data subjects (threshold %v)", [total, minimum]) |
		total := sum([n | some s in program.data_subjects; n := s.count; is_number(n)])
		minimum := param("large_scale_min_subjects")
		total >= minimum
	],
	[sprintf("data subjects in %d countries (%s)", [count(countries), concat(", ", sort(countries))]) |
		countries := {country_of(l.region) | some l in program.jurisdictions.data_subject_locations; is_string(l.region)}
		count(countries) > 1
	],
)

_screening_sources(program) := {c.source |
	some c in program.data_categories
	is_string(c.source)
}

_screening_telemetry_types := {
	"keystrokes", "mouse_movements", "clicks", "screen_content", "screenshots",
	"application_usage", "browsing_history",
}

_screening_people_data_types := {"hr_records", "performance"}

_screening_telemetry_with_people_data(program) := [sprintf("telemetry %s combined with HR/performance data %s", [
	concat(", ", sort(telemetry)),
	concat(", ", sort(people)),
])] if {
	telemetry := {_screening_label(c) | some c in program.data_categories; _screening_telemetry(c)}
	people := {_screening_label(c) | some c in program.data_categories; c.type in _screening_people_data_types}
	count(telemetry) > 0
	count(people) > 0
} else := []

_screening_telemetry(category) if category.type in _screening_telemetry_types

# Device telemetry that is not itself HR/performance data (object.get: real OPA evaluates
# `not x.missing in s` as undefined).
_screening_telemetry(category) if {
	category.source == "device_telemetry"
	not object.get(category, "type", null) in _screening_people_data_types
}

# _screening_listed is ["<prefix> a, b"] (items sorted) when items is non-empty, else [].
_screening_listed(prefix, items) := [sprintf("%s %s", [prefix, concat(", ", sort(items))])] if {
	count(items) > 0
} else := []

_screening_label(node) := node.id if is_string(node.id)

else := "(no id)"

_screening_subject_label(subject) := subject.category if is_string(subject.category)

else := "(no category)"
