# METADATA
# title: Personal data not encrypted with managed keys
# description: >-
#   The program's declared storage must encrypt data at rest and in transit, with keys held in a
#   KMS or HSM. Critical where any data category is special-category, likely to sweep in
#   special-category data, or CCPA-sensitive; high otherwise.
# related_resources:
#   - ref: https://eur-lex.europa.eu/eli/reg/2016/679/oj
# custom:
#   id: GDPR-SEC-001
#   severity: high
#   legal: ["GDPR Art. 32(1)(a)", "GDPR Art. 34(3)(a)", "GDPR Art. 5(1)(f)", "CCPA §1798.150"]
#   recommended_action: >-
#     Use KMS- or HSM-backed encryption for warehouses, object stores and backups, TLS for agent
#     uploads, and per-dataset keys so data can be crypto-shredded.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: security, risk_scenarios: [illegitimate_access], measure: encryption}
#   severity_rule: critical when a data category is special / incidental special / CCPA-sensitive
package compliance.rules.security.storage_encryption

import data.compliance.lib

deny contains lib.finding_severity(lib.program_resource(program), gap.field, msg, gap.evidence, _severity(program)) if {
	some program in input.programs
	lib.gdpr_applies(program)
	some gap in _gaps(program)
	msg := sprintf("program %s %s%s", [program.metadata.id, gap.problem, _sensitive_text(program)])
}

_checks := [
	{"key": "at_rest", "ok": {true}, "problem": "does not encrypt stored data at rest"},
	{"key": "in_transit", "ok": {true}, "problem": "does not encrypt data in transit"},
	{"key": "key_management", "ok": {"kms", "hsm"}, "problem": "keeps no managed encryption keys"},
]

_gaps(program) := [gap |
	some check in _checks
	value := object.get(program.storage.encryption, check.key, null)
	not value in check.ok
	field := sprintf("storage.encryption.%s", [check.key])
	gap := {
		"field": field,
		"problem": sprintf("%s (%s is %s)", [check.problem, field, lib.state(program, ["storage", "encryption", check.key])]),
		"evidence": {check.key: value},
	}
] if {
	is_object(program.storage.encryption)
} else := [{
	"field": "storage.encryption",
	"problem": "declares no storage encryption (storage.encryption is missing)",
	"evidence": {"encryption": null},
}]

_severity(program) := "critical" if count(_sensitive(program)) > 0

else := "high"

_sensitive(program) := sort({lib.label(i, category, "id") |
	some i, category in program.data_categories
	some flag in ["special_category", "incidental_special_category_likely", "ccpa_sensitive"]
	category[flag] == true
})

_sensitive_text(program) := sprintf("; it holds special-category or CCPA-sensitive data (%s)", [concat(", ", names)]) if {
	names := _sensitive(program)
	count(names) > 0
} else := ""
