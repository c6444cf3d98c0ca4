# METADATA
# title: US state security and breach-notice duties not met
# description: >-
#   Where a US state pack applies, personal information must be kept with reasonable security
#   (Cal. Civ. Code §1798.81.5, N.Y. GBL §899-bb); a breach of non-encrypted personal information
#   gives Californians statutory damages (§1798.150). A breach of covered data (sensitive, health,
#   biometric, financial) must be notified to New York residents within ny_breach_days (30) of
#   discovery (GBL §899-aa) and to California residents in the most expedient time (§1798.82).
# related_resources:
#   - ref: https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?sectionNum=1798.82.&lawCode=CIV
#   - ref: https://www.nysenate.gov/legislation/laws/GBS/899-AA
# custom:
#   id: US-SEC-001
#   severity: high
#   legal: ["Cal. Civ. Code §1798.81.5", "Cal. Civ. Code §1798.150", "Cal. Civ. Code §1798.82", "N.Y. GBL §899-aa", "N.Y. GBL §899-bb"]
#   recommended_action: >-
#     Encrypt the data at rest; triage every exposure, internal ones included, against each
#     state's breach definition, and notify New York residents within the deadline and
#     California residents without unreasonable delay.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [ny_breach_days]
#   dpia: {section: security, risk_scenarios: [illegitimate_access]}
package compliance.rules.us.state_security_and_breach_notice

import data.compliance.lib

_day_ns := 86400000000000

deny contains lib.finding(lib.program_resource(program), "storage.encryption.at_rest", msg, evidence) if {
	some program in input.programs
	states := _states(program)
	count(states) > 0
	at_rest := object.get(program, ["storage", "encryption", "at_rest"], null)
	at_rest != true
	evidence := {"at_rest": at_rest, "states": states}
	msg := sprintf(
		"program %s holds personal information of people in %s but does not encrypt it at rest (storage.encryption.at_rest is %s)%s",
		[program.metadata.id, concat(", ", states), lib.shown(at_rest), _damages_note(states)],
	)
}

# New York: notice later than ny_breach_days after discovery, or none once that has passed.
deny contains lib.finding(lib.program_resource(program), sprintf("breaches.%d.us_notices", [i]), msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-NY")
	some i, breach in program.breaches
	covered := _covered(program, breach)
	count(covered) > 0
	days := lib.param("ny_breach_days")
	aware := _ns(breach.aware_at)
	notified := _first_notice_ns(breach, "US-NY")
	problem := _ny_problem(notified, aware, days)
	evidence := {"breach": breach.id, "state": "US-NY", "aware_at": breach.aware_at, "limit_days": days}
	msg := sprintf("breach %s of program %s involves covered data of New York residents (%s): %s", [breach.id, program.metadata.id, concat(", ", covered), problem])
}

# California: no notice to residents at all.
deny contains lib.finding(lib.program_resource(program), sprintf("breaches.%d.us_notices", [i]), msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	some i, breach in program.breaches
	covered := _covered(program, breach)
	count(covered) > 0
	not _notified(breach, "US-CA")
	evidence := {"breach": breach.id, "state": "US-CA"}
	msg := sprintf("breach %s of program %s involves covered data of California residents (%s) but they were never notified (no us_notices entry for US-CA)", [breach.id, program.metadata.id, concat(", ", covered)])
}

# A breach whose categories or discovery time are missing cannot be triaged.
deny contains lib.finding(lib.program_resource(program), sprintf("breaches.%d.%s", [i, name]), msg, {"breach": object.get(breach, "id", null), name: null}) if {
	some program in input.programs
	count([s | some s in _states(program); s in {"US-NY", "US-CA"}]) > 0
	some i, breach in program.breaches
	some name in ["categories", "aware_at"]
	not _declares(breach, name)
	msg := sprintf("breach %v of program %s records no %s, so it cannot be triaged against the New York and California breach-notice laws", [object.get(breach, "id", i), program.metadata.id, name])
}

# Only California's statute (Cal. Civ. Code §1798.150) gives statutory damages for a breach of
# non-encrypted data: say so only where the program reaches California.
_damages_note(states) := ": a breach of non-encrypted data carries California statutory damages" if "US-CA" in states

else := ""

_states(program) := [name | some name in ["US-NY", "US-CT", "US-DE", "US-CA"]; lib.us_pack_reason(program, name)]

# Covered data: the breach's categories that the program marks CCPA-sensitive or special-category,
# or of a health, biometric or financial type.
_covered(program, breach) := [category.id |
	some category in program.data_categories
	category.id in breach.categories
	_covered_category(category)
]

_covered_category(category) if lib.category_sensitive(category)

_covered_category(category) if category.type in {"health", "biometric", "financial"}

_ny_problem(notified, aware, days) := sprintf("they were notified %v days after discovery, more than the %v allowed", [floor((notified - aware) / _day_ns), days]) if {
	is_number(notified)
	notified > aware + days * _day_ns
}

_ny_problem(null, aware, days) := sprintf("no notice to them (no us_notices entry for US-NY) although the %v days after discovery have passed", [days]) if {
	_ns(input.as_of) > aware + days * _day_ns
}

_first_notice_ns(breach, state) := min(times) if {
	times := [t | some n in breach.us_notices; n.state == state; t := _ns(n.notified_at)]
	count(times) > 0
} else := null

_notified(breach, state) if {
	some notice in breach.us_notices
	notice.state == state
}

_declares(breach, "categories") if is_array(breach.categories)

_declares(breach, "aware_at") if _ns(breach.aware_at)

# _ns is an RFC 3339 date-time (or an ISO date, taken at 00:00 UTC) in nanoseconds; undefined
# when malformed (time.parse_rfc3339_ns raises on regorus).
_ns(value) := time.parse_rfc3339_ns(value) if {
	is_string(value)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`, value)
}

_ns(value) := time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [value])) if {
	is_string(value)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, value)
}
