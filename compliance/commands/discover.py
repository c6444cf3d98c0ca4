"""`compliance discover SOURCE TARGET -o FILE`: snapshot a live catalog as a StorageInventory."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from compliance.config import load_config
from compliance.errors import ExitCode, printable
from compliance.sources.classify import DatasetMapping
from compliance.sources.live import discover
from compliance.sources.snapshot import load_mapping, write


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress bar on stderr when it is a terminal (and not --quiet); nothing otherwise."""
    stream = sys.stderr
    if quiet or not stream.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int | None) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total or 0, label="reading tables", file=stream)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def run(source: str, target: str | None, output: str, mapping_path: str | None, config_path: str | None,
        quiet: bool, max_input_mb: float, **options: Any) -> int:
    from compliance.limits import max_bytes as megabytes

    config = load_config(config_path)
    mapping = load_mapping(mapping_path, megabytes(max_input_mb)) if mapping_path else DatasetMapping()
    source_options = {key: value for key, value in options.items() if value is not None}
    source_options["max_bytes"] = megabytes(max_input_mb)
    with _progress(quiet) as progress:
        value, warnings = discover(source, target, source_options, mapping, config.discover, progress)
    from pathlib import Path

    named = (mapping_path, options.get("tables"), options.get("roles"), options.get("tags"), target)
    protected = [path for path in named if path and Path(path).is_file()]
    warnings.extend(write(value, output, protected=protected))
    for line in warnings:
        click.echo(printable(f"warning: {line}"), err=True)
    if not quiet:
        click.echo(f"{len(value['datasets'])} tables from {value['metadata']['source']} written to {output}", err=True)
    return int(ExitCode.OK)
