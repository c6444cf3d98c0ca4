# METADATA
# title: DPIA lacks the Art. 35(7) minimum content
# description: >-
#   A DPIA that was performed must contain the four Art. 35(7) sections (systematic description,
#   necessity and proportionality, risk assessment, measures) and a risk register whose risks
#   each carry a severity and a likelihood.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPIA-003
#   severity: high
#   legal: ["GDPR Art. 35(7)", "WP248 rev.01 Annex 2"]
#   recommended_action: >-
#     Complete the missing sections from the report's DPIA skeleton and score every risk for
#     severity and likelihood (1-4) before and after controls.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.dpia.dpia_content

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), field, msg, {"missing_sections": missing}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpia.performed == true
	missing := [name | some name in _sections; not program.dpia.sections[name] == true]
	count(missing) > 0
	field := _sections_field(program, missing[0])
	msg := sprintf("the DPIA of program %s lacks Art. 35(7) content: %s", [
		program.metadata.id,
		concat(", ", [sprintf("%s (35(7)(%s))", [name, _letters[name]]) | some name in missing]),
	])
}

deny contains lib.finding(lib.program_resource(program), "dpia.risks", msg, {"risks": risks}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpia.performed == true
	risks := object.get(program, ["dpia", "risks"], null)
	not _has_risks(program)
	msg := sprintf("the DPIA of program %s records no risks (dpia.risks is %s)", [program.metadata.id, lib.state(program, ["dpia", "risks"])])
}

deny contains lib.finding(lib.program_resource(program), sprintf("dpia.risks.%d.%s", [i, missing[0]]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	program.dpia.performed == true
	some i, risk in program.dpia.risks
	missing := [key | some key in ["severity", "likelihood"]; not is_number(object.get(risk, key, null))]
	count(missing) > 0
	evidence := {"severity": object.get(risk, "severity", null), "likelihood": object.get(risk, "likelihood", null)}
	msg := sprintf("risk %s of the DPIA of program %s is not scored: no %s", [lib.label(i, risk, "id"), program.metadata.id, concat(" and no ", missing)])
}

_sections := ["description", "necessity_proportionality", "risk_assessment", "measures"]

_letters := {"description": "a", "necessity_proportionality": "b", "risk_assessment": "c", "measures": "d"}

_sections_field(program, name) := sprintf("dpia.sections.%s", [name]) if is_object(program.dpia.sections)

else := "dpia.sections"

_has_risks(program) if {
	is_array(program.dpia.risks)
	count(program.dpia.risks) > 0
}
