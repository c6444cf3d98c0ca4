# METADATA
# title: Continuous screenshots or idle tracking of French staff
# description: >-
#   Restrictions on employees' rights must be justified by the task and proportionate. Periodic
#   screenshots at or below the organisation's minimum interval, continuous screen recording,
#   and derived idle or inactivity metrics are the features the CNIL has repeatedly fined. The
#   manifest has no field for a task-specific justification, so none can clear the finding.
# related_resources:
#   - ref: https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050
# custom:
#   id: FR-CT-003
#   severity: high
#   legal: ["Code du travail L1121-1", "CNIL SAN-2024-021", "CNIL SAN-2023-021", "GDPR Art. 5(1)(c)"]
#   recommended_action: >-
#     Remove inactivity metrics; replace periodic screenshots with event-level, redacted capture.
#   inputs: [Program]
#   status: in_force
#   applies_from: null
#   params: [fr_min_interval]
#   dpia: {section: minimisation, risk_scenarios: [excessive_collection]}
package compliance.rules.france.screenshot_idle_tracking

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "program.capture.screenshot_interval_seconds", msg, evidence) if {
	some program in input.programs
	_applies(program)
	"screenshot" in program.program.technologies
	interval := object.get(program, ["program", "capture", "screenshot_interval_seconds"], null)
	minimum := lib.param("fr_min_interval")
	not _sparse(interval, minimum)
	msg := sprintf("program %s screenshots French staff %s, the constant monitoring L1121-1 does not allow", [
		program.metadata.id, _every(interval, minimum),
	])
	evidence := {"screenshot_interval_seconds": interval, "fr_min_interval": minimum}
}

deny contains lib.finding(lib.program_resource(program), sprintf("program.technologies.%d", [i]), msg, {"technology": "screen_recording"}) if {
	some program in input.programs
	_applies(program)
	some i, technology in program.program.technologies
	technology == "screen_recording"
	msg := sprintf("program %s records French staff's screens continuously, the constant monitoring L1121-1 does not allow", [program.metadata.id])
}

deny contains lib.finding(lib.data_category_resource(program, category), "id", msg, {"id": category.id}) if {
	some program in input.programs
	_applies(program)
	some category in program.data_categories
	category.source == "derived"
	regex.match(`idle|inactiv`, lower(concat(" ", [t | some key in ["id", "name"]; t := category[key]; is_string(t)])))
	msg := sprintf("program %s derives an idle or inactivity metric on French staff (data category %s)", [program.metadata.id, category.id])
}

_applies(program) if {
	lib.pack_applies(program, "FR")
	lib.workers_monitored(program)
}

_sparse(interval, minimum) if {
	is_number(interval)
	interval > minimum
}

_every(interval, minimum) := sprintf("every %d seconds (fr_min_interval requires more than %d)", [interval, minimum]) if is_number(interval)

else := sprintf("at an undeclared interval (capture.screenshot_interval_seconds is missing; fr_min_interval requires more than %d)", [minimum])
