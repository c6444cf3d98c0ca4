"""`compliance report`: the DPIA report as PDF (and optionally the HTML it is made from)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from compliance.commands.options import distinct_outputs, engine_settings, print_warnings
from compliance.config import load_config, report_language
from compliance.errors import ExitCode
from compliance.limits import DEFAULT_MAX_BYTES, max_bytes
from compliance.output import write_atomic
from compliance.runner import RunOptions, execute


def prepare(paths: tuple[str, ...], config_path: str | None, policy_dirs: tuple[str, ...], rules: tuple[str, ...],
            skip_rules: tuple[str, ...], as_of: datetime.date, quiet: bool, max_input_mb: float | None = None,
            lang: str | None = None, unknown: str | None = None, **engine: Any) -> tuple[RunOptions, dict[str, Any]]:
    """RunOptions for the command line, and the options recorded in the report for `verify`."""
    config = load_config(config_path)
    options = RunOptions(
        paths=paths, config=config, engine=engine_settings(**engine),
        policy_dirs=tuple(Path(directory) for directory in policy_dirs),
        rules=rules, skip_rules=skip_rules, as_of=as_of, quiet=quiet,
        max_input_bytes=max_bytes(max_input_mb) if max_input_mb is not None else DEFAULT_MAX_BYTES,
        unknown=unknown or "warn",
    )
    recorded = {
        "as_of": as_of.isoformat(),
        "rules": sorted({*config.rules, *rules}),
        "skip_rules": sorted({*config.skip_rules, *skip_rules}),
        "policy_dirs": list(policy_dirs),
        "config": config.path,
        "engine": str(engine.get("engine", "embedded")),
        "lang": report_language(lang, config),
    }
    if options.unknown != "warn":  # recorded only when not the default, so earlier reports still verify
        recorded["unknown"] = options.unknown
    return options, recorded


def run(paths: tuple[str, ...], output: str, html_output: str | None, config_path: str | None,
        policy_dirs: tuple[str, ...], rules: tuple[str, ...], skip_rules: tuple[str, ...],
        as_of: datetime.datetime | None, quiet: bool, max_input_mb: float, lang: str | None = None,
        unknown: str | None = None,
        **engine: Any) -> int:
    from compliance.report import from_run, make_report

    distinct_outputs(output, html_output)
    day = as_of.date() if as_of else datetime.date.today()
    options, recorded = prepare(paths, config_path, policy_dirs, rules, skip_rules, day, quiet, max_input_mb,
                                lang, unknown, **engine)
    finished = execute(options)
    print_warnings(finished.inputs)
    report = make_report(from_run(finished, recorded, lang=recorded["lang"],
                                  policy_dirs=(*options.config.policy_dirs, *options.policy_dirs)))
    protected = [record.path for record in finished.result.inputs]
    if html_output:
        write_atomic(html_output, report.html.encode("utf-8"), protected=protected)
    write_atomic(output, report.pdf, protected=protected)
    if not quiet:
        total = finished.result.counts()["total"]
        click.echo(f"wrote {output}: {report.pages} pages, {total} finding{'s' if total != 1 else ''}", err=True)
    return int(ExitCode.OK)
