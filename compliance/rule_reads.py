"""Which fields a rule reads, found from what it does rather than from what it says.

Two honest sources: the fields its findings point at (the literal `field` argument of each
`lib.finding(...)` call in its Rego source, and the `field` of every finding its tests produce),
and the fields of its two examples that decide its verdict: each field of an example is left out
in turn, and the field counts where that changes what the rule reports on the example.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from compliance.catalog import RuleMeta
from compliance.rule_examples import Capture, Example

# What a finding's resource prefix points at, as a person finds it in the documents.
RESOURCE_NODES = {
    "program": "Program",
    "purpose": "Program purposes[]",
    "data_category": "Program data_categories[]",
    "transfer": "Program transfers[]",
    "dataset": "StorageInventory datasets[]",
}
_LIST_NODES = {"purposes": "purpose", "data_categories": "data_category", "transfers": "transfer"}
FINDING_CALL = re.compile(r'lib\.finding(?:_severity)?\(\s*lib\.(\w+)_resource\([^()]*\)\s*,\s*"([^"]*)"')
LIST_INDEX = re.compile(r"\.\d+(?=\.|$)")
_NAMING = {"apiVersion", "kind", "metadata", "id", "inventory"}  # what names a resource, read by every rule

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldRead:
    node: str  # e.g. "StorageInventory datasets[]"
    field: str  # dotted path relative to that node, `[]` for list entries; "" for the node itself
    how: str  # "finding": a finding points at it; "decides": leaving it out changes the verdict


def finding_fields(source: str, found: Sequence[Capture]) -> set[tuple[str, str]]:
    """(node, field) of the findings: literal in the rule's Rego source, or carried in its tests."""
    pairs = {(RESOURCE_NODES.get(kind, kind), LIST_INDEX.sub("[]", field))
             for kind, field in FINDING_CALL.findall(source)}
    for capture in found:
        for finding in capture.findings:
            kind = str(finding.get("resource", "")).split(":", 1)[0]
            pairs.add((RESOURCE_NODES.get(kind, kind), LIST_INDEX.sub("[]", str(finding.get("field", "")))))
    return pairs


def engine_input(example: Example) -> dict[str, Any]:
    """The Rego input that checking the example builds: its Programs, and its inventories' datasets."""
    documents = [document for document in yaml.safe_load_all(example.yaml) if isinstance(document, dict)]
    return {
        "as_of": example.as_of,
        "programs": [document for document in documents if document.get("kind") == "Program"],
        "datasets": [{**dataset, "inventory": document["metadata"]["id"]}
                     for document in documents if document.get("kind") == "StorageInventory"
                     for dataset in document.get("datasets") or ()],
    }


def _leaves(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Paths of the leaf fields of value: keys holding a scalar, a list of scalars or an empty block."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _NAMING:
                continue
            nested = list(_leaves(item, (*path, key)))
            yield from nested or [(*path, key)]
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))


def _without(value: Any, path: Path_) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {key: _without(item, rest) if key == head else item
                for key, item in value.items() if not (key == head and not rest)}
    return [_without(item, rest) if index == head else item for index, item in enumerate(value)]


def _node_and_field(path: Path_) -> tuple[str, str]:
    """(node, field) of a path into the input, e.g. ("programs", 0, "purposes", 1, "lia") -> purposes[] lia."""
    kind = "dataset" if path[0] == "datasets" else "program"
    rest = path[2:]
    if kind == "program" and len(rest) > 1 and rest[0] in _LIST_NODES and isinstance(rest[1], int):
        kind, rest = _LIST_NODES[str(rest[0])], rest[2:]
    field = ".".join("[]" if isinstance(part, int) else str(part) for part in rest).replace(".[]", "[]")
    return RESOURCE_NODES[kind], field


class _Probe:
    """The rule alone on a regorus engine, to see what it reports on an input."""

    def __init__(self, meta: RuleMeta, files: Mapping[str, Path]) -> None:
        from compliance.engine.embedded import _regorus

        self._rule = f"data.{meta.package}.deny"
        self._engine = _regorus().Engine()
        for relative, file in sorted(files.items()):
            if not relative.endswith("_test.rego"):
                self._engine.add_policy(relative, file.read_text(encoding="utf-8"))
        self._engine.add_data_json(json.dumps({"compliance": {"params": {}}}))

    def report(self, value: Mapping[str, Any]) -> str:
        self._engine.set_input_json(json.dumps(value))
        findings = json.loads(self._engine.eval_rule_as_json(self._rule))
        return json.dumps(sorted(json.dumps(item, sort_keys=True) for item in findings)
                          if isinstance(findings, list) else findings)


def decisive_fields(meta: RuleMeta, files: Mapping[str, Path], examples: Sequence[Example]) -> set[tuple[str, str]]:
    """(node, field) of each field of the examples whose absence changes what the rule reports."""
    probe = _Probe(meta, files)
    decisive: set[tuple[str, str]] = set()
    for example in examples:
        value = engine_input(example)
        baseline = probe.report(value)
        for top in ("programs", "datasets"):
            for path in _leaves(value[top], (top,)):
                if probe.report(_without(value, path)) != baseline:
                    decisive.add(_node_and_field(path))
    return decisive


def _entry_node(node: str, field: str) -> tuple[str, str]:
    """("Program", "purposes[].lia") -> ("Program purposes[]", "lia"): a field of an entry is listed under it."""
    head, _, rest = field.partition("[].")
    if node == "Program" and head in _LIST_NODES and rest:
        return RESOURCE_NODES[_LIST_NODES[head]], rest
    return node, field


def fields_read(meta: RuleMeta, files: Mapping[str, Path], source: str, found: Sequence[Capture],
                examples: Sequence[Example]) -> tuple[FieldRead, ...]:
    pointed = {_entry_node(node, field) for node, field in finding_fields(source, found)}
    deciding = {_entry_node(node, field) for node, field in decisive_fields(meta, files, examples)} - pointed
    reads = [FieldRead(node, field, "finding") for node, field in pointed]
    reads += [FieldRead(node, field, "decides") for node, field in deciding]
    nodes = list(RESOURCE_NODES.values())
    return tuple(sorted(reads, key=lambda read: (nodes.index(read.node) if read.node in nodes else len(nodes),
                                                 read.field)))
