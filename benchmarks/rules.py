"""What each dataset rule costs: CPU microseconds per dataset on the embedded engine (regorus).

    python benchmarks/rules.py [--datasets 2000] [--policy DIR]

Generates a warehouse (benchmarks/generate.py), then evaluates each rule of the dataset scope on
its own, chunk by chunk as `compliance check` does, and prints the rules costliest first. The
whole-run figure of benchmarks/run.py is, give or take, the sum of these times the datasets.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.generate import generate  # noqa: E402
from compliance import catalog  # noqa: E402
from compliance import engine as engines  # noqa: E402
from compliance.engine.embedded import EmbeddedEngine  # noqa: E402
from compliance.loaders.inputs import load_inputs  # noqa: E402
from compliance.loaders.tabular import dataset_chunks  # noqa: E402

CHUNK = 1_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=2_000)
    parser.add_argument("--policy", action="append", type=Path, default=[], help="extra or overriding Rego dir")
    options = parser.parse_args(argv)
    os.environ["RUST_BACKTRACE"] = "0"
    with tempfile.TemporaryDirectory(prefix="compliance-rules-") as scratch:
        generate(Path(scratch), options.datasets, file_format="parquet")
        inputs = load_inputs([scratch])
    bundle = catalog.build_bundle(catalog.policy_files(tuple(options.policy)), {})
    rules = catalog.rules(bundle)
    scopes = engines.rule_scopes(bundle, rules)
    programs = json.dumps([document.value for document in inputs.of_kind("Program")])
    chunks = ['{"as_of":"2026-11-22","programs":' + programs + ',"datasets":[' + text + "]}"
              for text in (chunk.text for chunk in dataset_chunks(inputs.of_kind("StorageInventory"), CHUNK))]
    engine = EmbeddedEngine()
    costs: list[tuple[float, str, int]] = []
    for package, scope in sorted(scopes.items()):
        if scope is not engines.Scope.DATASET:
            continue
        findings, started = 0, time.process_time()
        for chunk in chunks:
            findings += len(engine.evaluate_json(bundle, chunk, f"data.{package}.deny"))
        costs.append(((time.process_time() - started) / options.datasets * 1e6, package, findings))
    print(f"{'us/dataset':>10}  {'findings':>8}  rule package ({options.datasets:,} datasets, chunks of {CHUNK:,})")
    for cost, package, findings in sorted(costs, reverse=True):
        print(f"{cost:>10.1f}  {findings:>8,}  {package} ({rules[package].id})")
    print(f"{sum(cost for cost, _, _ in costs):>10.1f}  {'':>8}  all {len(costs)} dataset rules, each on its own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
