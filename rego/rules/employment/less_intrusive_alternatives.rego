# METADATA
# title: Less-intrusive alternatives not evaluated before monitoring workers
# description: >-
#   Necessity cannot be shown without comparing less-intrusive options: a program that monitors
#   workers must list the alternatives it considered, and each must have been evaluated.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://ec.europa.eu/newsroom/article29/item-detail.cfm?item_id=610169
#   - ref: https://www.edpb.europa.eu/our-work-tools/our-documents_en
# custom:
#   id: GDPR-EMP-002
#   severity: high
#   legal: ["GDPR Art. 5(1)(c)", "GDPR Art. 6(1)(f)", "WP249", "EDPB Guidelines 1/2024"]
#   recommended_action: >-
#     Document alternatives (volunteer cohorts, synthetic data, contractor-run labelled sessions,
#     vendor datasets, narrower capture) and why each falls short.
#   inputs: [Program]
#   status: guidance
#   applies_from: null
#   params: []
#   dpia: {section: minimisation, risk_scenarios: []}
package compliance.rules.employment.less_intrusive_alternatives

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "program.less_intrusive_alternatives", msg, evidence) if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	alternatives := object.get(program, ["program", "less_intrusive_alternatives"], null)
	not _non_empty_array(alternatives)
	msg := sprintf("program %s monitors workers but records no less-intrusive alternatives (program.less_intrusive_alternatives is %s)", [
		program.metadata.id, lib.shown(alternatives),
	])
	evidence := {"less_intrusive_alternatives": alternatives}
}

deny contains lib.finding(lib.program_resource(program), sprintf("program.less_intrusive_alternatives.%d.evaluated", [i]), msg, evidence) if {
	some program in input.programs
	lib.pack_applies(program, "GDPR-EMP")
	some i, alternative in program.program.less_intrusive_alternatives
	not alternative.evaluated == true
	msg := sprintf("program %s lists the less-intrusive alternative %s but has not evaluated it", [
		program.metadata.id, _option(i, alternative),
	])
	evidence := {"option": object.get(alternative, "option", null), "evaluated": object.get(alternative, "evaluated", null)}
}

_non_empty_array(value) if {
	is_array(value)
	count(value) > 0
}

_option(i, alternative) := json.marshal(alternative.option) if is_string(alternative.option)

else := sprintf("#%d", [i])
