# Applicability layer (docs/method.md#applicability): which law packs reach a program, and why.
#
# Functions only, on purpose: regorus 0.13 evaluates a lib *rule* read as `lib.<name>` through the
# whole data.compliance.lib tree in load order (docs/ARCHITECTURE.md), so a rule here reading a
# rule of another lib file is unreliable. pack_reason has one definition per pack; each is
# single-valued (else chains), so two reasons for one pack can never conflict.
#
# pack_reason is defined in THIS file only. Measured on regorus 0.13: a function whose definitions
# are spread over two files fails when called ("invalid schedule: expected 1 statement indices,
# found 2", "binding plan not found for parameter program", or "functions must not produce
# multiple outputs"), while real OPA accepts it. So the US and AI Act packs ("US-NY", "US-CT",
# "US-DE", "US-CA", "EU-AIA") are defined in packs_us.rego as us_pack_reason(program, name), and
# pack_reason forwards to it.
package compliance.lib

# pack_names is every pack, in report order.
pack_names := ["GDPR", "GDPR-EMP", "DE", "FR", "IT", "US-NY", "US-CT", "US-DE", "US-CA", "EU-AIA"]

# pack_applies: the named pack reaches the program.
pack_applies(program, name) if pack_reason(program, name)

# packs_applied lists the packs that reach the program with the reason for each (for the report).
packs_applied(program) := [{"pack": name, "reason": pack_reason(program, name)} |
	some name in pack_names
	pack_reason(program, name)
]

# US-NY, US-CT, US-DE, US-CA, EU-AIA: see packs_us.rego.
pack_reason(program, name) := us_pack_reason(program, name)

# GDPR: an establishment in the EEA (Art. 3(1)), else monitored subjects in the EEA (Art. 3(2)(b)).
pack_reason(program, "GDPR") := _packs_gdpr_reason(program)

# GDPR-EMP: GDPR applies and the data subjects include workers.
pack_reason(program, "GDPR-EMP") := sprintf("%s; data subjects include workers (%s): GDPR Art. 88, WP249", [
	_packs_gdpr_reason(program),
	concat(", ", workers),
]) if {
	workers := sort({s.category | some s in program.data_subjects; s.category in worker_categories})
	count(workers) > 0
}

# DE: an establishment in Germany with at least 5 employees (BetrVG §1). An establishment that
# declares no headcount is taken to qualify: an undeclared number must not switch the pack off.
pack_reason(program, "DE") := sprintf("establishment in DE with %s: BetrVG §1, §87; BDSG §26", [concat(", ", sizes)]) if {
	sizes := [_packs_de_size(e) | some e in program.controller.establishments; _packs_de_qualifies(e)]
	count(sizes) > 0
}

# FR: an establishment in France, else data subjects located in France.
pack_reason(program, "FR") := "establishment in FR: Code du travail L1222-4, L2312-38, L1121-1" if {
	_packs_established_in(program, "FR")
} else := "data subjects located in FR: Code du travail L1222-4, L2312-38, L1121-1" if {
	_packs_subjects_in(program, "FR")
}

# IT: workers in Italy (no size threshold): data subjects located in IT, else an establishment there.
pack_reason(program, "IT") := "data subjects located in IT: L. 300/1970 Art. 4" if {
	_packs_subjects_in(program, "IT")
} else := "establishment in IT: L. 300/1970 Art. 4" if {
	_packs_established_in(program, "IT")
}

_packs_gdpr_reason(program) := sprintf("controller established in the EEA (%s): GDPR Art. 3(1)", [concat(", ", countries)]) if {
	countries := sort({country_of(e.country) |
		some e in program.controller.establishments
		is_string(e.country)
		in_eea(e.country)
	})
	count(countries) > 0
} else := sprintf("monitored data subjects located in the EEA (%s): GDPR Art. 3(2)(b)", [concat(", ", regions)]) if {
	regions := sort({l.region |
		some l in program.jurisdictions.data_subject_locations
		is_string(l.region)
		in_eea(l.region)
	})
	count(regions) > 0
}

_packs_de_qualifies(establishment) if {
	establishment.country == "DE"
	not is_number(object.get(establishment, "employees", null))
}

_packs_de_qualifies(establishment) if {
	establishment.country == "DE"
	establishment.employees >= 5
}

_packs_de_size(establishment) := sprintf("%v employees", [establishment.employees]) if {
	is_number(establishment.employees)
} else := "undeclared headcount"

_packs_established_in(program, country) if {
	some e in program.controller.establishments
	is_string(e.country)
	country_of(e.country) == country
}

_packs_subjects_in(program, country) if {
	some l in program.jurisdictions.data_subject_locations
	is_string(l.region)
	country_of(l.region) == country
}
