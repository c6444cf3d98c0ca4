# METADATA
# title: SCC transfer without a module or a transfer impact assessment
# description: >-
#   A transfer relying on the 2021 standard contractual clauses must name the SCC module and have
#   a transfer impact assessment; where the program holds special-category, CCPA-sensitive or
#   label 3-4 data and no supplementary measures are declared, that is reported as low.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://eur-lex.europa.eu/eli/dec_impl/2021/914/oj
# custom:
#   id: GDPR-TX-003
#   severity: high
#   legal: ["GDPR Art. 46(2)(c)", "Commission Implementing Decision (EU) 2021/914", "CJEU C-311/18 Schrems II", "EDPB Recommendations 01/2020"]
#   recommended_action: >-
#     Record the SCC module, document a transfer impact assessment, and add supplementary measures
#     such as encryption with EU-held keys, pseudonymisation and access transparency.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: transfers, risk_scenarios: [illegitimate_access]}
#   severity_rule: low for missing supplementary measures on sensitive data
package compliance.rules.transfers.scc_with_tia

import data.compliance.lib

deny contains lib.finding(_resource(program, i), "scc_module", msg, {"scc_module": module}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, transfer in program.transfers
	transfer.mechanism == "scc_2021_914"
	module := object.get(transfer, "scc_module", null)
	not module in {"C2C", "C2P", "P2P", "P2C"}
	msg := sprintf("%s relies on the 2021 SCCs but names no SCC module (scc_module is %s)", [_what(program, i, transfer), lib.state(transfer, ["scc_module"])])
}

deny contains lib.finding(_resource(program, i), "tia_done", msg, {"tia_done": done}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, transfer in program.transfers
	transfer.mechanism == "scc_2021_914"
	done := object.get(transfer, "tia_done", null)
	done != true
	msg := sprintf("%s relies on the 2021 SCCs without a transfer impact assessment (tia_done is %s)", [_what(program, i, transfer), lib.state(transfer, ["tia_done"])])
}

deny contains lib.finding_severity(_resource(program, i), "supplementary_measures", msg, {"supplementary_measures": measures}, "low") if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, transfer in program.transfers
	transfer.mechanism == "scc_2021_914"
	sensitive := _sensitive(program)
	count(sensitive) > 0
	measures := object.get(transfer, "supplementary_measures", null)
	not _has_measures(transfer)
	msg := sprintf("%s carries sensitive data (%s) under the 2021 SCCs with no supplementary measures (supplementary_measures is %s)", [
		_what(program, i, transfer), concat(", ", sensitive), lib.state(transfer, ["supplementary_measures"]),
	])
}

_resource(program, i) := sprintf("transfer:%s/%d", [program.metadata.id, i])

_what(program, i, transfer) := sprintf("transfer %d of program %s to %v", [i, program.metadata.id, object.get(transfer, "destination", "an undeclared country")])

_has_measures(transfer) if {
	is_array(transfer.supplementary_measures)
	count(transfer.supplementary_measures) > 0
}

_sensitive(program) := sort({lib.label(i, category, "id") |
	some i, category in program.data_categories
	_sensitive_category(category)
})

_sensitive_category(category) if lib.category_sensitive(category)

_sensitive_category(category) if category.incidental_special_category_likely == true

_sensitive_category(category) if {
	is_number(category.sensitivity_label)
	category.sensitivity_label >= 3
}
