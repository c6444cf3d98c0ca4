"""What a rule means, gathered from its metadata, its Rego source and its tests (`compliance explain`).

`explain(rule_id)` returns one RuleExplanation per rule package carrying the id (an id may have a
program-level and a dataset-level check). Printing is left to `compliance.commands.explain`, so
that other outputs (a documentation page per rule) can be made from the same data.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from compliance import catalog, rule_examples
from compliance.catalog import RuleMeta
from compliance.errors import InputError
from compliance.rule_examples import Example
from compliance.rule_reads import FieldRead, fields_read


@dataclass(frozen=True)
class RuleExplanation:
    id: str
    package: str
    path: str  # the rule's file, relative to the policy root
    title: str
    dataset_check: bool  # the id's check on each dataset (its program-level check holds the METADATA)
    description: str  # when it fires
    severity: str  # the default severity
    severity_note: str  # how the severity depends on the data ("" when it does not)
    severities_seen: tuple[str, ...]  # severities its findings carry in its tests
    status: str
    applies_from: str | None
    legal: tuple[str, ...]
    related_resources: tuple[str, ...]
    recommended_action: str  # how to fix it
    inputs: tuple[str, ...]  # document kinds it reads
    fields: tuple[FieldRead, ...]  # the fields its findings point at, and those deciding its examples
    params: tuple[tuple[str, Any], ...]  # organisation parameters it reads, with their defaults
    fires: Example | None
    passes: Example | None
    changes: tuple[str, ...]  # leaf paths that differ between the two examples

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["params"] = dict(self.params)
        return data


def find(rule_id: str, metas: Sequence[RuleMeta]) -> list[RuleMeta]:
    """The rules with this id (case-insensitive); InputError with close matches when there is none."""
    wanted = rule_id.strip().upper()
    found = sorted((meta for meta in metas if meta.id.upper() == wanted), key=lambda meta: meta.package)
    if found:
        return found
    ids = sorted({meta.id for meta in metas})
    close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise InputError(f"unknown rule id {rule_id!r}{hint} (`compliance rules` lists them)")


def explain(rule_id: str, policy_dirs: Sequence[Path] = ()) -> tuple[RuleExplanation, ...]:
    """One explanation per rule package that carries rule_id."""
    files = catalog.policy_files(tuple(policy_dirs))
    metas = list(catalog.rules(catalog.build_bundle(files, {})).values())
    chosen = find(rule_id, metas)
    defaults = param_defaults(files) if any(meta.params for meta in chosen) else {}
    return tuple(explain_rule(meta, files, defaults, policy_dirs) for meta in chosen)


def explain_rule(meta: RuleMeta, files: Mapping[str, Path], defaults: Mapping[str, Any],
                 policy_dirs: Sequence[Path] = ()) -> RuleExplanation:
    source = files[meta.path].read_text(encoding="utf-8")
    found = rule_examples.captures(meta, files)
    fires = rule_examples.pick(meta, found, fires=True, policy_dirs=policy_dirs)
    passes = rule_examples.pick(meta, found, fires=False, policy_dirs=policy_dirs)
    severities = {str(finding.get("severity") or meta.severity.value) for capture in found
                  for finding in capture.findings}
    return RuleExplanation(
        id=meta.id, package=meta.package, path=meta.path, title=meta.title, dataset_check=meta.is_dataset_check,
        description=meta.description,
        severity=meta.severity.value, severity_note=meta.severity_rule or "",
        severities_seen=tuple(sorted(severities, key=_severity_rank)), status=meta.status,
        applies_from=meta.applies_from, legal=meta.legal, related_resources=meta.related_resources,
        recommended_action=meta.recommended_action, inputs=meta.inputs,
        fields=fields_read(meta, files, source, found, [example for example in (fires, passes) if example]),
        params=tuple((name, defaults.get(name)) for name in meta.params),
        fires=fires, passes=passes, changes=changes(fires, passes),
    )


def _severity_rank(severity: str) -> int:
    order = ("critical", "high", "medium", "low", "info")
    return order.index(severity) if severity in order else len(order)


def param_defaults(files: Mapping[str, Path]) -> dict[str, Any]:
    """The parameters' defaults as the policy library declares them (`compliance.lib.param_defaults`)."""
    from compliance.engine.embedded import _regorus

    engine = _regorus().Engine()
    for relative, file in sorted(files.items()):
        if relative.startswith("lib/") and not relative.endswith("_test.rego"):
            engine.add_policy(relative, file.read_text(encoding="utf-8"))
    try:
        value = json.loads(engine.eval_rule_as_json("data.compliance.lib.param_defaults"))
    except (RuntimeError, ValueError):  # a library without the defaults: the names are listed without them
        return {}
    return value if isinstance(value, dict) else {}


def _leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        return {path: leaf for key, item in value.items() for path, leaf in _leaves(item, f"{prefix}.{key}").items()}
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):  # scalars: one value
        return {path: leaf for index, item in enumerate(value)
                for path, leaf in _leaves(item, f"{prefix}[{index}]").items()}
    return {prefix: value}


def _example_leaves(example: Example) -> dict[str, Any]:
    """`<kind> <id>:<path>` -> value for every leaf of the example's documents."""
    leaves: dict[str, Any] = {}
    for document in yaml.safe_load_all(example.yaml):
        name = f"{document.get('kind')} {document.get('metadata', {}).get('id')}"
        leaves.update((f"{name}:{path.lstrip('.')}", leaf) for path, leaf in _leaves(document).items())
    return leaves


def changes(fires: Example | None, passes: Example | None) -> tuple[str, ...]:
    """`path: fires value -> passing value` for each leaf that differs between the two examples."""
    if fires is None or passes is None:
        return ()
    before, after = _example_leaves(fires), _example_leaves(passes)
    absent = "(absent)"
    lines = [f"{path}: {_show(before.get(path, absent))} -> {_show(after.get(path, absent))}"
             for path in sorted(set(before) | set(after)) if before.get(path, absent) != after.get(path, absent)]
    if fires.as_of != passes.as_of:
        lines.append(f"--as-of: {fires.as_of} -> {passes.as_of}")
    return tuple(lines)


def _show(value: Any) -> str:
    return value if value == "(absent)" else json.dumps(value, ensure_ascii=False, default=str)
