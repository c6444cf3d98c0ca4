# METADATA
# description: >-
#   A dataset holding personal data that sits outside the EEA, in a country without an adequacy
#   decision, needs a transfer to that country declared by its program with a valid Chapter V
#   tool. A dataset whose location is not declared is reported as medium. Datasets whose program
#   is unknown are left to GDPR-ROPA-002.
# custom:
#   id: GDPR-TX-001
#   check: dataset          # of GDPR-TX-001: title, severity, legal references, remediation and DPIA facts
#                           # are those of transfers/transfer_mechanism.rego
#   severity_rule: medium where the dataset's country is not declared
#   inputs: [StorageInventory, Program]
#   params: []
package compliance.rules.transfers.dataset_transfer_mechanism

import data.compliance.lib

deny contains lib.finding(lib.dataset_resource(dataset), "location.country", msg, {"country": dataset.location.country}) if {
	some dataset in input.datasets
	# First: a dataset in the EEA or an adequate country leaves here. Without a country this is
	# undefined on OPA and true on regorus, and the body fails below on both.
	not dataset.location.country in _at_home
	dataset.personal_data == true
	program := _gdpr_programs[dataset.program]
	country := _country(dataset.location.country)
	not lib.in_eea(country)
	not country in lib.adequate_countries
	not [dataset.program, country] in _covered
	msg := sprintf("dataset %s (%s) is stored in %s, outside the EEA and without an adequacy decision, and program %s declares no transfer to %s with a Chapter V tool", [
		dataset.id, lib.sensitivity_text(dataset), country, program.metadata.id, country,
	])
}

# No country: a location.country that is not a string (first body), or none at all (second). Two
# bodies, because real OPA makes `not is_string(x.missing)` undefined; together they cost less than
# one call of _located per dataset, which then confirms the rare dataset they let through.
deny contains _unlocated(dataset) if {
	some dataset in input.datasets
	country := dataset.location.country
	not is_string(country)
	dataset.personal_data == true
	_gdpr_programs[dataset.program]
	not _located(dataset)
	not lib.dataset_unknown(dataset, "location.country")
}

deny contains _unlocated(dataset) if {
	some dataset in input.datasets
	not dataset.location.country
	dataset.personal_data == true
	_gdpr_programs[dataset.program]
	not _located(dataset)
	not lib.dataset_unknown(dataset, "location.country")
}

# The country is unknown (`unknown` lists it): never "declares no country"; with `--unknown fail`,
# reported as unknown.
deny contains lib.unknown_finding(dataset, "location.country", "where it is stored") if {
	lib.unknown_fails(0)
	some dataset in input.datasets
	lib.dataset_unknown(dataset, "location.country")
	dataset.personal_data == true
	_gdpr_programs[dataset.program]
}

_unlocated(dataset) := lib.finding_severity(lib.dataset_resource(dataset), "location.country", msg, {"country": null}, "medium") if {
	msg := sprintf("dataset %s (%s) declares no country (location.country is missing), so whether it leaves the EEA is unknown", [
		dataset.id, lib.sensitivity_text(dataset),
	])
}

_country(code) := lib.country_of(code) if is_string(code)

# _at_home: the codes that are, as written, an EEA or adequate country. A dataset whose
# location.country is one of them is never reported (country_of leaves such a code as it is), so the
# rule tests this first: one lookup in a set computed once per evaluation, instead of three calls.
_at_home := data.compliance.lib.eea_countries | data.compliance.lib.adequate_countries

# A helper: real OPA makes `not f(x.missing)` undefined rather than true.
_located(dataset) if _country(dataset.location.country)

# Computed once per run, not per dataset: keeps the rule linear in the number of datasets.
_gdpr_programs := {program.metadata.id: program | some program in input.programs; lib.gdpr_applies(program)}

# _covered holds [program id, country] for each declared transfer with a valid Chapter V tool.
_covered := {[id, country] |
	some id, program in _gdpr_programs
	some transfer in program.transfers
	country := _country(transfer.destination)
	_valid_tool(object.get(transfer, "mechanism", null), country)
}

_valid_tool(mechanism, _) if mechanism in {"scc_2021_914", "bcr", "art49"}

_valid_tool("dpf", "US") := true

_valid_tool("adequacy", country) if country in lib.adequate_countries
