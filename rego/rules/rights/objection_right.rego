# METADATA
# title: No working right to object to processing based on legitimate interests
# description: >-
#   Where a purpose relies on legitimate interests (or public task), the people concerned must be
#   able to object: an objection mechanism (rights.objection.mechanism), answered within 30 days
#   (rights.objection.response_days, Art. 12(3)'s one month), with a log of the compelling
#   grounds whenever an objection is refused (rights.objection.compelling_grounds_log), and a
#   notice of the right given separately from other information
#   (transparency.objection_notice_separate). No opt-out at launch
#   (rights.opt_out.available_at_launch) is reported at medium severity.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-RT-001
#   severity: high
#   legal: ["GDPR Art. 21(1)", "GDPR Art. 21(4)", "GDPR Art. 12(3)", "WP249", "EDPB Opinion 28/2024"]
#   recommended_action: >-
#     Offer self-service objection and opt-out; stop capture while an objection is decided; log
#     case by case the compelling grounds for any refusal; present the right to object clearly
#     and separately, at the latest at the first communication.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: rights, risk_scenarios: [loss_of_control]}
#   severity_rule: medium for the missing opt-out at launch
package compliance.rules.rights.objection_right

import data.compliance.lib

_objectable := {"legitimate_interests", "public_task"}

deny contains lib.finding(lib.program_resource(program), problems[0][0], msg, evidence) if {
	some program in _objectable_programs
	objection := object.get(program, ["rights", "objection"], {})
	problems := _objection_problems(_object(objection))
	count(problems) > 0
	msg := sprintf("program %s relies on %s but the right to object does not work: %s", [
		program.metadata.id, concat(", ", _bases(program)), concat("; ", [p[1] | some p in problems]),
	])
	evidence := {p[0]: p[2] | some p in problems}
}

deny contains lib.finding(lib.program_resource(program), "transparency.objection_notice_separate", msg, {"objection_notice_separate": separate}) if {
	some program in _objectable_programs
	separate := object.get(program, ["transparency", "objection_notice_separate"], null)
	separate != true
	msg := sprintf("program %s does not bring the right to object to attention separately from other information (transparency.objection_notice_separate is %s)", [
		program.metadata.id, lib.shown(separate),
	])
}

deny contains lib.finding_severity(lib.program_resource(program), "rights.opt_out.available_at_launch", msg, {"available_at_launch": available}, "medium") if {
	some program in _objectable_programs
	available := object.get(program, ["rights", "opt_out", "available_at_launch"], null)
	available != true
	msg := sprintf("program %s offered no opt-out at launch (rights.opt_out.available_at_launch is %s)", [program.metadata.id, lib.shown(available)])
}

_objectable_programs contains program if {
	some program in input.programs
	lib.gdpr_applies(program)
	count(_bases(program)) > 0
}

_bases(program) := sort({p.lawful_basis | some p in program.purposes; p.lawful_basis in _objectable})

# _objection_problems lists [field, problem, value] for each failed condition, in a fixed order.
_objection_problems(objection) := [[field, problem, value] |
	some [field, key, test] in [
		["rights.objection.mechanism", "mechanism", "text"],
		["rights.objection.response_days", "response_days", "days"],
		["rights.objection.compelling_grounds_log", "compelling_grounds_log", "true"],
	]
	value := object.get(objection, key, null)
	not _passes(test, value)
	problem := sprintf("%s is %s", [field, lib.shown(value)])
]

_passes("text", value) if {
	is_string(value)
	trim_space(value) != ""
}

_passes("days", value) if {
	is_number(value)
	value <= 30
}

_passes("true", value) if value == true

_object(value) := value if is_object(value)

else := {}
