"""`compliance rules`: the catalog as text, JSON or Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import click

from compliance import catalog
from compliance.catalog import RuleMeta
from compliance.errors import ExitCode


def load_catalog(policy_dirs: tuple[str, ...] = ()) -> list[RuleMeta]:
    bundle = catalog.build_bundle(catalog.policy_files(tuple(Path(d) for d in policy_dirs)), {})
    return sorted(catalog.rules(bundle).values(), key=lambda meta: (meta.id, meta.package))


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


def run(output_format: str, policy_dirs: tuple[str, ...]) -> int:
    metas = load_catalog(policy_dirs)
    if output_format == "json":
        click.echo(json.dumps({"rules": [meta.as_dict() for meta in metas]}, indent=2, sort_keys=True))
    elif output_format == "markdown":
        click.echo(as_markdown(metas), nl=False)
    else:
        click.echo(as_text(metas), nl=False)
    return int(ExitCode.OK)
