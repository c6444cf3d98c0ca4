# METADATA
# title: Processing on a national DPIA must-list without a DPIA
# description: >-
#   Where the controller has an establishment in a country whose supervisory authority lists the
#   program's technologies as always requiring a DPIA (lib.national_dpia_lists, docs/method.md#dpia-screening), a
#   DPIA must have been performed.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPIA-002
#   severity: high
#   legal: ["GDPR Art. 35(4)", "CNIL Délib. 2018-327", "DSK Muss-Liste (2018)"]
#   recommended_action: >-
#     Carry out the DPIA; keep a versioned lookup of the national list entries, and switch to the
#     EU-wide list if the Digital Omnibus is adopted.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.dpia.national_list_dpia

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "dpia.performed", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	hits := lib.national_list_hits(program)
	count(hits) > 0
	performed := object.get(program, ["dpia", "performed"], null)
	performed != true
	evidence := {"national_list_hits": [hit.country | some hit in hits], "performed": performed}
	msg := sprintf("program %s is on the national DPIA list of %s but no DPIA was performed (dpia.performed is %s)", [
		program.metadata.id,
		concat("; ", [sprintf("%s (%s: %s; technologies %s)", [hit.country, hit.source, hit.entry, concat(", ", hit.technologies)]) | some hit in hits]),
		lib.state(program, ["dpia", "performed"]),
	])
}
