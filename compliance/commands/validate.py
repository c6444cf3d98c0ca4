"""`compliance validate`: schema and cross-reference checks only."""

from __future__ import annotations

import click

from compliance.errors import ExitCode
from compliance.loaders.inputs import load_inputs


def run(paths: tuple[str, ...]) -> int:
    inputs = load_inputs(paths)
    for skipped in inputs.skipped:
        click.echo(f"skipped {skipped}", err=True)
    kinds = ", ".join(f"{d.kind} {d.id}" for d in inputs.documents)
    click.echo(f"{len(inputs.documents)} document(s) valid: {kinds}")
    return int(ExitCode.OK)
