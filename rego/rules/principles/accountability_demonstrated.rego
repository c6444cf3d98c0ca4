# METADATA
# title: Compliance not demonstrable, or the program departs from its own privacy review
# description: >-
#   The controller must be able to show compliance: the program needs a record of processing
#   (records.ropa_entry_id), a performed DPIA where the DPIA screening requires one,
#   and a legitimate-interests assessment for every purpose relying on legitimate interests
#   (completed; its content is GDPR-LB-002). A program in pilot or live must not run with privacy
#   review findings still open, nor without a recorded privacy review.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PR-006
#   severity: high
#   legal: ["GDPR Art. 5(2)", "GDPR Art. 24(1)", "GDPR Art. 35(11)"]
#   recommended_action: >-
#     Gate launch on closing the privacy review's findings; attach evidence (configurations, ACL
#     exports) to the DPIA; keep the record of processing and each LIA current and re-attest
#     quarterly.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [large_scale_min_subjects]
#   dpia: {section: accountability, risk_scenarios: []}
package compliance.rules.principles.accountability_demonstrated

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "records.ropa_entry_id", msg, {"ropa_entry_id": ropa}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	ropa := object.get(program, ["records", "ropa_entry_id"], null)
	not _text(ropa)
	msg := sprintf("program %s has no record of processing (records.ropa_entry_id is %s)", [program.metadata.id, lib.shown(ropa)])
}

deny contains lib.finding(lib.program_resource(program), "dpia.performed", msg, {"performed": performed}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	lib.screening(program).required == true
	performed := object.get(program, ["dpia", "performed"], null)
	performed != true
	msg := sprintf("program %s requires a DPIA but none is documented (dpia.performed is %s)", [program.metadata.id, lib.shown(performed)])
}

deny contains lib.finding(lib.purpose_resource(program, purpose), "lia.completed", msg, {"completed": completed}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some purpose in program.purposes
	purpose.lawful_basis == "legitimate_interests"
	completed := object.get(purpose, ["lia", "completed"], null)
	completed != true
	msg := sprintf("purpose %s of program %s relies on legitimate interests without a completed LIA (lia.completed is %s)", [
		purpose.id, program.metadata.id, lib.shown(completed),
	])
}

deny contains lib.finding(lib.program_resource(program), field, msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	status := program.program.status
	status in {"pilot", "live"}
	review := object.get(program, ["governance", "privacy_review"], null)
	[field, problem] := _review_problem(review)
	msg := sprintf("program %s is %s %s", [program.metadata.id, status, problem])
	evidence := {"status": status, "findings_open": object.get(program, ["governance", "privacy_review", "findings_open"], null)}
}

_review_problem(review) := ["governance.privacy_review", "without a recorded privacy review"] if {
	not is_object(review)
} else := ["governance.privacy_review.findings_open", "without saying how many privacy review findings are open"] if {
	not is_number(object.get(review, "findings_open", null))
} else := ["governance.privacy_review.findings_open", sprintf("with %v of %v privacy review findings still open", [
	review.findings_open, object.get(review, "findings", "?"),
])] if {
	review.findings_open > 0
}

_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
