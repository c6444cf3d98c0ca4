# METADATA
# title: Third-country transfer without a Chapter V transfer tool
# description: >-
#   Every storage location, processor and declared transfer in a country outside the EEA without
#   an adequacy decision needs a valid Chapter V tool: SCCs, BCRs, an Art. 49 derogation, or the
#   DPF for US recipients. A storage location or processor is covered by its own
#   transfer_mechanism or by a declared transfer to its country. An entry naming no country is
#   reported as medium.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-TX-001
#   severity: critical
#   legal: ["GDPR Art. 44", "GDPR Art. 45", "GDPR Art. 46", "GDPR Art. 49", "GDPR Art. 13(1)(f)", "GDPR Art. 30(1)(e)"]
#   recommended_action: >-
#     Map the data flows and choose a tool per flow: adequacy or the DPF (certified US
#     recipients), SCCs with a transfer impact assessment, or BCRs; declare each in transfers.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transfers, risk_scenarios: [illegitimate_access]}
#   severity_rule: medium where the country is not declared
package compliance.rules.transfers.transfer_mechanism

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), sprintf("storage.locations.%d.country", [i]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, location in program.storage.locations
	country := _country(location.country)
	_third_country(country)
	not _covered(program, country)
	evidence := {"country": location.country}
	msg := sprintf("program %s stores data in %s (%s), outside the EEA and without an adequacy decision, and declares no transfer to %s with a Chapter V tool", [
		program.metadata.id, country, object.get(location, "system", "unnamed system"), country,
	])
}

deny contains lib.finding(lib.program_resource(program), sprintf("processors.%d.transfer_mechanism", [i]), msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, processor in program.processors
	country := _country(processor.country)
	_third_country(country)
	mechanism := object.get(processor, "transfer_mechanism", null)
	not _valid_tool(mechanism, country)
	not _covered(program, country)
	evidence := {"country": processor.country, "transfer_mechanism": mechanism}
	msg := sprintf("processor %s of program %s is in %s, outside the EEA and without an adequacy decision: its transfer_mechanism %s, and no transfer to %s declares a valid one", [
		lib.label(i, processor, "name"), program.metadata.id, country, _tool_problem(mechanism, country), country,
	])
}

deny contains lib.finding(sprintf("transfer:%s/%d", [program.metadata.id, i]), "mechanism", msg, evidence) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, transfer in program.transfers
	country := _country(transfer.destination)
	_third_country(country)
	mechanism := object.get(transfer, "mechanism", null)
	not _valid_tool(mechanism, country)
	evidence := {"destination": transfer.destination, "mechanism": mechanism}
	msg := sprintf("transfer %d of program %s to %s (%s): its mechanism %s", [
		i, program.metadata.id, country, object.get(transfer, "recipient", "recipient not named"), _tool_problem(mechanism, country),
	])
}

# Entries that name no country: where the data goes is unknown.
deny contains lib.finding_severity(gap.resource, gap.field, msg, {"country": null}, "medium") if {
	some program in input.programs
	lib.gdpr_applies(program)
	some gap in _unlocated(program)
	msg := sprintf("%s of program %s names no country (%s is missing), so whether it leaves the EEA is unknown", [gap.what, program.metadata.id, gap.field])
}

_unlocated(program) := array.concat(
	array.concat(
		[{"resource": lib.program_resource(program), "field": sprintf("storage.locations.%d.country", [i]), "what": sprintf("storage location %s", [lib.label(i, l, "system")])} |
			some i, l in program.storage.locations
			not _country(object.get(l, "country", null))
		],
		[{"resource": lib.program_resource(program), "field": sprintf("processors.%d.country", [i]), "what": sprintf("processor %s", [lib.label(i, p, "name")])} |
			some i, p in program.processors
			not _country(object.get(p, "country", null))
		],
	),
	[{"resource": sprintf("transfer:%s/%d", [program.metadata.id, i]), "field": "destination", "what": sprintf("transfer %d", [i])} |
		some i, t in program.transfers
		not _country(object.get(t, "destination", null))
	],
)

_country(code) := lib.country_of(code) if is_string(code)

_third_country(country) if {
	not lib.in_eea(country)
	not country in lib.adequate_countries
}

_covered(program, country) if {
	some transfer in program.transfers
	_country(transfer.destination) == country
	_valid_tool(object.get(transfer, "mechanism", null), country)
}

_valid_tool(mechanism, _) if mechanism in {"scc_2021_914", "bcr", "art49"}

_valid_tool("dpf", "US") := true

_valid_tool("adequacy", country) if country in lib.adequate_countries

_tool_problem(null, _) := "is missing"

_tool_problem("adequacy", country) := sprintf(`is "adequacy", but %s has no adequacy decision`, [country])

_tool_problem("dpf", country) := `is "dpf", but the EU-US Data Privacy Framework covers only US recipients` if country != "US"

_tool_problem(mechanism, _) := sprintf("is %s, which is not a Chapter V transfer tool", [json.marshal(mechanism)]) if {
	mechanism != null
	not mechanism in {"adequacy", "dpf", "scc_2021_914", "bcr", "art49"}
}
