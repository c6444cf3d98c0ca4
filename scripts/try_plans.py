"""Try the tool on a directory of Terraform plans (`terraform show -json` output), one check per plan.

    .venv/bin/python scripts/try_plans.py PROGRAM.yaml DIR [--unknown fail] [--as-of YYYY-MM-DD]

Each `*.json` file in DIR is checked together with PROGRAM.yaml, as `compliance check PROGRAM PLAN`
would; the script prints one line per plan (its exit code, datasets read, judged, possibly in scope,
findings, warnings) and then how many plans were read, refused (with the reason: exit 2) and
judged (at least one dataset names a program and is checked), and the exit codes. Untagged
resources are read but not judged: tag a copy of your plan (`program`, `data_categories`,
`personal_data`, `sensitivity`) to see what the rules say about it.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections import Counter
from pathlib import Path

from compliance.errors import ComplianceError, ExitCode, InputError
from compliance.kinds import DocumentKind
from compliance.runner import RunOptions, execute
from compliance.severity import Severity


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program", help="the Program manifest the plans are checked with")
    parser.add_argument("directory", help="a directory of `terraform show -json` plans (*.json)")
    parser.add_argument("--unknown", choices=("warn", "fail"), default="warn")
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    plans = sorted(Path(args.directory).glob("*.json"))
    if not plans:
        print(f"no *.json files in {args.directory}", file=sys.stderr)
        return int(ExitCode.BAD_INPUT)
    exits: Counter[int] = Counter()
    refused: list[tuple[Path, str]] = []
    judged = 0
    for plan in plans:
        options = RunOptions(paths=(args.program, str(plan)), as_of=args.as_of, quiet=True, unknown=args.unknown)
        try:
            run = execute(options)
        except InputError as error:
            exits[int(ExitCode.BAD_INPUT)] += 1
            reason = str(error).splitlines()[0]
            refused.append((plan, reason))
            print(f"2  {plan.name}: refused: {reason}")
            continue
        except ComplianceError as error:  # the engine failed: exit 3
            exits[int(ExitCode.ENGINE)] += 1
            refused.append((plan, f"engine error: {str(error).splitlines()[0]}"))
            print(f"3  {plan.name}: {str(error).splitlines()[0]}")
            continue
        datasets = [d for document in run.inputs.of_kind(DocumentKind.STORAGE_INVENTORY)
                    for d in document.value.get("datasets", [])]
        in_scope = sum(1 for d in datasets if d.get("personal_data") is True)
        possibly = sum(1 for d in datasets if "possibly in scope" in str(d.get("description", "")))
        code = int(ExitCode.FINDINGS if run.result.failing(Severity.HIGH) else ExitCode.OK)
        exits[code] += 1
        judged += in_scope > 0
        print(f"{code}  {plan.name}: {len(datasets)} datasets, {in_scope} judged, {possibly} possibly in scope, "
              f"{len(run.result.findings)} findings, {len(run.result.warnings)} warnings")
    print(f"\n{len(plans)} plans: {len(plans) - len(refused)} read, {len(refused)} refused, {judged} judged "
          f"(a dataset names a program)")
    print("exit codes: " + ", ".join(f"{count} x {code}" for code, count in sorted(exits.items())))
    for plan, reason in refused:
        print(f"refused {plan.name}: {reason}")
    return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main())
