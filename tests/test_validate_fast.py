"""The compiled accept check of loaders/validate.py changes no problem: on documents with planted
schema violations, `schema_problems` gives the same problems (file, line, column, field, message,
order) with it as with jsonschema alone."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from compliance.loaders import validate
from compliance.loaders.document import Document, PathKey
from compliance.loaders.validate import KINDS, schema_problems
from compliance.loaders.yaml_json import load_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Values planted in place of a field: wrong types, out of range, bad patterns and dates, empty
# strings and lists, repeated items, unknown fields, the integer/float/bool edges of JSON Schema.
ODD_VALUES: list[Any] = [
    -1, 0, 1, 1.0, 1.5, 3, 4, 5, 10**12, True, False, "", "x", "X Y", "2026-13-45", "2026-06-01",
    "2026-06-01T10:00:00Z", "2026-06-01 10:00", "DE", "de", "group:all", "user:", [], {}, ["a", "a"],
    ["a", "b"], [1, 1], [1, True], [{"a": 1}, {"a": 1}], {"zz": 1}, {"id": "x"}, ["x"], [None], "personal",
]


def _paths(value: Any, path: PathKey = ()) -> list[PathKey]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _mutate(value: Any, rng: random.Random) -> Any:
    """value with one to three planted violations (a field replaced, removed or added)."""
    value = copy.deepcopy(value)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_paths(value)[1:])
        parent = value
        for part in path[:-1]:
            parent = parent[part]
        action = rng.random()
        target = parent[path[-1]]
        if isinstance(target, list) and target and action < 0.3:
            target.append(copy.deepcopy(target[0]))  # a repeated item
        elif action < 0.6:
            parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif action < 0.8 and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[rng.choice(["unknown", "ownr", "sensitivty", "x-y"])] = rng.choice(ODD_VALUES)
    return value


def _documents() -> list[Document]:
    documents = [document for sample in sorted(SAMPLES.glob("*/*.yaml")) for document in load_file(sample)]
    return [document for document in documents if document.kind in KINDS]


def _both(document: Document) -> tuple[list[str], list[str]]:
    def shown(problems: list[Any]) -> list[str]:
        return [f"{p.path}:{p.line}:{p.column}: {p.field}: {p.message}" for p in problems]

    return shown(schema_problems(document, fast=True)), shown(schema_problems(document, fast=False))


def test_every_kind_is_compiled() -> None:
    """Each shipped schema uses only keywords the accept check compiles; otherwise it would not be used."""
    assert all(validate._accept(kind) is not None for kind in KINDS)


def test_a_schema_with_a_keyword_not_compiled_is_left_to_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = copy.deepcopy(validate.strict_schema("Waivers"))
    schema["properties"]["waivers"]["minItems"] = 1
    validate._accept.cache_clear()
    monkeypatch.setattr(validate, "strict_schema", lambda kind: schema)
    try:
        assert validate._accept("Waivers") is None
    finally:
        validate._accept.cache_clear()


def test_the_samples_have_no_problem_either_way() -> None:
    for document in _documents():
        assert _both(document) == ([], []), document.path


@pytest.mark.parametrize("seed", range(3))
def test_planted_violations_give_the_same_problems(seed: int) -> None:
    rng = random.Random(seed)
    with_problems = 0
    for document in _documents():
        for _ in range(40):
            value = _mutate(document.value, rng)
            mutated = Document(document.path, 0, value, "", document.positions)
            fast, slow = _both(mutated)
            assert fast == slow, json.dumps(value, default=str)[:2000]
            with_problems += bool(slow)
    assert with_problems > 60  # the mutations do plant violations


def test_a_large_inventory_with_a_few_bad_datasets() -> None:
    """jsonschema sees only the datasets the check refuses: their problems keep their own index
    (the order is the index as text: datasets[10] before datasets[9], as before)."""
    [inventory] = [d for d in load_file(SAMPLES / "mci" / "storage.yaml") if d.kind == "StorageInventory"]
    datasets = [dict(inventory.value["datasets"][index % len(inventory.value["datasets"])], id=f"t{index}")
                for index in range(40)]
    datasets[9]["sensitivity"] = 9
    datasets[10]["personal_data"] = "yes"
    datasets[31]["ownr"] = "x"
    del datasets[35]["id"]
    value = {**inventory.value, "datasets": datasets, "extra": 1}
    fast, slow = _both(Document(inventory.path, 0, value, "", inventory.positions))
    assert fast == slow
    assert [line.split(": ")[1] for line in fast] == ["extra", "datasets[10].personal_data", "datasets[31].ownr",
                                                     "datasets[35]", "datasets[9].sensitivity"]


def test_the_samples_are_accepted_without_jsonschema() -> None:
    """The shipped samples take the fast path whole (lists of integers such as wp248_criteria included),
    so a run on valid inputs never imports jsonschema (tests/test_layers.py checks the import)."""
    for document in _documents():
        assert validate.accepts(document.kind, document.value), document.path


@pytest.mark.parametrize("name", ["date", "date-time"])
def test_formats_are_judged_as_jsonschema_judges_them(name: str) -> None:
    from jsonschema import Draft202012Validator

    values: list[Any] = ["2026-06-01", "2026-02-30", "2026-6-1", "2026-06-01T10:00:00Z", "2026-06-01t10:00:00z",
                         "2026-06-01T10:00:00+02:00", "2026-06-01T25:00:00Z", "2026-06-01 10:00:00Z", "",
                         "\u0662\u0660\u0662\u0666-06-01", "2026-06-01\n", 20260601, None, True, ["2026-06-01"]]
    for value in values:
        assert validate.format_conforms(value, name) == Draft202012Validator.FORMAT_CHECKER.conforms(value, name), value
