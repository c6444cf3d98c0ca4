"""Golden outputs, held byte for byte by tests/test_golden.py:

- `check/<sample>.json`: `compliance check samples/<sample> --as-of 2026-11-22 --format json`, run from the
  repository root (so every path in it is relative), for every directory of samples/;
- `terraform/<plan>.json`: the StorageInventory the plan reader makes of each Terraform plan the tests
  use (samples/terraform and the small plans of tests/terraform_plans.py): every dataset, the
  position of every field, and the notes on what is unknown until apply.

Normalised, because they change without any change of behaviour: the check outputs' `tool.version`
and `tool.policy_digest` (any edit of a Rego file or of the version). Everything else is compared as
written, byte for byte.

A change that is meant to alter findings (a rule) or what a plan becomes regenerates them; review
the diff of tests/data/golden/ before committing it:

    .venv/bin/python -m tests.golden --update
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.conftest import AS_OF, REPO, SAMPLES
from tests.terraform_plans import SCENARIOS, plan_text

GOLDEN = REPO / "tests" / "data" / "golden"
SAMPLE_PLAN = "samples/terraform/analytics.tfplan.json"
_NORMALISED = {"version": "<tool version>", "policy_digest": "<policy digest>"}


def check_output(sample: str) -> str:
    """The JSON output of `compliance check` on one sample directory, run in-process from the repository root."""
    from compliance.cli import main

    with tempfile.TemporaryDirectory(prefix="compliance-golden-") as directory, contextlib.chdir(REPO):
        output = Path(directory) / "findings.json"
        with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):
            main(["check", f"samples/{sample}", "--as-of", AS_OF, "--format", "json", "-o", str(output), "--quiet"])
        if not output.exists():
            raise AssertionError(f"compliance check samples/{sample} wrote no output")
        text = output.read_text(encoding="utf-8")
    return normalised(text, f"samples/{sample}")


def normalised(text: str, where: str) -> str:
    """The JSON output of a check with its tool version and policy digest replaced by placeholders."""
    tool = json.loads(text)["tool"]
    for key, placeholder in _NORMALISED.items():
        written = f'"{key}": {json.dumps(tool[key])}'
        if text.count(written) != 1:
            raise AssertionError(f"{where}: {written} is not in the output exactly once")
        text = text.replace(written, f'"{key}": "{placeholder}"')
    return text


def plan_output(name: str) -> str:
    """What the plan reader makes of one plan: the document's value, each field's position, the notes."""
    from compliance.loaders.terraform import load_plan

    if name == "analytics":
        with contextlib.chdir(REPO):
            inventory = load_plan(Path(SAMPLE_PLAN))
    else:
        with tempfile.TemporaryDirectory(prefix="compliance-golden-") as directory:
            path = Path(directory) / f"{name}.tfplan.json"
            path.write_text(plan_text(*SCENARIOS[name]), encoding="utf-8")
            inventory = load_plan(path, display=f"{name}.tfplan.json")
    document = inventory.document
    value = {
        "path": document.path,
        "sha256": document.sha256,
        "value": document.value,
        "positions": [[list(key), position.line, position.column]
                      for key, position in sorted(document.positions.items(), key=lambda item: repr(item[0]))],
        "notes": [str(note) for note in inventory.notes],
    }
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def cases() -> dict[str, Callable[[], str]]:
    """Golden file (relative to GOLDEN) -> what makes its content now."""
    made: dict[str, Callable[[], str]] = {}
    for sample in sorted(path.name for path in SAMPLES.iterdir() if path.is_dir()):
        made[f"check/{sample}.json"] = lambda sample=sample: check_output(sample)  # type: ignore[misc]
    for name in ("analytics", *SCENARIOS):
        made[f"terraform/{name}.json"] = lambda name=name: plan_output(name)  # type: ignore[misc]
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite tests/data/golden/ from the current code")
    arguments = parser.parse_args(argv)
    made = cases()
    stale = [path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*.json")
             if path.relative_to(GOLDEN).as_posix() not in made] if GOLDEN.exists() else []
    differ = []
    for name, make in made.items():
        path = GOLDEN / name
        text = make()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        differ.append(name)
        if arguments.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if arguments.update:
        for name in stale:
            (GOLDEN / name).unlink()
    for name in differ:
        print(f"{'updated' if arguments.update else 'differs'}: tests/data/golden/{name}")
    for name in stale:
        print(f"{'removed' if arguments.update else 'stale'}: tests/data/golden/{name}")
    return 0 if arguments.update or not (differ or stale) else 1


if __name__ == "__main__":
    sys.exit(main())
