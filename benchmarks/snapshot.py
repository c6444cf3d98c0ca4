"""How long `compliance check` takes on a large YAML or JSON snapshot, no database needed.

    python benchmarks/snapshot.py [--datasets 45000] [--repeat 3] [--formats json,yaml] [--baseline TREE]

Writes (once, cached under benchmarks/.data/snapshot-N/) the StorageInventory that
`compliance discover postgres` writes of the warehouse benchmarks/discover.py creates: N tables
in schemas of 1,000, half of the schemas granted to PUBLIC and half to a role three levels above
its logins, every table classified by the mapping as keystrokes of the `mci` program, every
reader's path written out (so no two datasets are alike). The same snapshot, field for field, as
`benchmarks/discover.py --output FILE` gives (checked against one on 6 Dec 2026), as JSON
(`json.dumps(indent=1)`, as discover writes it) and YAML (`yaml.dump`, as discover writes it).

Then times `compliance check samples/mci/program.yaml SNAPSHOT` (or `validate`: loading and
schema checks alone, `--command validate`) as a subprocess, per format and run: wall time, CPU
time (user + system of the process and its workers) and peak memory (largest resident set of the
process tree). --baseline TREE interleaves each run with the same run of the
code in TREE (e.g. a checkout of main: `PYTHONPATH=TREE`), so both are measured seconds apart.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / ".data"
PER_SCHEMA = 1_000
EVERYONE = "group:all-employees"
ALL_DATA = "group:pg_read_all_data -> reads every table (pg_read_all_data)"
AUDITOR = "user:bench_auditor -> group:pg_read_all_data -> reads every table (pg_read_all_data)"
SUPERUSER = "user:postgres -> superuser"
MAPPED = "mapping:bench#0"


def dataset(schema: str, table: str, public: bool) -> dict[str, Any]:
    qualified = f"{schema}.{table}"
    grant = f"GRANT SELECT ON {qualified}"
    if public:
        paths = {EVERYONE: f"{EVERYONE} -> {grant} TO PUBLIC", "group:pg_read_all_data": ALL_DATA,
                 "user:bench_auditor": AUDITOR, "user:postgres": SUPERUSER}
    else:
        paths = {
            "group:bench_leads": f"group:bench_leads -> group:bench_team -> group:bench_reader -> {grant}",
            "group:bench_reader": f"group:bench_reader -> {grant}",
            "group:bench_team": f"group:bench_team -> group:bench_reader -> {grant}",
            "group:pg_read_all_data": ALL_DATA,
            "user:bench_analyst": f"user:bench_analyst -> group:bench_leads -> group:bench_team -> "
                                  f"group:bench_reader -> {grant}",
            "user:bench_auditor": AUDITOR,
            "user:postgres": SUPERUSER,
        }
    return {
        "id": qualified, "name": qualified, "table_type": "table", "owner": "user:postgres",
        "encryption": {"in_transit": False},
        "access": {"readers": sorted(paths), "reader_identities": 3, "reader_paths": paths},
        "audit_logging": False, "rows": 0, "program": "mci", "data_categories": ["keystrokes"],
        "personal_data": True, "sensitivity": 4,
        "provenance": {"access.readers": "observed", "audit_logging": "observed", "data_categories": MAPPED,
                       "encryption.in_transit": "observed", "personal_data": MAPPED, "program": MAPPED,
                       "sensitivity": MAPPED},
    }


def snapshot(tables: int) -> dict[str, Any]:
    datasets = []
    for index in range((tables + PER_SCHEMA - 1) // PER_SCHEMA):
        count = min(PER_SCHEMA, tables - index * PER_SCHEMA)
        datasets += [dataset(f"mci_{index:03d}", f"t{number}", index % 2 == 0) for number in range(1, count + 1)]
    return {
        "apiVersion": "privacy.compliance/v1",
        "kind": "StorageInventory",
        "metadata": {"id": "postgres-warehouse", "name": "PostgreSQL database warehouse", "system": "postgresql",
                     "source": "postgres://postgres@127.0.0.1:5432/warehouse", "observed_at": "2026-12-06T13:06:08Z"},
        "datasets": sorted(datasets, key=lambda entry: str(entry["id"])),
    }


def write(tables: int, formats: list[str]) -> dict[str, Path]:
    directory = DATA / f"snapshot-{tables}"
    directory.mkdir(parents=True, exist_ok=True)
    paths = {fmt: directory / f"warehouse.{fmt}" for fmt in formats}
    if all(path.exists() for path in paths.values()):
        return paths
    value = snapshot(tables)
    for fmt, path in paths.items():
        if fmt == "json":
            text = json.dumps(value, indent=1, ensure_ascii=False) + "\n"
        else:
            import yaml

            dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
            text = yaml.dump(value, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120)
        path.write_text(text, encoding="utf-8")
    return paths


def timed(command: list[str], tree: Path) -> tuple[float, float, int, int]:
    """Wall, CPU (the process and the workers it waited for), peak RSS in MB, exit code; the code
    of tree (first on the path: PYTHONPATH, and the working directory that `-c` puts first)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, process.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=45_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="json,yaml")
    parser.add_argument("--baseline", type=Path, help="a tree of the tool to compare with (PYTHONPATH)")
    parser.add_argument("--command", choices=("check", "validate"), default="check",
                        help="validate: loading and schema checks only, without evaluating the rules")
    args = parser.parse_args(argv)
    paths = write(args.datasets, args.formats.split(","))
    program = REPO / "samples" / "mci" / "program.yaml"
    trees = [("this tree", REPO)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    output = DATA / f"snapshot-{args.datasets}" / "findings.json"
    for run in range(args.repeat):
        for fmt, path in paths.items():
            for label, tree in trees:
                command = [sys.executable, "-c", "import sys; from compliance.cli import main; sys.exit(main())",
                           args.command, str(program), str(path)]
                if args.command == "check":
                    command += ["--format", "json", "-o", str(output), "--quiet", "--fail-on", "never"]
                wall, cpu, peak, code = timed(command, tree)
                print(f"{args.command} run {run + 1} {fmt:4} {label:9}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
                      f"peak {peak:5} MB (exit {code})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
