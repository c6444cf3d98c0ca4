# METADATA
# title: Solely automated decisions with significant effects drawn from monitoring data
# description: >-
#   Where a program's outputs are used for decisions about individuals
#   (automated_decisions.outputs_used_for_individual_decisions) with legal or similarly
#   significant effects (significant_effects, taken as true when not declared), a human must
#   review them (human_review). A program that does not say whether its outputs feed individual
#   decisions is reported too.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-RT-002
#   severity: high
#   legal: ["GDPR Art. 22(1)", "GDPR Art. 22(3)", "GDPR Art. 13(2)(f)", "WP251 rev.01"]
#   recommended_action: >-
#     Keep training telemetry out of HR decision systems; where decisions are made, ensure
#     meaningful human review and a route to contest them.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: rights, risk_scenarios: [function_creep]}
package compliance.rules.rights.no_solely_automated_decisions

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "automated_decisions.human_review", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.automated_decisions.outputs_used_for_individual_decisions == true
	significant := object.get(program, ["automated_decisions", "significant_effects"], null)
	significant != false
	review := object.get(program, ["automated_decisions", "human_review"], null)
	review != true
	msg := sprintf("program %s uses its outputs for decisions about individuals %s without human review (human_review is %s)", [
		program.metadata.id, _effects(significant), lib.shown(review),
	])
	evidence := {"outputs_used_for_individual_decisions": true, "significant_effects": significant, "human_review": review}
}

deny contains lib.finding(lib.program_resource(program), "automated_decisions.outputs_used_for_individual_decisions", msg, {"outputs_used_for_individual_decisions": used}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	used := object.get(program, ["automated_decisions", "outputs_used_for_individual_decisions"], null)
	not is_boolean(used)
	msg := sprintf("program %s does not say whether its outputs are used for decisions about individuals (automated_decisions.outputs_used_for_individual_decisions is %s)", [
		program.metadata.id, lib.shown(used),
	])
}

_effects(true) := "with significant effects (significant_effects is true)"

_effects(significant) := sprintf("that may have significant effects (significant_effects is %s)", [lib.shown(significant)]) if significant != true
