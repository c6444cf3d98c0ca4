# METADATA
# title: Personal data accessible by default to an indefinite number of people
# description: >-
#   By default the program's data must not be accessible to an indefinite number of people: its
#   declared default visibility (access.default_visibility) must not be org_wide or public, and
#   no declared reader group (access.readers[].group) may denote all staff (a wildcard such as
#   group:all-employees, or one of the organisation's broad groups, param broad_groups), and no
#   other reader group larger than max_reader_group_size may lack a justification or an approver
#   (access.readers[].justification, approved_by). The deployed datasets are checked by
#   by_design/dataset_broad_readers.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-PD-002
#   severity: critical
#   legal: ["GDPR Art. 25(2)", "GDPR Art. 32(1)(b)", "EDPB Guidelines 4/2019"]
#   recommended_action: >-
#     Make access deny-by-default: set access.default_visibility to restricted or team, replace
#     all-staff reader groups with need-to-know groups, give training jobs named service
#     principals, and grant other access through break-glass requests with approval.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [broad_groups, max_reader_group_size]
#   dpia: {section: security, risk_scenarios: [illegitimate_access]}
package compliance.rules.by_design.default_visibility_restricted

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "access.default_visibility", msg, {"default_visibility": visibility}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	visibility := object.get(program, ["access", "default_visibility"], null)
	not visibility in {"restricted", "team"}
	msg := sprintf("program %s %s", [program.metadata.id, _visibility_problem(visibility)])
}

deny contains lib.finding(lib.program_resource(program), sprintf("access.readers.%d.group", [i]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, reader in program.access.readers
	reader.group in lib.broad_readers
	msg := sprintf("program %s declares %s as a reader: a broad group that reaches an indefinite number of people", [program.metadata.id, reader.group])
	evidence := {"group": reader.group, "size": object.get(reader, "size", null)}
}

# A reader group larger than max_reader_group_size needs both a justification and an
# approver. Broad groups are reported by the rule above, whatever their size or approval.
deny contains lib.finding(lib.program_resource(program), sprintf("access.readers.%d.%s", [i, missing[0]]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, reader in program.access.readers
	not _broad(reader)
	limit := lib.param("max_reader_group_size")
	is_number(reader.size)
	reader.size > limit
	missing := [key | some key in ["justification", "approved_by"]; not _filled(reader, key)]
	count(missing) > 0
	msg := sprintf("program %s declares reader %s with %v members, more than %v (max_reader_group_size), without %s", [
		program.metadata.id, lib.label(i, reader, "group"), reader.size, limit, concat(" or ", missing),
	])
	evidence := {
		"group": object.get(reader, "group", null),
		"size": reader.size,
		"justification": object.get(reader, "justification", null),
		"approved_by": object.get(reader, "approved_by", null),
	}
}

_broad(reader) if reader.group in lib.broad_readers

_filled(reader, key) if {
	is_string(reader[key])
	trim_space(reader[key]) != ""
}

_visibility_problem(null) := "does not declare who can see its data by default (access.default_visibility is missing)"

_visibility_problem(visibility) := sprintf("makes its data visible by default to %s (access.default_visibility is %s)", [
	_audience(visibility), json.marshal(visibility),
]) if visibility != null

_audience("org_wide") := "the whole organisation"

_audience("public") := "the public"

_audience(visibility) := "an undefined audience" if not visibility in {"org_wide", "public"}
