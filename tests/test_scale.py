"""Evaluation at scale: chunks, scopes and worker processes give the findings of one whole-input run.

Timing lives in benchmarks/run.py; these tests only check that the split changes nothing.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import KINDS, generate
from compliance import catalog, runner
from compliance import engine as engines
from compliance.catalog import RuleMeta
from compliance.engine import EngineOptions, Scope
from compliance.engine.embedded import EmbeddedEngine
from compliance.engine.interface import EngineError, PolicyModule
from compliance.evaluation import TabularResourceIndex
from compliance.findings import Finding
from compliance.loaders.inputs import load_inputs
from compliance.runner import RunOptions, execute, join
from tests.conftest import AS_OF, MCI

AS_OF_DATE = datetime.date.fromisoformat(AS_OF)


def whole_input_findings(paths: tuple[str, ...], policy_dirs: tuple[Path, ...] = ()) -> list[Finding]:
    """The reference: main.rego's `findings` on the whole input document, in one call."""
    inputs = load_inputs(paths)
    bundle = catalog.build_bundle(catalog.policy_files(policy_dirs), {})
    rules = catalog.rules(bundle)
    document = dict(runner.engine_input(inputs, AS_OF_DATE))
    raw = EmbeddedEngine().evaluate(bundle, document)
    return join(raw, rules, TabularResourceIndex(inputs.documents), AS_OF_DATE)


def shown(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return sorted((f.rule, f.severity.value, f.resource, f.message, f.location, f.field_path, repr(f.evidence))
                  for f in findings)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    def set_size(size: int) -> None:
        monkeypatch.setattr(runner, "CHUNK_DATASETS", size)

    return set_size


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("warehouse")
    generate(directory, 1_200, file_format="csv", rate=0.04, seed=7)
    return directory


def test_chunks_of_the_mci_sample_give_the_whole_input_findings(small_chunks: Callable[[int], None]) -> None:
    small_chunks(2)  # the sample's 12 datasets in 6 chunks
    run = execute(RunOptions(paths=(str(MCI),), as_of=AS_OF_DATE))
    assert run.result.findings
    assert shown(list(run.result.findings)) == shown(whole_input_findings((str(MCI),)))


def test_worker_processes_give_the_whole_input_findings(
    warehouse: Path, small_chunks: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    small_chunks(300)
    monkeypatch.setattr(engines, "POOL_MIN_CHUNKS", 2)
    run = execute(RunOptions(paths=(str(warehouse),), as_of=AS_OF_DATE, engine=EngineOptions(workers=2)))
    assert shown(list(run.result.findings)) == shown(whole_input_findings((str(warehouse),)))


def test_the_planted_violations_are_found(warehouse: Path) -> None:
    run = execute(RunOptions(paths=(str(warehouse),), as_of=AS_OF_DATE))
    on_datasets = [f for f in run.result.findings if f.resource.startswith("dataset:")]
    for kind, rule_ids in KINDS.items():
        for rule_id in rule_ids.rules:
            assert sum(f.rule == rule_id for f in on_datasets) == 48, kind  # 1,200 x 0.04
    assert {f.rule for f in on_datasets} == {rule for kind in KINDS.values() for rule in kind.rules}


# -- scopes -------------------------------------------------------------------------------------------


def meta(inputs: str, scope: str = "") -> RuleMeta:
    """A rule read from a METADATA block with these inputs (and `scope:` line, if any)."""
    source = (f"# METADATA\n# title: t\n# custom:\n#   id: X-1\n#   severity: low\n#   legal: [l]\n"
              f"#   recommended_action: r\n#   inputs: {inputs}\n{scope}package compliance.rules.x.y\n")
    return catalog.read_rule(PolicyModule("rules/x/y.rego", source))


def test_a_rule_scope_follows_its_inputs_unless_it_declares_one() -> None:
    assert meta("[StorageInventory]").scope is Scope.DATASET
    assert meta("[StorageInventory, Program]").scope is Scope.DATASET
    assert meta("[Program]").scope is Scope.PROGRAM
    declared = "#   scope: inventory   # counts datasets\n"
    assert meta("[StorageInventory]", declared).scope is Scope.INVENTORY
    with pytest.raises(EngineError, match=r"rules/x/y.rego:1: bad # METADATA block: custom\.scope: \"everything\" "
                                          r"is not one of: dataset, program, inventory"):
        meta("[Program]", declared.replace("inventory", "everything"))


def test_the_generated_entrypoints_name_every_rule_once() -> None:
    """Each shipped rule has a scope, and the generated entrypoints name every rule package once."""
    bundle = catalog.build_bundle(catalog.policy_files(), {})
    scopes = catalog.scopes(catalog.rules(bundle))
    module = engines.entrypoints_module(scopes)
    for package in scopes:
        assert module.count(f"data.{package}.deny\n") == 1


COUNTING_RULES = """\
# METADATA
# title: {title}
# custom:
#   id: TEST-SCALE-{number}
#   severity: low
#   legal: ["none"]
#   recommended_action: none
#   inputs: [StorageInventory, Program]
{scope}package compliance.rules.scale.{name}

deny contains {{"resource": "program:telemetry", "field": "", "msg": msg, "evidence": {{}}}} if {{
	msg := sprintf("{prefix} %d datasets", [count(input.datasets)])
}}
"""


@pytest.fixture
def counting_policies(tmp_path: Path) -> Path:
    rules = tmp_path / "policies" / "rules" / "scale"
    rules.mkdir(parents=True)
    (rules / "whole.rego").write_text(COUNTING_RULES.format(
        title="Counts every dataset", number="001", scope="#   scope: inventory\n", name="whole", prefix="all",
    ), encoding="utf-8")
    (rules / "same.rego").write_text(COUNTING_RULES.format(
        title="Says the same in every chunk", number="002", scope="", name="same", prefix="no",
    ).replace('[count(input.datasets)]', "[0]"), encoding="utf-8")
    return tmp_path / "policies"


def test_inventory_rules_see_every_dataset_and_shared_findings_come_once(
    warehouse: Path, counting_policies: Path, small_chunks: Callable[[int], None]
) -> None:
    small_chunks(500)
    run = execute(RunOptions(paths=(str(warehouse),), as_of=AS_OF_DATE, policy_dirs=(counting_policies,)))
    messages = sorted(f.message for f in run.result.findings if f.rule.startswith("TEST-SCALE"))
    assert messages == ["all 1200 datasets", "no 0 datasets"]


def test_no_datasets_still_runs_the_dataset_rules(write: Callable[[str, str], Path]) -> None:
    path = write("program.yaml", (MCI / "program.yaml").read_text(encoding="utf-8"))
    run = execute(RunOptions(paths=(str(path),), as_of=AS_OF_DATE))
    assert shown(list(run.result.findings)) == shown(whole_input_findings((str(path),)))


# -- progress ------------------------------------------------------------------------------------------


def steps(total: int, quiet: bool) -> None:
    with runner._progress(total, quiet) as step:
        for _ in range(total):
            step(engines.Job("data.x", "{}"))


def test_a_progress_bar_on_a_terminal_for_many_chunks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    steps(runner.PROGRESS_MIN_CHUNKS, quiet=False)
    assert "evaluating" in capsys.readouterr().err


def test_quiet_few_chunks_or_no_terminal_show_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    steps(runner.PROGRESS_MIN_CHUNKS, quiet=False)  # not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    steps(runner.PROGRESS_MIN_CHUNKS, quiet=True)
    steps(runner.PROGRESS_MIN_CHUNKS - 1, quiet=False)
    assert capsys.readouterr().err == ""


def test_a_run_counts_its_engine_calls_for_the_progress_bar(
    warehouse: Path, small_chunks: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    small_chunks(100)
    asked: list[tuple[int, bool]] = []
    real = runner._progress

    def recording(total: int, quiet: bool) -> Any:
        asked.append((total, quiet))
        return real(total, quiet)

    monkeypatch.setattr(runner, "_progress", recording)
    execute(RunOptions(paths=(str(warehouse),), as_of=AS_OF_DATE, quiet=True, engine=EngineOptions(workers=1)))
    assert asked == [(12 + 1, True)]  # 1,200 datasets in chunks of 100, and the program rules once


def test_workers_come_from_the_options_the_environment_or_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(engines.WORKERS_ENV, raising=False)
    assert engines.worker_count(EngineOptions()) == engines.cpu_count()
    monkeypatch.setenv(engines.WORKERS_ENV, "3")
    assert engines.worker_count(EngineOptions()) == 3
    assert engines.worker_count(EngineOptions(workers=1)) == 1
    monkeypatch.setenv(engines.WORKERS_ENV, "many")
    with pytest.raises(EngineError, match="COMPLIANCE_WORKERS='many'"):
        engines.worker_count(EngineOptions())
