"""Property-based: mutated manifests never crash; bad input is exit 2 with file and line."""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compliance.cli import main
from compliance.loaders.yaml_json import LoadError, load_file
from tests.conftest import AS_OF, MCI


class _KeepDates(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as the strings they were, as the tool's own loader does.

    PyYAML's SafeLoader would turn `2026-06-15T14:20:00Z` into a datetime that safe_dump writes
    back as `2026-06-15 14:20:00+00:00`, which is not RFC 3339: every mutant would then be bad
    input for that reason alone, and the valid-input branch below would never run.
    """


_KeepDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

PROGRAM = yaml.load((MCI / "program.yaml").read_text(encoding="utf-8"), Loader=_KeepDates)
STORAGE = (MCI / "storage.yaml").read_text(encoding="utf-8")
INVENTORY = yaml.load(STORAGE, Loader=_KeepDates)
CONTACT_CENTRE = MCI.parent / "contact_centre"
CSV_ROWS = (CONTACT_CENTRE / "storage.inventory.csv").read_text(encoding="utf-8").splitlines()
TERRAFORM = MCI.parent / "terraform"
PLAN = json.loads((TERRAFORM / "analytics.tfplan.json").read_text(encoding="utf-8"))
# The suite runs the same 25 examples every time (derandomized), so CI's verdict is reproducible;
# PROPERTY_EXAMPLES=N explores N fresh random examples a test (1,500 ran clean on 2026-12-04).
_EXPLORE = os.environ.get("PROPERTY_EXAMPLES")
SETTINGS = settings(max_examples=int(_EXPLORE or 25), derandomize=not _EXPLORE, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

values = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.text(max_size=12),
                   st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                                               max_size=2))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


PATHS = [path for path in _paths(PROGRAM) if path[0] not in ("apiVersion", "kind", "metadata")]
INVENTORY_PATHS = [path for path in _paths(INVENTORY) if path[0] == "datasets"]
PLAN_PATHS = _paths(PLAN)


def _mutate(document: dict[str, Any], path: tuple[Any, ...], action: str, value: Any) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    parent: Any = mutated
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif isinstance(parent, dict):
        parent[f"{last}_typo"] = value
    return mutated


def _run(program_text: str, storage_text: str = STORAGE, storage_name: str = "storage.yaml") -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "program.yaml"
        path.write_text(program_text, encoding="utf-8")
        (Path(directory) / storage_name).write_text(storage_text, encoding="utf-8")
        from io import StringIO
        from unittest import mock

        out, err = StringIO(), StringIO()
        with mock.patch("sys.stdout", out), mock.patch("sys.stderr", err), pytest.raises(SystemExit) as exited:
            main(["check", directory, "--format", "json", "--as-of", AS_OF])
        return int(exited.value.code or 0), out.getvalue(), err.getvalue().replace(directory, "<dir>")


def test_unmutated_manifest_round_trips_to_findings() -> None:
    """The mutants start from a valid program: dumped unchanged, it is checked, not refused."""
    code, out, err = _run(yaml.safe_dump(PROGRAM, sort_keys=False, allow_unicode=True))
    assert code == 1, err
    assert out.startswith("{")


@SETTINGS
@given(path=st.sampled_from(PATHS), action=st.sampled_from(["delete", "replace", "add"]), value=values)
@example(path=("program",), action="replace", value={"\x1e": 0})  # a record separator in a key
@example(path=("program", "description"), action="replace", value="line\u2028break\x1b[31m")
def test_mutated_manifest_never_crashes(path: tuple[Any, ...], action: str, value: Any) -> None:
    text = yaml.safe_dump(_mutate(PROGRAM, path, action, value), sort_keys=False, allow_unicode=True)
    _assert_clean_outcome(*_run(text))


@SETTINGS
@given(path=st.sampled_from(INVENTORY_PATHS), action=st.sampled_from(["delete", "replace", "add"]), value=values)
@example(path=("datasets", 0, "access", "readers", 0), action="replace", value="group:x\x1b[2J")
def test_mutated_inventory_never_crashes(path: tuple[Any, ...], action: str, value: Any) -> None:
    storage = yaml.safe_dump(_mutate(INVENTORY, path, action, value), sort_keys=False, allow_unicode=True)
    _assert_clean_outcome(*_run((MCI / "program.yaml").read_text(encoding="utf-8"), storage))


cells = st.one_of(st.text(max_size=12), st.sampled_from(["true", "false", "yes", "", "-1", "1e9", "4.5", "NaN",
                                                           "DE", "XX", "group:all-employees", "*", "a;b;;c"]))


@SETTINGS
@given(row=st.integers(1, len(CSV_ROWS) - 1), column=st.integers(0, 14), value=cells)
def test_mutated_csv_cell_never_crashes(row: int, column: int, value: str) -> None:
    """One cell of the contact centre's CSV inventory replaced (quoted as CSV needs): exit 0, 1 or 2, cleanly."""
    import csv
    import io

    rows = list(csv.reader(CSV_ROWS))
    rows[row][column] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    program = (CONTACT_CENTRE / "program.yaml").read_text(encoding="utf-8")
    _assert_clean_outcome(*_run(program, buffer.getvalue(), "storage.inventory.csv"))


@SETTINGS
@given(path=st.sampled_from(PLAN_PATHS), action=st.sampled_from(["delete", "replace", "add"]), value=values)
@example(path=("planned_values", "root_module", "child_modules"), action="replace", value=1)
def test_mutated_terraform_plan_never_crashes(path: tuple[Any, ...], action: str, value: Any) -> None:
    plan = json.dumps(_mutate(PLAN, path, action, value), indent=1)
    program = (TERRAFORM / "program.yaml").read_text(encoding="utf-8")
    _assert_clean_outcome(*_run(program, plan, "analytics.tfplan.json"))


def test_unmutated_inventories_give_findings() -> None:
    """The inventory mutants start valid too: YAML dumped unchanged, the CSV and the plan as shipped."""
    program = (MCI / "program.yaml").read_text(encoding="utf-8")
    assert _run(program, yaml.safe_dump(INVENTORY, sort_keys=False, allow_unicode=True))[0] == 1
    csv_program = (CONTACT_CENTRE / "program.yaml").read_text(encoding="utf-8")
    assert _run(csv_program, "\n".join(CSV_ROWS) + "\n", "storage.inventory.csv")[0] == 1
    plan_program = (TERRAFORM / "program.yaml").read_text(encoding="utf-8")
    assert _run(plan_program, json.dumps(PLAN), "analytics.tfplan.json")[0] == 1


def _assert_clean_outcome(code: int, out: str, err: str) -> None:
    """No traceback; bad input is exit 2 with every problem on one line at a file (and line); else JSON."""
    assert "Traceback" not in err and "internal error" not in err
    assert code in (0, 1, 2), err
    if code == 2:
        lines = err.strip().splitlines()
        assert lines[-1].endswith("nothing was evaluated"), err
        assert all(re.match(r"^<dir>/[\w.]+\.(yaml|csv|json)(:\d+:\d+)?: ", line) for line in lines[:-1]), err
    else:
        assert out.startswith("{")


@SETTINGS
@given(text=st.text(max_size=300))
def test_loader_on_arbitrary_text_raises_only_load_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "x.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_file(path)
        except LoadError as error:
            assert str(error).startswith(str(path))
