"""What reading a Terraform plan costs, phase by phase, in one process: the plan reader alone.

    python benchmarks/plan_reader.py [PLAN] [--repeat 5]

PLAN defaults to the 2,000-bucket plan of the checkov comparison (benchmarks/run.py; generated
under benchmarks/.data/terraform-2000/ when missing). Each phase is run `--repeat` times and its
best and median are printed, in CPU time (time.process_time: what the code costs) and wall time
(what a shared VM adds moves by a factor of 2 or more):

- parse: the JSON text into values, recording where each module and resource starts
  (compliance/loaders/terraform/positions.py);
- walk: the plan's resources, their configuration and unknowns, companions joined (plan.py);
- datasets: the services turning resources into datasets, with their notes (services.py);
- read_plan: the whole reader, bytes to StorageInventory (the three above, the file's digest, the
  document), as `compliance check` runs it with the cyclic garbage collector paused;
- locate every field: the position of every dataset field, which a check never asks for (it
  locates only what a finding or note points at); shown to compare with reading.

benchmarks/run.py prints the read_plan line beside its checkov comparison.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_PLAN = REPO / "benchmarks" / ".data" / "terraform-2000" / "buckets.tfplan.json"


def phases(plan: Path, repeat: int = 3) -> dict[str, tuple[list[float], list[float]]]:
    """(CPU seconds, wall seconds) of each run of each phase of reading `plan`."""
    from compliance.loaders.document import Document
    from compliance.loaders.terraform import read_plan
    from compliance.loaders.terraform.plan import Plan
    from compliance.loaders.terraform.positions import parse_plan
    from compliance.loaders.terraform.services import registry

    raw = plan.read_bytes()
    timings: dict[str, tuple[list[float], list[float]]] = {}

    def timed(name: str, work: Callable[[], Any]) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        result = work()
        cpus, walls = timings.setdefault(name, ([], []))
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
        return result

    for _ in range(repeat):
        gc.disable()  # as read_plan does
        try:
            value, positions = timed("parse", lambda: parse_plan(raw.decode("utf-8-sig")))
            walked = timed("walk", partial(Plan, Document(str(plan), 0, value, "", positions), registry().joins))
            timed("datasets", partial(_datasets_of, walked))
            del value, positions, walked
        finally:
            gc.enable()
        inventory = timed("read_plan", partial(read_plan, plan, raw=raw))
        timed("locate every field", partial(_every_position, inventory.document))
        del inventory
        gc.collect()
    return timings


def _datasets_of(plan: Any) -> list[Any]:
    from compliance.loaders.terraform.reader import _datasets

    return [(dataset.value(), dataset.problems()) for dataset in _datasets(plan)]


def _every_position(document: Any) -> dict[Any, Any]:
    return dict(document.positions.items())


def read_plan_seconds(plan: Path, repeat: int = 3) -> tuple[float, float]:
    """Best CPU and best wall time of read_plan on `plan` (in this process)."""
    cpus, walls = phases(plan, repeat)["read_plan"]
    return min(cpus), min(walls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", nargs="?", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args(argv)
    if not options.plan.exists() and options.plan == DEFAULT_PLAN:
        from benchmarks.generate import PROGRAM_YAML
        from benchmarks.terraform_plan import write_plan

        write_plan(options.plan, 2_000)
        (options.plan.parent / "program.yaml").write_text(PROGRAM_YAML, encoding="utf-8")
    size = options.plan.stat().st_size
    print(f"{options.plan} ({size / 1e6:.1f} MB), {options.repeat} runs; best (median) in ms")
    print(f"{'phase':>20} {'CPU':>16} {'wall':>16}")
    for name, (cpus, walls) in phases(options.plan, options.repeat).items():
        print(f"{name:>20} {min(cpus) * 1e3:>7.1f} ({statistics.median(cpus) * 1e3:>6.1f}) "
              f"{min(walls) * 1e3:>7.1f} ({statistics.median(walls) * 1e3:>6.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
