# METADATA
# title: Access controls not tested, logged, alerted on or driven by labels
# description: >-
#   The program must test its ACLs automatically, log access to the data and alert on anomalous
#   access; where any data category carries sensitivity_label 3 or above, the labels must drive
#   access control (access.label_enforcement).
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SEC-004
#   severity: high
#   legal: ["GDPR Art. 32(1)(b)", "GDPR Art. 32(1)(d)", "GDPR Art. 32(2)", "GDPR Art. 33(5)"]
#   recommended_action: >-
#     Run policy-as-code ACL tests in CI for every new table, log reads and writes, alert on
#     cross-team reads of label 3 and 4 data, and tie labels to encryption and access policy.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [illegitimate_access, unwanted_modification, disappearance], measure: access_testing}
package compliance.rules.security.access_controls_tested

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), field, msg, {check.key: value}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some check in _checks
	_applies(program, check.key)
	value := object.get(program, ["access", check.key], null)
	value != true
	field := sprintf("access.%s", [check.key])
	msg := sprintf("program %s %s (%s is %s)", [program.metadata.id, _problem(program, check), field, lib.state(program, ["access", check.key])])
}

_checks := [
	{"key": "automated_acl_tests", "problem": "does not test its access controls automatically"},
	{"key": "access_logging", "problem": "does not log access to its data"},
	{"key": "anomaly_alerting", "problem": "raises no alert on anomalous access"},
	{"key": "label_enforcement", "problem": "labels do not drive access control"},
]

_applies(_, key) if key != "label_enforcement"

_applies(program, "label_enforcement") if count(_high_labels(program)) > 0

_problem(program, check) := sprintf("labels data categories at sensitivity 3 or above (%s) but the %s", [
	concat(", ", _high_labels(program)),
	check.problem,
]) if check.key == "label_enforcement"

else := check.problem

_high_labels(program) := sort({sprintf("%s: %v", [lib.label(i, category, "id"), category.sensitivity_label]) |
	some i, category in program.data_categories
	is_number(category.sensitivity_label)
	category.sensitivity_label >= 3
})
