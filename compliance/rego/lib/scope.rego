# Applicability (RULES.md section 4): which law packs reach a program.
package compliance.lib

# gdpr_applies: an establishment in the EEA (Art. 3(1)) or monitored subjects there (Art. 3(2)(b)).
gdpr_applies(program) if {
	some establishment in program.controller.establishments
	in_eea(establishment.country)
}

gdpr_applies(program) if {
	some location in program.jurisdictions.data_subject_locations
	in_eea(location.region)
}

worker_categories := {"employee", "contractor", "applicant"}

# workers_monitored: the program's subjects include workers (employment rules apply).
workers_monitored(program) if {
	some subject in program.data_subjects
	subject.category in worker_categories
}

# program_by_id maps metadata.id to the Program document.
program_by_id[program.metadata.id] := program if some program in input.programs
