# METADATA
# title: Readers undeclared, unjustified or unreviewed (access not least-privilege)
# description: >-
#   Each reader group the program declares must carry a justification and an approver and must
#   not be a broad group (a wildcard or a group in param broad_groups); access must be
#   recertified at least every param access_review_max_days days. Group size alone is not this
#   rule's test: a group larger than max_reader_group_size is GDPR-PD-002's concern, and only
#   where it lacks a justification or an approver.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SEC-003
#   severity: critical
#   legal: ["GDPR Art. 32(1)(b)", "GDPR Art. 32(2)", "GDPR Art. 32(4)", "GDPR Art. 29", "GDPR Art. 5(1)(f)"]
#   recommended_action: >-
#     Grant access to need-to-know groups only, with time-bound grants, a written justification
#     and an approver; recertify quarterly; separate data-engineering and model-training roles.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [access_review_max_days, broad_groups]
#   dpia: {section: security, risk_scenarios: [illegitimate_access, unwanted_modification]}
package compliance.rules.security.readers_least_privilege

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), problems[0].field, msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, reader in program.access.readers
	problems := _problems(i, reader)
	count(problems) > 0
	msg := sprintf("reader %s of program %s %s", [lib.label(i, reader, "group"), program.metadata.id, concat("; ", [p.text | some p in problems])])
	evidence := {
		"group": object.get(reader, "group", null),
		"size": object.get(reader, "size", null),
		"justification": object.get(reader, "justification", null),
		"approved_by": object.get(reader, "approved_by", null),
	}
}

deny contains lib.finding(lib.program_resource(program), "access.readers", msg, {"readers": null}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	not _declares_readers(program)
	msg := sprintf("program %s declares no readers (access.readers is missing), so who may read its data is unknown", [program.metadata.id])
}

deny contains lib.finding(lib.program_resource(program), "access.least_privilege_review_days", msg, {"least_privilege_review_days": days}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	days := object.get(program, ["access", "least_privilege_review_days"], null)
	msg := sprintf("program %s %s", [program.metadata.id, _review_problem(days)])
}

# _problems lists what is wrong with one reader entry, the most serious first.
_problems(i, reader) := [p |
	some check in ["group", "justification", "approved_by"]
	text := _problem(reader, check)
	p := {"field": sprintf("access.readers.%d.%s", [i, check]), "text": text}
]

_problem(reader, "group") := "names no group (group is missing)" if not _has_group(reader)

_problem(reader, "group") := "is a broad group that reaches an indefinite number of people" if reader.group in lib.broad_readers

_problem(reader, "justification") := "has no justification" if not _filled(reader, "justification")

_problem(reader, "approved_by") := sprintf("has no approver (approved_by is %s)", [lib.state(reader, ["approved_by"])]) if {
	not _filled(reader, "approved_by")
}

_review_problem(days) := sprintf("recertifies access every %v days, longer than %v (access_review_max_days)", [days, limit]) if {
	limit := lib.param("access_review_max_days")
	is_number(days)
	days > limit
} else := "declares no access recertification interval (access.least_privilege_review_days is missing)" if {
	not is_number(days)
}

# Helpers, not `not is_array(x.missing)` inline: real OPA makes that expression undefined.
_declares_readers(program) if is_array(program.access.readers)

_has_group(reader) if is_string(reader.group)

_filled(reader, key) if {
	is_string(reader[key])
	trim_space(reader[key]) != ""
}
