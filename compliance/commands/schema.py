"""`compliance schema KIND [-o FILE]`: a kind's JSON Schema, usable by editors (yaml-language-server)."""

from __future__ import annotations

import json

import click

from compliance import catalog
from compliance.errors import ExitCode
from compliance.loaders.validate import schema
from compliance.output import write_atomic
from compliance.schema_hints import with_hints


def run(kind: str, output: str | None = None) -> int:
    """The kind's schema, each field the shipped rules check naming them (for an editor's hover)."""
    text = json.dumps(with_hints(kind, schema(kind), catalog.policy_files()), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
    return int(ExitCode.OK)
