"""How long the DPIA report takes, and how many pages it has, for the sample and for 45,000 findings.

    PYTHONPATH=. python benchmarks/report_scale.py [--findings 45000] [--datasets 45000] [--repeat N] [--out DIR]

1. `samples/mci` end to end (check + report).
2. A synthetic run: the MCI program and rule catalog, a warehouse of --datasets tables and a Result of
   --findings findings spread over the dataset rules (as a 45,000-table ACL exposure would give).
   The report must stay bounded (grouped by rule, the first affected resources listed) while the
   PDF carries every finding as JSON and CSV attachments.
Prints wall and CPU seconds (CPU: every thread of the process; the attachments are compressed on a
second thread during the layout), pages and bytes of each report, --repeat times each.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from compliance.findings import Finding, Location, Result  # noqa: E402
from compliance.report import ReportData, from_run, integrity, make_report  # noqa: E402
from compliance.runner import RunOptions, execute  # noqa: E402

AS_OF = datetime.date(2026, 11, 22)
READERS = ("group:all-employees", "group:mci-research-core", "authenticated", "group:people-analytics")


def timed(label: str, build: object) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    report = build()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    files = integrity.attachments(report.pdf)
    sizes = ", ".join(f"{name} {len(content):,} B" for name, content in sorted(files.items()))
    print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, {report.pages} pages, {len(report.pdf):,} bytes "
          f"(attachments: {sizes})")


def synthetic(run_data: ReportData, findings: int, datasets: int) -> ReportData:
    """The MCI program with a generated warehouse and `findings` findings on its datasets."""
    dataset_rules = [meta for meta in run_data.rules if "dataset" in meta.package]
    tables = [{
        "id": f"mci_gen.table_{index:05d}", "program": "mci", "inventory": "mci-warehouse",
        "data_categories": ["keystrokes"] if index % 3 else ["screenshots", "identifiers"],
        "personal_data": index % 10 != 0, "sensitivity": 1 + index % 4,
        "encryption": {"at_rest": index % 4 == 0, "key_ref": None, "in_transit": True},
        "access": {"readers": [READERS[index % len(READERS)], "group:mci-research-core"], "writers": []},
        "retention": {"ttl_days": None if index % 2 else 30}, "audit_logging": index % 5 == 0,
        "rows": (index * 7919) % 50_000_000,
    } for index in range(datasets)]
    made = []
    for index in range(findings):
        meta = dataset_rules[index % len(dataset_rules)]
        table = tables[(index // len(dataset_rules)) % datasets]["id"]
        made.append(Finding(
            rule=meta.id, title=meta.title, severity=meta.severity, legal=meta.legal, resource=f"dataset:{table}",
            location=Location("warehouse.inventory.parquet", 2 + index % datasets, 1),
            message=f"dataset {table} fails {meta.id} (synthetic finding {index})",
            remediation=meta.recommended_action, package=meta.package, field_path="",
        ))
    result = Result(tool_version=run_data.result.tool_version, engine=run_data.result.engine,
                    policy_digest=run_data.result.policy_digest, as_of=AS_OF.isoformat(),
                    inputs=run_data.result.inputs, findings=tuple(sorted(made, key=Finding.sort_key)))
    return ReportData(result=result, programs=run_data.programs, datasets=tuple(tables), rules=run_data.rules,
                      screening=run_data.screening, packs=run_data.packs, broad_readers=run_data.broad_readers,
                      run_options=run_data.run_options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=45_000)
    parser.add_argument("--datasets", type=int, default=45_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each report (the machine may be noisy)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    options = RunOptions(paths=(str(REPO / "samples" / "mci"),), as_of=AS_OF, quiet=True)

    def sample() -> object:
        report = make_report(from_run(execute(options), {"as_of": AS_OF.isoformat()}))
        (args.out / "report_scale_mci.pdf").write_bytes(report.pdf)
        return report

    for _ in range(args.repeat):
        timed("samples/mci (check + report)", sample)
    base = from_run(execute(options), {"as_of": AS_OF.isoformat()})
    data = synthetic(base, args.findings, args.datasets)

    def scaled() -> object:
        report = make_report(data)
        (args.out / "report_scale_45k.pdf").write_bytes(report.pdf)
        return report

    for _ in range(args.repeat):
        timed(f"{args.findings:,} findings on {args.datasets:,} datasets (report only)", scaled)
    print(f"PDFs written to {args.out}")


if __name__ == "__main__":
    main()
