"""`compliance rules`: the catalog as text, JSON or Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import click

from compliance import catalog
from compliance.catalog import RuleMeta
from compliance.errors import ExitCode


def load_catalog(policy_dirs: tuple[str, ...] = ()) -> list[RuleMeta]:
    """One entry per rule id (the package holding its METADATA), sorted by id."""
    bundle = catalog.build_bundle(catalog.policy_files(tuple(Path(d) for d in policy_dirs)), {})
    return catalog.entries(catalog.rules(bundle).values())


def load_checks(policy_dirs: tuple[str, ...] = ()) -> dict[str, list[RuleMeta]]:
    """Id -> its packages (the one holding its METADATA first, then its dataset checks)."""
    bundle = catalog.build_bundle(catalog.policy_files(tuple(Path(d) for d in policy_dirs)), {})
    return catalog.by_id(catalog.rules(bundle).values())


def as_markdown(metas: list[RuleMeta]) -> str:
    lines = ["| Rule | Severity | Title | Legal references | Status |", "| --- | --- | --- | --- | --- |"]
    for meta in metas:
        status = meta.status + (f" from {meta.applies_from}" if meta.applies_from else "")
        lines.append(f"| {meta.id} | {meta.severity.value} | {meta.title} | {'; '.join(meta.legal)} | {status} |")
    return "\n".join(lines) + "\n"


def as_text(metas: list[RuleMeta]) -> str:
    width = max((len(meta.id) for meta in metas), default=0)
    return "".join(
        f"{meta.id:<{width}}  {meta.severity.value:<8}  {meta.title}\n{'':<{width}}  {'':<8}  "
        f"{'; '.join(meta.legal)}\n"
        for meta in metas
    )


def _check(meta: RuleMeta) -> dict[str, object]:
    """One package checking the id: what it reads and how, beside the id's own metadata."""
    return {"package": meta.package, "dataset_check": meta.is_dataset_check,
            "description": meta.description, "inputs": list(meta.inputs), "scope": meta.scope.value,
            "severity": meta.severity.value, "severity_rule": meta.severity_rule, "params": list(meta.params)}


def run(output_format: str, policy_dirs: tuple[str, ...]) -> int:
    checks = load_checks(policy_dirs)
    metas = catalog.entries(meta for group in checks.values() for meta in group)
    if output_format == "json":
        rules = [{**meta.as_dict(), "checks": [_check(check) for check in checks[meta.id]]} for meta in metas]
        click.echo(json.dumps({"rules": rules}, indent=2, sort_keys=True))
    elif output_format == "markdown":
        click.echo(as_markdown(metas), nl=False)
    else:
        click.echo(as_text(metas), nl=False)
    return int(ExitCode.OK)
