"""`compliance discover SOURCE TARGET -o FILE`: snapshot a live catalog as a StorageInventory."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from compliance.config import OrganisationConfig, load_config
from compliance.errors import ExitCode, InputError, printable
from compliance.sources import LIVE_SOURCES, load
from compliance.sources.classify import DEFAULT_TAG_KEYS, Classifier, DatasetMapping, mapping_warnings
from compliance.sources.interface import LiveRequest, SourceError
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


def discover(source: str, target: str | None, options: dict[str, Any], mapping: DatasetMapping,
             config: OrganisationConfig, quiet: bool = True) -> tuple[dict[str, Any], list[str]]:
    """The snapshot of SOURCE at TARGET and the warnings to print (shared with `check SOURCE`)."""
    if source not in LIVE_SOURCES:
        raise InputError(f"unknown source {source!r}; expected one of: {', '.join(sorted(LIVE_SOURCES))}")
    settings = config.discover
    classifier = Classifier(mapping, {**DEFAULT_TAG_KEYS, **{key: value for key, value in
                                                           (settings.get("tags") or {}).items() if value}})
    everyone = settings.get("everyone") or "group:all-employees"
    request_options = {**options, "classifier": classifier, "everyone": everyone}
    with _progress(quiet) as progress:
        try:
            result = load(LIVE_SOURCES[source])().discover(LiveRequest(target or "", request_options, progress))
        except SourceError as error:
            raise InputError(str(error)) from None
    if result.problems:
        from compliance.errors import InputProblems

        raise InputProblems(list(result.problems))
    value: dict[str, Any] = result.documents[0].value
    warnings = [str(problem) for problem in result.warnings]
    warnings.extend(mapping_warnings(mapping, classifier.unmatched))
    unclassified = sum(1 for dataset in value["datasets"] if dataset.get("personal_data") is None)
    if unclassified:
        warnings.append(f"{unclassified} of {len(value['datasets'])} tables are unclassified (no mapping entry, tag or "
                        "comment): never assumed non-personal, each is a GDPR-ROPA-002 finding")
    approximate = sum(1 for dataset in value["datasets"] if (dataset.get("access") or {}).get("approximate"))
    if approximate:
        warnings.append(f"the readers of {approximate} tables are approximate (access.approximate_reasons says why)")
    return value, warnings


def run(source: str, target: str | None, output: str, mapping_path: str | None, config_path: str | None,
        quiet: bool, max_input_mb: float, **options: Any) -> int:
    from compliance.commands.check import megabytes

    config = load_config(config_path)
    mapping = load_mapping(mapping_path, megabytes(max_input_mb)) if mapping_path else DatasetMapping()
    source_options = {key: value for key, value in options.items() if value is not None}
    source_options["max_bytes"] = megabytes(max_input_mb)
    value, warnings = discover(source, target, source_options, mapping, config, quiet)
    from pathlib import Path

    named = (mapping_path, options.get("tables"), options.get("roles"), target)
    protected = [path for path in named if path and Path(path).is_file()]
    write(value, output, protected=protected)
    for line in warnings:
        click.echo(printable(f"warning: {line}"), err=True)
    if not quiet:
        click.echo(f"{len(value['datasets'])} tables from {value['metadata']['source']} written to {output}", err=True)
    return int(ExitCode.OK)
