"""Examples of a rule firing and staying quiet, taken from the rule's own Rego tests.

Every rule has tests beside it (`<rule>_test.rego`) that build small inputs and evaluate the
rule on them: `test_*_fires` ones that make it fire, `test_*_quiet` ones that keep it quiet. To
see those inputs, the rule is loaded with one extra `deny` clause that prints each input it is
evaluated on and then fails (so it adds no finding), and the tests are run on the embedded engine.

Each captured input is then written as the YAML documents a person would write (a Program per
program, a StorageInventory for the datasets) and checked as a person would check it: loaded,
validated and evaluated by the same pipeline as `compliance check`. A "fires" example is kept only
if that run reports the rule, a "passes" example only if it does not. Inputs that only work with
overridden parameters, or that do not validate as documents, are passed over.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from compliance import catalog
from compliance.catalog import RuleMeta
from compliance.engine.interface import PolicyBundle, PolicyModule

API_VERSION = "privacy.compliance/v1"
EXAMPLE_AS_OF = "2026-12-01"  # the date an example is judged as of when its test gives none
EXAMPLE_INVENTORY = "example-inventory"
_MARK = "EXPLAIN-INPUT "
_CAPTURE_CLAUSE = """

# Added by `compliance explain`: prints each input this rule is evaluated on, adds nothing.
deny contains "__explain_capture__" if {
\tprint("EXPLAIN-INPUT", json.marshal({"input": input, "params": data.compliance.params}))
\tfalse
}
"""


@dataclass(frozen=True)
class Capture:
    """One input a Rego test evaluated the rule on, and what the rule said about it."""

    test: str
    input: Mapping[str, Any]
    params: Mapping[str, Any]
    findings: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Example:
    """Documents that, checked as of `as_of`, make the rule fire (messages) or leave it quiet."""

    test: str  # the Rego test the input comes from
    as_of: str
    yaml: str  # the documents as YAML, exactly as checked
    messages: tuple[str, ...]  # the rule's finding messages on them (none for a passing example)


def test_module_path(meta: RuleMeta) -> str:
    return meta.path.removesuffix(".rego") + "_test.rego"


def captures(meta: RuleMeta, files: Mapping[str, Path]) -> list[Capture]:
    """Every input the rule's tests evaluate it on, in the order of the tests."""
    from compliance.engine.embedded import _regorus

    test_path = test_module_path(meta)
    if test_path not in files:
        return []
    bundle = catalog.build_bundle(files, {}, with_tests=True)
    engine = _regorus().Engine()
    engine.set_gather_prints(True)
    for module in _modules(bundle, meta, test_path):
        engine.add_policy(module.path, module.source)
    engine.add_data_json(json.dumps(bundle.data))
    tests = [name for path, _, name in catalog.rego_tests(bundle) if path == test_path]
    found: list[Capture] = []
    for name in tests:
        try:
            engine.eval_rule_as_json(f"data.{meta.package}_test.{name}")
        except (RuntimeError, ValueError):  # a broken test: `compliance test` reports it
            engine.take_prints()
            continue
        for printed in engine.take_prints():
            if _MARK in printed:
                recorded = json.loads(printed.split(_MARK, 1)[1])
                found.append(Capture(name, recorded["input"], recorded["params"], ()))
    return [_with_findings(engine, meta, capture) for capture in found]


def _modules(bundle: PolicyBundle, meta: RuleMeta, test_path: str) -> Iterator[PolicyModule]:
    for module in bundle.modules:
        if module.path == meta.path:
            yield PolicyModule(module.path, module.source + _CAPTURE_CLAUSE)
        elif module.path == test_path or not module.path.endswith("_test.rego"):
            yield module


def _with_findings(engine: Any, meta: RuleMeta, capture: Capture) -> Capture:
    """The capture with the rule's own findings on its input; none where the test set parameters."""
    if capture.params:
        return capture
    engine.set_input_json(json.dumps(capture.input))
    try:
        value = json.loads(engine.eval_rule_as_json(f"data.{meta.package}.deny"))
    except (RuntimeError, ValueError):  # the rule fails on this input: never an example (the check fails too)
        value = []
    finally:
        engine.take_prints()
    findings = tuple(item for item in value if isinstance(item, dict)) if isinstance(value, list) else ()
    return Capture(capture.test, capture.input, capture.params, findings)


def documents(engine_input: Mapping[str, Any], drop_nulls: bool = False, unlink: bool = False) -> list[dict[str, Any]]:
    """The engine input written back as the documents a person writes: Programs, then inventories.

    A dataset naming a program the input does not hold (a test of a dataset rule often gives none)
    gets a bare Program of that id, or, with `unlink`, loses its `program` field: a document may not
    name a program that is not given, and which of the two keeps the rule's verdict depends on the
    rule, so both are tried. A data category a purpose names but the program does not declare (tests
    leave out what their rule does not read) is declared with its id alone. With `drop_nulls`,
    null-valued fields are left out.
    """
    programs = [_declare_categories(_document("Program", program)) for program in engine_input.get("programs") or ()]
    named = {str(program.get("metadata", {}).get("id")) for program in programs}
    inventories: dict[str, list[dict[str, Any]]] = {}
    for dataset in engine_input.get("datasets") or ():
        entry = {key: value for key, value in dataset.items() if key != "inventory"}
        inventories.setdefault(str(dataset.get("inventory") or EXAMPLE_INVENTORY), []).append(entry)
        program = dataset.get("program")
        if isinstance(program, str) and program not in named:
            if unlink:
                del entry["program"]
            else:
                named.add(program)
                programs.append({"apiVersion": API_VERSION, "kind": "Program", "metadata": {"id": program}})
    result = [*programs, *(
        {"apiVersion": API_VERSION, "kind": "StorageInventory", "metadata": {"id": inventory}, "datasets": entries}
        for inventory, entries in inventories.items()
    )]
    return [_without_nulls(document) for document in result] if drop_nulls else result


def _document(kind: str, value: Mapping[str, Any]) -> dict[str, Any]:
    head = {"apiVersion": API_VERSION, "kind": kind}
    if "metadata" in value:
        head["metadata"] = value["metadata"]
    return {**head, **{key: item for key, item in value.items() if key not in head}}


def _declare_categories(program: dict[str, Any]) -> dict[str, Any]:
    """program with each data category id its purposes name declared in data_categories."""
    categories = program.get("data_categories")
    purposes = program.get("purposes")
    if not isinstance(purposes, list) or not (categories is None or isinstance(categories, list)):
        return program
    declared = [category for category in categories or () if isinstance(category, dict)]
    known = {category.get("id") for category in declared}
    missing = [ref for purpose in purposes if isinstance(purpose, dict)
               for ref in purpose.get("data_category_ids") or () if isinstance(ref, str) and ref not in known]
    if not missing:
        return program
    added = [{"id": ref} for ref in dict.fromkeys(missing)]
    return {**program, "data_categories": [*(categories or ()), *added]}


def _without_nulls(value: Any) -> Any:
    """value with every null-valued key left out: `null` means "not declared", as an absent key."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _id_first(value: Any) -> Any:
    """value with each mapping's `id` key first, so list entries read as `- id: ...`."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: key != "id")  # stable: the other keys keep their order
        return {key: _id_first(value[key]) for key in keys}
    if isinstance(value, list):
        return [_id_first(item) for item in value]
    return value


def as_yaml(docs: Sequence[Mapping[str, Any]]) -> str:
    return yaml.safe_dump_all([_id_first(document) for document in docs], sort_keys=False, allow_unicode=True,
                              width=100, explicit_start=True)


def check_example(text: str, meta: RuleMeta, as_of: str, policy_dirs: Sequence[Path] = ()) -> list[str] | None:
    """The rule's finding messages when `text` is checked like a file; None when that fails."""
    from compliance import runner
    from compliance.errors import ComplianceError

    with tempfile.TemporaryDirectory(prefix="compliance-explain-") as directory:
        path = Path(directory) / "example.yaml"
        path.write_text(text, encoding="utf-8")
        options = runner.RunOptions(paths=(str(path),), policy_dirs=tuple(policy_dirs), rules=(meta.id,),
                                    as_of=datetime.date.fromisoformat(as_of), quiet=True)
        try:
            result = runner.run_check(options)
        except ComplianceError:  # refused as input, or the engine failed on it: not an example
            return None
    return [finding.message for finding in result.findings if finding.package == meta.package]


def _candidates(found: Sequence[Capture], fires: bool) -> Iterator[Capture]:
    """Captures of tests named for the wanted outcome first, then of other tests, in test order."""
    usable = [capture for capture in found if not capture.params and bool(capture.findings) == fires]
    named = [capture for capture in usable if ("quiet" in capture.test) != fires]
    yield from named
    yield from (capture for capture in usable if capture not in named)


def _as_of(capture: Capture) -> str:
    value = capture.input.get("as_of")
    try:
        return datetime.date.fromisoformat(value).isoformat() if isinstance(value, str) else EXAMPLE_AS_OF
    except ValueError:
        return EXAMPLE_AS_OF


def pick(meta: RuleMeta, found: Sequence[Capture], fires: bool, policy_dirs: Sequence[Path] = ()) -> Example | None:
    """The first captured input that, written as documents and checked, fires (or passes) the rule."""
    tried: set[str] = set()
    for capture in _candidates(found, fires):
        as_of = _as_of(capture)
        for unlink, drop_nulls in ((False, False), (False, True), (True, False), (True, True)):
            text = as_yaml(documents(capture.input, drop_nulls, unlink))
            if text in tried:
                continue
            tried.add(text)
            messages = check_example(text, meta, as_of, policy_dirs)
            if messages is not None and bool(messages) == fires:
                return Example(capture.test, as_of, text, tuple(messages))
    return None
