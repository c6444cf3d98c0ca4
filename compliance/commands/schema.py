"""`compliance schema KIND [-o FILE]`: a kind's JSON Schema, usable by editors (yaml-language-server)."""

from __future__ import annotations

import json

import click

from compliance.errors import ExitCode
from compliance.loaders.validate import schema
from compliance.output import write_atomic


def run(kind: str, output: str | None = None) -> int:
    text = json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
    return int(ExitCode.OK)
