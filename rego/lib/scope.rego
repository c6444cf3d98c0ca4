# Applicability (docs/method.md#applicability): which law packs reach a program.
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

# dataset_in_gdpr_scope: GDPR reaches the dataset's program. A dataset without a program, or naming
# one that is not among the inputs, stays in scope: nothing shows that GDPR does not reach it.
# Dataset rules call it last in their bodies, so only a failing dataset pays for the lookup.
dataset_in_gdpr_scope(dataset) if not object.get(dataset, "program", null) in programs_outside_gdpr

# programs_outside_gdpr: ids of the programs GDPR does not reach, computed once per evaluation.
programs_outside_gdpr := {program.metadata.id | some program in input.programs; not gdpr_applies(program)}

worker_categories := {"employee", "contractor", "applicant"}

# workers_monitored: the program's subjects include workers (employment rules apply).
workers_monitored(program) if {
	some subject in program.data_subjects
	subject.category in worker_categories
}

# program_by_id maps metadata.id to the Program document.
program_by_id[program.metadata.id] := program if some program in input.programs
