# METADATA
# title: DPF relied on for a recipient not certified, or not certified for HR data
# description: >-
#   A transfer relying on the EU-US Data Privacy Framework needs a recipient certified under it
#   and, where the program's data subjects are workers, a certification that covers HR data.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
#   - ref: https://eur-lex.europa.eu/eli/dec_impl/2023/1795/oj
# custom:
#   id: GDPR-TX-002
#   severity: high
#   legal: ["GDPR Art. 45", "Commission Implementing Decision (EU) 2023/1795", "T-553/23 Latombe"]
#   recommended_action: >-
#     Check the recipient's entry on the DPF list, including HR-data scope; otherwise sign SCCs
#     with a transfer impact assessment, and follow the appeal against T-553/23.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   unverified: that the DPF covers HR data only where the recipient certified it for HR data (DPF Principles, HR supplemental principle) was not confirmed against Decision 2023/1795
#   dpia: {section: transfers, risk_scenarios: [illegitimate_access]}
package compliance.rules.transfers.dpf_certified

import data.compliance.lib

deny contains lib.finding(sprintf("transfer:%s/%d", [program.metadata.id, i]), check.key, msg, {check.key: value}) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some i, transfer in program.transfers
	transfer.mechanism == "dpf"
	some check in _checks
	_applies(program, check.key)
	value := object.get(transfer, check.key, null)
	value != true
	msg := sprintf("transfer %d of program %s to %s relies on the Data Privacy Framework, but %s (%s is %s)", [
		i, program.metadata.id, _recipient(transfer), check.problem, check.key, lib.state(transfer, [check.key]),
	])
}

_checks := [
	{"key": "dpf_certified", "problem": "the recipient is not DPF-certified"},
	{"key": "dpf_covers_hr", "problem": "the program's data subjects are workers and the certification does not cover HR data"},
]

_applies(_, "dpf_certified") := true

_applies(program, "dpf_covers_hr") if lib.workers_monitored(program)

_recipient(transfer) := sprintf("%s (%s)", [transfer.destination, transfer.recipient]) if is_string(transfer.recipient)

else := sprintf("%v", [object.get(transfer, "destination", "an undeclared country")])
