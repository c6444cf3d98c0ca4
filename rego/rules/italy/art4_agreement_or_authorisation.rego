# METADATA
# title: Remote-monitoring tool installed in Italy without union agreement or INL authorisation
# description: >-
#   A tool from which remote monitoring of Italian workers may result can be installed only after
#   a collective agreement with the RSU/RSA (or national unions) or, failing that, an
#   authorisation of the National Labour Inspectorate; individual consent cannot replace either.
#   The information collected is usable only if workers were informed how the tools are used and
#   controls performed (Art. 4(3)).
# related_resources:
#   - ref: https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1970-05-20;300
#   - ref: https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2003-06-30;196
# custom:
#   id: IT-SL-001
#   severity: critical
#   legal: ["L. 300/1970 Art. 4(1)", "L. 300/1970 Art. 4(3)", "L. 300/1970 Art. 38", "D.Lgs. 196/2003 Art. 171", "INL nota n. 2572/2023"]
#   recommended_action: >-
#     Sign an RSU/RSA agreement (or a national-union agreement for multi-site firms) or obtain INL
#     authorisation before installation; give workers the Art. 4(3) information; restrict
#     purposes to those Art. 4 allows.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: []
#   dpia: {section: employment, consultation: true, risk_scenarios: []}
package compliance.rules.italy.art4_agreement_or_authorisation

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "consultation.italy_art4", msg, evidence) if {
	some program in input.programs
	_applies(program)
	agreement := object.get(program, ["consultation", "italy_art4", "union_agreement_ref"], null)
	authorisation := object.get(program, ["consultation", "italy_art4", "inl_authorisation_ref"], null)
	not _named(agreement)
	not _named(authorisation)
	msg := sprintf("program %s monitors Italian workers with neither a union agreement nor an INL authorisation (consultation.italy_art4)%s", [
		program.metadata.id, _consent_note(program),
	])
	evidence := {"union_agreement_ref": agreement, "inl_authorisation_ref": authorisation}
}

deny contains lib.finding(lib.program_resource(program), "transparency.notice.provided", msg, {"provided": provided}) if {
	some program in input.programs
	_applies(program)
	provided := object.get(program, ["transparency", "notice", "provided"], null)
	provided != true
	msg := sprintf("program %s gives Italian workers no information on how the tools are used and controls performed (transparency.notice.provided is %v), so nothing collected is usable (Art. 4(3))", [
		program.metadata.id, provided,
	])
}

_applies(program) if {
	lib.pack_applies(program, "IT")
	lib.workers_monitored(program)
}

_named(ref) if {
	is_string(ref)
	trim_space(ref) != ""
}

_consent_note(program) := "; individual consent, which the program relies on, cannot replace them" if {
	_consent_used(program)
} else := ""

_consent_used(program) if program.consent.used == true

_consent_used(program) if {
	some purpose in program.purposes
	purpose.lawful_basis == "consent"
}
