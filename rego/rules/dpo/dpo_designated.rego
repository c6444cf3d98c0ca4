# METADATA
# title: DPO not designated where required, or not reachable
# description: >-
#   A DPO must be designated where the controller's core activities are large-scale systematic
#   monitoring, where it processes special-category or criminal-offence data at large scale
#   (Art. 35(3)(b) of lib.screening), or where it has a German establishment and the processing
#   requires a DPIA (BDSG §38(1)); a designated DPO's contact must be published and notified to
#   the supervisory authority. The BDSG head-count trigger (20 persons processing data) has no
#   manifest field and is not checked.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://www.gesetze-im-internet.de/bdsg_2018/__38.html
# custom:
#   id: GDPR-DPO-001
#   severity: medium
#   legal: ["GDPR Art. 37(1)(b)", "GDPR Art. 37(1)(c)", "GDPR Art. 37(4)", "GDPR Art. 37(5)", "GDPR Art. 37(7)", "WP243 rev.01", "BDSG §38(1)"]
#   recommended_action: >-
#     Designate a DPO, publish the contact details, notify them to the supervisory authority and
#     name them in the monitoring notice.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [large_scale_min_subjects]
#   unverified: BDSG §38(1) wording (20 persons; any processing subject to a DPIA) seen only in transcriptions of the statute, not on gesetze-im-internet.de
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.dpo.dpo_designated

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "dpo.designated", msg, {"designated": designated, "triggers": triggers}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	triggers := _triggers(program)
	count(triggers) > 0
	designated := object.get(program, ["dpo", "designated"], null)
	designated != true
	msg := sprintf("program %s requires a DPO (%s) but none is designated (dpo.designated is %s)", [
		program.metadata.id, concat("; ", triggers), lib.state(program, ["dpo", "designated"]),
	])
}

deny contains lib.finding(lib.program_resource(program), sprintf("dpo.%s", [check.key]), msg, {check.key: value}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpo.designated == true
	some check in _reachability
	value := object.get(program.dpo, check.key, null)
	value != true
	msg := sprintf("the DPO of program %s %s (dpo.%s is %s)", [program.metadata.id, check.problem, check.key, lib.state(program.dpo, [check.key])])
}

_reachability := [
	{"key": "contact_published", "problem": "has no published contact"},
	{"key": "notified_to_sa", "problem": "was not notified to the supervisory authority"},
]

_triggers(program) := [reason |
	some trigger in ["monitoring", "special", "de"]
	reason := _trigger(program, trigger)
]

_trigger(program, "monitoring") := "core activities are large-scale systematic monitoring: Art. 37(1)(b)" if {
	program.controller.core_activities_monitoring_large_scale == true
}

_trigger(program, "special") := "large-scale special-category or criminal-offence data: Art. 37(1)(c)" if {
	"b" in lib.screening(program).art35_3
}

_trigger(program, "de") := "establishment in DE and processing that requires a DPIA: BDSG §38(1)" if {
	some establishment in program.controller.establishments
	is_string(establishment.country)
	lib.country_of(establishment.country) == "DE"
	lib.screening(program).required == true
}
