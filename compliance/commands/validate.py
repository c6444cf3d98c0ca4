"""`compliance validate`: schema and cross-reference checks only."""

from __future__ import annotations

import click

from compliance.commands.options import print_warnings
from compliance.errors import ExitCode
from compliance.kinds import DocumentKind
from compliance.limits import DEFAULT_MAX_MB, max_bytes
from compliance.loaders.inputs import EVALUATED_KINDS, load_inputs


def run(paths: tuple[str, ...], max_input_mb: float = DEFAULT_MAX_MB) -> int:
    # DatasetMapping too: it is read by `discover --mapping`, and checked here before it is used.
    read = (*EVALUATED_KINDS, DocumentKind.DATASET_MAPPING)
    inputs = load_inputs(paths, kinds=read, max_bytes=max_bytes(max_input_mb))
    for skipped in inputs.skipped:
        click.echo(f"skipped {skipped}", err=True)
    print_warnings(inputs)
    kinds = ", ".join(f"{d.kind} {d.id}" for d in inputs.documents)
    click.echo(f"{len(inputs.documents)} document(s) valid: {kinds}")
    return int(ExitCode.OK)
