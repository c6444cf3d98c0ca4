"""`compliance check`."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import click

from compliance import baseline as baselines
from compliance.commands.options import distinct_outputs, engine_settings, print_warnings
from compliance.config import fail_threshold, load_config
from compliance.errors import ExitCode, InputError, printable
from compliance.formats import OutputFormat, piece_formatter
from compliance.limits import max_bytes
from compliance.output import blocks, encoded, write_atomic
from compliance.runner import RunOptions, execute


def outputs_for(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[tuple[OutputFormat, str | None]]:
    """Pair the n-th --format with the n-th --output; at most one format may go to stdout."""
    chosen = formats or ("text",)
    if len(outputs) > len(chosen):
        raise InputError(f"{len(outputs)} --output files for {len(chosen)} --format(s); give a --format for each")
    pairs = [(OutputFormat(name), outputs[index] if index < len(outputs) else None)
             for index, name in enumerate(chosen)]
    if sum(1 for _, target in pairs if target is None) > 1:
        raise InputError("several --format options would all go to stdout; give an --output for each but one")
    distinct_outputs(*outputs)
    return pairs


def run(paths: tuple[str, ...], output_formats: tuple[str, ...], outputs: tuple[str, ...], fail_on: str | None,
        config_path: str | None, policy_dirs: tuple[str, ...], rules: tuple[str, ...],
        skip_rules: tuple[str, ...], as_of: datetime.datetime | None, quiet: bool, max_input_mb: float,
        waiver_files: tuple[str, ...] = (), baseline: str | None = None, unknown: str | None = None,
        **engine: Any) -> int:
    pairs = outputs_for(output_formats, outputs)
    config = load_config(config_path)
    options = RunOptions(
        paths=paths, config=config, engine=engine_settings(**engine),
        policy_dirs=tuple(Path(directory) for directory in policy_dirs),
        rules=rules, skip_rules=skip_rules, as_of=as_of.date() if as_of else None, quiet=quiet,
        waiver_files=waiver_files, max_input_bytes=max_bytes(max_input_mb), unknown=unknown or "warn",
    )
    # A bad baseline is exit 2 before anything is evaluated.
    known = baselines.load(baseline, options.max_input_bytes) if baseline is not None else None
    finished = execute(options)
    print_warnings(finished.inputs)
    result = finished.result
    if baseline is not None:
        result = baselines.apply(result, baseline, known)
    for use in result.waiver_problems:
        if use.status == "expired":
            click.echo(printable(f"warning: {use.path}:{use.line}: {use.message}"), err=True)
    threshold = fail_threshold(fail_on, config)
    protected = [record.path for record in result.inputs]  # the baseline may be rewritten: that updates it
    for output_format, target in pairs:  # written in pieces: a warehouse's findings are never one string
        pieces = piece_formatter(output_format)(result, threshold, color=target is None and sys.stdout.isatty())
        if target is None:
            for block in blocks(pieces):
                click.echo(block, nl=False)
        else:
            write_atomic(target, encoded(pieces), protected=protected)
    return int(ExitCode.FINDINGS if result.failing(threshold) else ExitCode.OK)
