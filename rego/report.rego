# What the DPIA report reads besides the findings (compliance/report/source.py).
package compliance.report

import data.compliance.lib

# screening is each program's DPIA screening (docs/method.md#dpia-screening).
screening[program.metadata.id] := lib.screening(program) if some program in input.programs

# broad_readers: the reader principals the dataset rules count as broad (wildcards plus the
# organisation's broad_groups), sorted, so the report's storage picture uses the same list.
broad_readers := sort([reader | some reader in lib.broad_readers])

# packs lists, per program, the law packs that reach it with the reason for each (docs/method.md#applicability).
packs[program.metadata.id] := lib.packs_applied(program) if some program in input.programs
