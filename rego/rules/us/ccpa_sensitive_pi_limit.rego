# METADATA
# title: Sensitive personal information used beyond §7027(m) without the right to limit
# description: >-
#   Sensitive personal information (log-ins, financial accounts, message contents, health and
#   more) collected or processed to infer characteristics of the person, and used beyond the
#   permitted purposes of 11 CCR §7027(m), gives the worker the right to limit its use: the
#   business must offer a "Limit the Use of My Sensitive Personal Information" link and disclose
#   the sensitive categories in its notice at collection. Sensitive information processed without
#   the purpose of inferring characteristics is not subject to the right (§1798.121(d)).
#   Applies to the workforce since 1 Jan 2023, when the CCPA's HR exemption lapsed.
# related_resources:
#   - ref: https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?sectionNum=1798.121.&lawCode=CIV
#   - ref: https://cppa.ca.gov/regulations/
# custom:
#   id: US-CA-002
#   severity: high
#   legal: ["Cal. Civ. Code §1798.121", "Cal. Civ. Code §1798.140(ae)", "11 CCR §7027"]
#   recommended_action: >-
#     Exclude sensitive personal information at capture; where that is not possible, offer and
#     honour "Limit the Use of My Sensitive Personal Information" and list the sensitive
#     categories in the notice at collection.
#   inputs: [Program]
#   status: in_force
#   applies_from: "2023-01-01"
#   params: []
#   unverified: that training models on workers' sensitive personal information falls outside the §7027(m) permitted purposes
#   dpia: {section: rights, risk_scenarios: [loss_of_control]}
package compliance.rules.us.ccpa_sensitive_pi_limit

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), gaps[0].field, msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	ccpa := object.get(program, ["us_notices", "ccpa"], {})
	spi := _spi(ccpa)
	count(spi) > 0
	ccpa.spi_inference == true
	ccpa.spi_uses_beyond_7027m == true
	evidence := {
		"spi_categories": spi,
		"limit_link": object.get(ccpa, "limit_link", null),
		"notice_at_collection": object.get(ccpa, "notice_at_collection", null),
	}
	gaps := array.concat(
		[_gap("limit_link", `offers no "Limit the Use of My Sensitive Personal Information" link`, evidence.limit_link) |
			evidence.limit_link != true
		],
		[_gap("notice_at_collection", "does not disclose it in a notice at collection", evidence.notice_at_collection) |
			evidence.notice_at_collection != true
		],
	)
	count(gaps) > 0
	msg := sprintf(
		"program %s uses sensitive personal information (%s) to infer characteristics of workers and beyond the purposes of 11 CCR §7027(m), but %s",
		[program.metadata.id, concat(", ", spi), concat(" and ", [gap.problem | some gap in gaps])],
	)
}

# Sensitive personal information declared, but not whether it serves inference or goes beyond
# §7027(m): whether the right to limit applies cannot be told.
deny contains lib.finding(lib.program_resource(program), sprintf("us_notices.ccpa.%s", [undeclared[0]]), msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	ccpa := object.get(program, ["us_notices", "ccpa"], {})
	spi := _spi(ccpa)
	count(spi) > 0
	evidence := {name: object.get(ccpa, name, null) | some name in ["spi_inference", "spi_uses_beyond_7027m"]}
	undeclared := [name | some name in ["spi_inference", "spi_uses_beyond_7027m"]; not is_boolean(evidence[name])]
	count(undeclared) > 0
	msg := sprintf(
		"program %s collects sensitive personal information (%s) but does not declare %s, so whether workers have the right to limit its use cannot be told",
		[program.metadata.id, concat(", ", spi), concat(" or ", [_question(name) | some name in undeclared])],
	)
}

# No spi_categories declared although the program's own data categories are CCPA-sensitive.
deny contains lib.finding(lib.program_resource(program), "us_notices.ccpa.spi_categories", msg, evidence) if {
	some program in input.programs
	lib.us_pack_reason(program, "US-CA")
	declared := object.get(program, ["us_notices", "ccpa", "spi_categories"], null)
	not is_array(declared)
	sensitive := [c.id | some c in program.data_categories; c.ccpa_sensitive == true; is_string(c.id)]
	count(sensitive) > 0
	evidence := {"spi_categories": declared, "ccpa_sensitive_categories": sensitive}
	msg := sprintf(
		"program %s declares no sensitive personal information (us_notices.ccpa.spi_categories is missing) although its data categories %s are CCPA-sensitive",
		[program.metadata.id, concat(", ", sensitive)],
	)
}

_spi(ccpa) := [c | some c in ccpa.spi_categories; is_string(c)] if is_array(ccpa.spi_categories)

else := []

_question("spi_inference") := "whether it is used to infer characteristics (spi_inference)"

_question("spi_uses_beyond_7027m") := "whether its uses go beyond §7027(m) (spi_uses_beyond_7027m)"

_gap(name, problem, value) := {
	"field": sprintf("us_notices.ccpa.%s", [name]),
	"problem": sprintf("%s (%s is %s)", [problem, name, lib.shown(value)]),
}
