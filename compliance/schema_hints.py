"""The schema as `compliance schema` prints it: each field a rule's findings point at says which rules.

An editor shows a field's description on hover; naming the rules that check the field there
leads from writing a field to `compliance explain ID`. The fields come from the literal `field`
argument of each `lib.finding(...)` call in the rules' Rego source, so this needs no engine.
The shipped schema (and validation) are left as they are: the hints go on a copy.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from compliance import catalog
from compliance.rule_reads import FINDING_CALL, LIST_INDEX

# Where a finding's resource kind sits in each document kind's schema.
_NODES: dict[str, dict[str, tuple[str, ...]]] = {
    "Program": {"program": (), "purpose": ("purposes", "[]"), "data_category": ("data_categories", "[]"),
                "transfer": ("transfers", "[]")},
    "StorageInventory": {"dataset": ("datasets", "[]")},
}


def checked_fields(files: Mapping[str, Path]) -> dict[tuple[str, str], set[str]]:
    """(resource kind, field with `[]` for indices) -> ids of the rules whose findings point at it."""
    bundle = catalog.build_bundle(files, {})
    sources = {module.path: module.source for module in bundle.modules}
    checked: dict[tuple[str, str], set[str]] = {}
    for meta in catalog.rules(bundle).values():
        for kind, field in FINDING_CALL.findall(sources[meta.path]):
            checked.setdefault((kind, LIST_INDEX.sub("[]", field)), set()).add(meta.id)
    return checked


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """node with a local `$ref` followed (to reach the properties of a shared definition), and an
    `anyOf` of one schema and null (how the published schema lets a field be null) stepped into."""
    for _ in range(10):
        choices = [choice for choice in node.get("anyOf", ()) if choice != {"type": "null"}]
        if "anyOf" in node and len(choices) == 1 and isinstance(choices[0], dict):
            node = choices[0]
        elif isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            target: Any = root
            for part in node["$ref"][2:].split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            node = target
        else:
            break
    return node


def _find(root: dict[str, Any], segments: Iterable[str]) -> dict[str, Any] | None:
    node = root
    for segment in segments:
        node = _resolve(root, node)
        child = node.get("items") if segment == "[]" else node.get("properties", {}).get(segment)
        if not isinstance(child, dict):
            return None
        node = child
    return node


def _segments(field: str) -> list[str]:
    return [part for piece in field.split(".") if piece for part in piece.replace("[]", ".[]").split(".") if part]


def with_hints(kind: str, schema: Mapping[str, Any], files: Mapping[str, Path]) -> dict[str, Any]:
    """A copy of schema whose fields checked by rules name them in their description."""
    annotated: dict[str, Any] = copy.deepcopy(dict(schema))
    nodes = _NODES.get(kind, {})
    for (resource, field), ids in sorted(checked_fields(files).items()):
        if resource not in nodes or not field:
            continue
        target = _find(annotated, [*nodes[resource], *_segments(field)])
        if target is None or target is annotated:
            continue
        ordered = sorted(ids)
        hint = f"Checked by {', '.join(ordered)} (`compliance explain {ordered[0]}`)."
        description = str(target.get("description", "")).strip()
        target["description"] = f"{description} {hint}" if description else hint
    return annotated
