# What the DPIA report reads besides the findings.
package compliance.report

import data.compliance.lib

# screening is each program's DPIA screening (RULES.md section 6).
screening[program.metadata.id] := lib.screening(program) if some program in input.programs
