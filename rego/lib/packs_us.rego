# Applicability of the US state packs and the EU AI Act pack (docs/method.md#applicability).
# us_pack_reason(program, name) says why the pack "US-NY", "US-CT", "US-DE", "US-CA" or "EU-AIA"
# reaches a program, and is undefined when it does not. lib/packs.rego serves it as
# pack_reason(program, name) with one clause `pack_reason(program, name) := us_pack_reason(program,
# name)`: regorus 0.13 cannot define one function in two files (clauses of pack_reason in this
# file made every pack_reason call fail with "binding plan not found" or "functions must not
# produce multiple outputs"), while calling a function of another file works.
#
# Functions only, and no reference to a rule of this package: regorus evaluates the whole
# data.compliance.lib tree when a lib rule is read through the import alias (docs/ARCHITECTURE.md).
package compliance.lib

# US-NY (Civil Rights Law §52-c), US-CT (Gen. Stat. §31-48d), US-DE (19 Del. C. §705): employees
# monitored in the state. establishments[].country holds ISO 3166-1 codes only, so "a place of
# business in the state" is read from the employees located there.
us_pack_reason(program, "US-NY") := _us_employees_reason(program, "US-NY")

us_pack_reason(program, "US-CT") := _us_employees_reason(program, "US-CT")

us_pack_reason(program, "US-DE") := _us_employees_reason(program, "US-DE")

# US-CA (CCPA/CPRA, CPPA regulations): a CCPA business whose workforce (employees, contractors or
# applicants) includes people in California.
us_pack_reason(program, "US-CA") := sprintf("jurisdictions.ccpa_business is true and the workforce includes people in US-CA (%s)", [
	_us_headcount_text(program, "US-CA"),
]) if {
	program.jurisdictions.ccpa_business == true
	_us_has_subjects(program, {"employee", "contractor", "applicant"})
	_us_located_in(program, "US-CA")
}

# EU-AIA (AI Act Art. 2): the organisation has an AI Act role for the system.
us_pack_reason(program, "EU-AIA") := sprintf("ai.ai_act_role is %s", [role]) if {
	role := program.ai.ai_act_role
	is_string(role)
	role != "none"
}

# aia_high_risk_reason says why the program's AI system is high-risk under AI Act Annex III
# point 4 (employment), and is undefined when it is not: declared (ai.high_risk_annex_iii), or an
# intended purpose listed there without a documented Art. 6(3) exemption.
aia_high_risk_reason(program) := "ai.high_risk_annex_iii is true" if {
	program.ai.high_risk_annex_iii == true
} else := sprintf("ai.intended_purpose_tags include %s (AI Act Annex III point 4)", [concat(", ", tags)]) if {
	tags := aia_annex_iii_tags(program)
	count(tags) > 0
	not program.ai.art6_3_exemption_documented == true
}

# aia_annex_iii_tags is the program's intended purposes that AI Act Annex III point 4 lists, sorted.
aia_annex_iii_tags(program) := sort([tag |
	some tag in program.ai.intended_purpose_tags
	tag in {"worker_monitoring", "performance_evaluation", "task_allocation", "recruitment"}
])

_us_employees_reason(program, region) := sprintf("employees are monitored in %s (%s)", [
	region,
	_us_headcount_text(program, region),
]) if {
	_us_has_subjects(program, {"employee"})
	_us_located_in(program, region)
}

_us_has_subjects(program, categories) if {
	is_array(program.data_subjects)
	some subject in program.data_subjects
	subject.category in categories
}

# A location entry with headcount 0 says nobody is there.
_us_located_in(program, region) if {
	some location in _us_locations(program)
	location.region == region
	not location.headcount == 0
}

_us_headcount_text(program, region) := sprintf("headcount %v", [sum(counts)]) if {
	counts := [n |
		some location in _us_locations(program)
		location.region == region
		n := location.headcount
		is_number(n)
	]
	count(counts) > 0
} else := "headcount not stated"

# (regorus raises on `some .. in` a string; OPA makes it undefined.)
_us_locations(program) := program.jurisdictions.data_subject_locations if {
	is_array(program.jurisdictions.data_subject_locations)
} else := []
