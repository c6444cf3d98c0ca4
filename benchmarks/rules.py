"""What each dataset rule costs: CPU microseconds per dataset on the embedded engine (regorus).

    python benchmarks/rules.py [--datasets 2000] [--policy DIR]

Generates a warehouse (benchmarks/generate.py), then evaluates each rule of the dataset scope on
its own, chunk by chunk as `compliance check` does, and prints the rules costliest first, then all
of them together through the dataset entrypoint (what `check` evaluates). Each figure is CPU time per
dataset, the best of --repeat runs, and includes the fixed cost of an engine call (reading the
chunk's JSON, about 5 us a dataset), which the `engine call` line shows alone. The whole-run figure
of benchmarks/run.py is, give or take, the `together` line times the datasets.
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
from compliance.evaluation import dataset_chunks  # noqa: E402
from compliance.loaders.inputs import load_inputs  # noqa: E402

CHUNK = 1_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=2_000)
    parser.add_argument("--policy", action="append", type=Path, default=[], help="extra or overriding Rego dir")
    parser.add_argument("--repeat", type=int, default=3, help="runs per rule; the best is shown")
    options = parser.parse_args(argv)
    os.environ["RUST_BACKTRACE"] = "0"
    with tempfile.TemporaryDirectory(prefix="compliance-rules-") as scratch:
        generate(Path(scratch), options.datasets, file_format="parquet")
        inputs = load_inputs([scratch])
    bundle = catalog.build_bundle(catalog.policy_files(tuple(options.policy)), {})
    rules = catalog.rules(bundle)
    scopes = catalog.scopes(rules)
    programs = json.dumps([document.value for document in inputs.of_kind("Program")])
    chunks = ['{"as_of":"2026-11-22","programs":' + programs + ',"datasets":[' + text + "]}"
              for text in (chunk.text for chunk in dataset_chunks(inputs.of_kind("StorageInventory"), CHUNK))]
    scoped = engines.scoped_bundle(bundle, scopes)
    engine = EmbeddedEngine()

    def cost(path: str) -> tuple[float, int]:
        """Best CPU microseconds per dataset of evaluating `path` on every chunk, and its findings."""
        best, findings = float("inf"), 0
        for _ in range(max(1, options.repeat)):
            findings, started = 0, time.process_time()
            for chunk in chunks:
                value = json.loads(engine.evaluate_json_text(scoped, chunk, path))
                findings += len(value) if isinstance(value, list) else 0
            best = min(best, time.process_time() - started)
        return best / options.datasets * 1e6, findings

    engine.evaluate_json_text(scoped, chunks[0], engines.DATASET_ENTRYPOINT)  # load and prepare the bundle once
    costs: list[tuple[float, str, int]] = []
    for package, scope in sorted(scopes.items()):
        if scope is engines.Scope.DATASET:
            us, findings = cost(f"data.{package}.deny")
            costs.append((us, package, findings))
    print(f"{'us/dataset':>10}  {'findings':>8}  rule package ({options.datasets:,} datasets, chunks of {CHUNK:,})")
    for us, package, findings in sorted(costs, reverse=True):
        print(f"{us:>10.1f}  {findings:>8,}  {package} ({rules[package].id})")
    print(f"{sum(us for us, _, _ in costs):>10.1f}  {'':>8}  all {len(costs)} dataset rules, each on its own")
    together, findings = cost(engines.DATASET_ENTRYPOINT)
    print(f"{together:>10.1f}  {findings:>8,}  together: {engines.DATASET_ENTRYPOINT}")
    fixed, _ = cost("data.compliance.lib.worker_categories")
    print(f"{fixed:>10.1f}  {'':>8}  engine call alone (reading the chunk, a constant rule)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
