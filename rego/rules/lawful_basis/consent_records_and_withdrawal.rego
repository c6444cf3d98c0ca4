# METADATA
# title: Consent not recorded, or not withdrawable as easily as it is given
# description: >-
#   Where a program relies on consent (consent.used true, or a purpose with lawful_basis
#   consent), consent records must be kept (consent.records_kept), withdrawal must take one step
#   (consent.withdrawal.one_step), and a withdrawal must stop processing within the organisation's
#   limit (consent.withdrawal.stops_processing_within_hours <= param withdrawal_stop_hours).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-LB-006
#   severity: high
#   legal: ["GDPR Art. 7(1)", "GDPR Art. 7(3)", "GDPR Art. 13(2)(c)"]
#   recommended_action: >-
#     Keep a record of each consent; offer a one-click toggle (e.g. in the agent tray) that halts
#     capture at once and queues deletion of data not yet used for training.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [withdrawal_stop_hours]
#   dpia: {section: lawfulness, risk_scenarios: [loss_of_control], pia_question: 222}
package compliance.rules.lawful_basis.consent_records_and_withdrawal

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "consent.records_kept", msg, {"records_kept": kept}) if {
	some program in _consent_programs
	kept := object.get(program, ["consent", "records_kept"], null)
	kept != true
	msg := sprintf("program %s relies on consent but keeps no record of it (consent.records_kept is %s)", [program.metadata.id, lib.shown(kept)])
}

deny contains lib.finding(lib.program_resource(program), "consent.withdrawal.one_step", msg, {"one_step": one_step}) if {
	some program in _consent_programs
	one_step := object.get(program, ["consent", "withdrawal", "one_step"], null)
	one_step != true
	msg := sprintf("program %s relies on consent but withdrawing it takes more than one step (consent.withdrawal.one_step is %s)", [
		program.metadata.id, lib.shown(one_step),
	])
}

deny contains lib.finding(lib.program_resource(program), "consent.withdrawal.stops_processing_within_hours", msg, evidence) if {
	some program in _consent_programs
	limit := lib.param("withdrawal_stop_hours")
	hours := object.get(program, ["consent", "withdrawal", "stops_processing_within_hours"], null)
	not _within(hours, limit)
	msg := sprintf("program %s relies on consent but %s", [program.metadata.id, _delay(hours, limit)])
	evidence := {"stops_processing_within_hours": hours, "withdrawal_stop_hours": limit}
}

_consent_programs contains program if {
	some program in input.programs
	lib.gdpr_applies(program)
	_uses_consent(program)
}

_uses_consent(program) if program.consent.used == true

_uses_consent(program) if {
	some purpose in program.purposes
	purpose.lawful_basis == "consent"
}

_within(hours, limit) if {
	is_number(hours)
	hours <= limit
}

_delay(hours, limit) := sprintf("a withdrawal stops processing only after %v hours (limit %v)", [hours, limit]) if is_number(hours)

else := sprintf("does not say how soon a withdrawal stops processing (consent.withdrawal.stops_processing_within_hours is %s; limit %v hours)", [
	lib.shown(hours), limit,
])
