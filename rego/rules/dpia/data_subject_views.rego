# METADATA
# title: Views of the people monitored not sought for the DPIA
# description: >-
#   Where a DPIA was performed or is required (lib.screening), the views of the data subjects or
#   their representatives must be sought; medium, or high where a petition or other organised
#   objection was received and no response to it is documented.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-DPIA-005
#   severity: medium
#   legal: ["GDPR Art. 35(9)", "WP249"]
#   recommended_action: >-
#     Consult works councils, unions or employee groups, or run a structured survey, and record
#     how the objections raised changed the design.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [large_scale_min_subjects]
#   dpia: {section: accountability, consultation: true, risk_scenarios: []}
#   severity_rule: high where a petition was received and no response is documented
package compliance.rules.dpia.data_subject_views

import data.compliance.lib

deny contains lib.finding_severity(lib.program_resource(program), gap.field, msg, evidence, _severity(views)) if {
	some program in input.programs
	lib.gdpr_applies(program)
	_dpia_due(program)
	views := _views(program)
	gap := _gap(program, views)
	msg := sprintf("program %s %s%s", [program.metadata.id, gap.problem, _petition_text(views)])
	evidence := {
		"sought": object.get(views, "sought", null),
		"petition_received": object.get(views, ["petition", "received"], null),
		"response_documented": object.get(views, "response_documented", null),
	}
}

_gap(program, views) := {"field": "consultation.data_subject_views.sought", "problem": problem} if {
	not views.sought == true
	problem := sprintf("did not seek the views of the people monitored or their representatives on its DPIA (consultation.data_subject_views.sought is %s)", [
		lib.state(program, ["consultation", "data_subject_views", "sought"]),
	])
} else := {"field": "consultation.data_subject_views.response_documented", "problem": "sought the views of the people monitored"} if {
	_unanswered_petition(views)
}

_severity(views) := "high" if _unanswered_petition(views)

else := "medium"

_unanswered_petition(views) if {
	views.petition.received == true
	not views.response_documented == true
}

_petition_text(views) := sprintf("; a petition%s was received and no response to it is documented (response_documented is %s)", [
	_signatories(views.petition),
	lib.state(views, ["response_documented"]),
]) if _unanswered_petition(views)

else := ""

_signatories(petition) := sprintf(" with %v signatories", [petition.signatories]) if is_number(petition.signatories)

else := ""

_views(program) := views if {
	views := program.consultation.data_subject_views
	is_object(views)
} else := {}

_dpia_due(program) if program.dpia.performed == true

_dpia_due(program) if lib.screening(program).required == true
