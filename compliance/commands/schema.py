"""`compliance schema KIND`."""

from __future__ import annotations

import json

import click

from compliance.errors import ExitCode
from compliance.loaders.validate import schema


def run(kind: str) -> int:
    click.echo(json.dumps(schema(kind), indent=2, ensure_ascii=False))
    return int(ExitCode.OK)
