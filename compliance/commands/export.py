"""`compliance export pia|ropa`: what a DPO files and sends, from the same run as `check` and `report`."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from compliance.commands.options import print_warnings
from compliance.commands.report import prepare
from compliance.errors import ExitCode, InputError
from compliance.output import write_atomic
from compliance.runner import Run, execute


def _run(paths: tuple[str, ...], config_path: str | None, policy_dirs: tuple[str, ...], rules: tuple[str, ...],
         skip_rules: tuple[str, ...], as_of: datetime.datetime | None, quiet: bool, max_input_mb: float,
         **engine: Any) -> Run:
    day = as_of.date() if as_of else datetime.date.today()
    options, _recorded = prepare(paths, config_path, policy_dirs, rules, skip_rules, day, quiet, max_input_mb, **engine)
    finished = execute(options)
    print_warnings(finished.inputs)
    return finished


def _protected(finished: Run) -> list[str]:
    return [record.path for record in finished.result.inputs]


def run_pia(output: str, program: str | None, **options: Any) -> int:
    from compliance.export import pia
    from compliance.output import fixed_instant

    finished = _run(**options)
    source = pia.select(finished, program)
    document = pia.build(source, fixed_instant(finished.result.as_of))
    write_atomic(output, pia.encode(document), protected=_protected(finished))
    if not options.get("quiet"):
        click.echo(f"wrote {output}: {len(document['answers'])} answers, {len(document['measures'])} measures, "
                   f"{len(document['comments'])} comments, {len(document['evaluations'])} evaluations requested",
                   err=True)
    return int(ExitCode.OK)


def sheet_format(output: str, chosen: str | None) -> Any:
    """The --format given, else the output's extension."""
    from compliance.export.sheets import SheetFormat

    if chosen is not None:
        return SheetFormat(chosen)
    suffix = Path(output).suffix.lower().lstrip(".")
    try:
        return SheetFormat(suffix)
    except ValueError:
        raise InputError(f"{output}: cannot tell the format from the extension {'.' + suffix if suffix else '(none)'}; "
                         "name the file .xlsx, .ods or .csv, or give --format") from None


def run_ropa(output: str, output_format: str | None, rows_by: str, **options: Any) -> int:
    from compliance.export import ropa, sheets
    from compliance.output import fixed_instant

    chosen = sheet_format(output, output_format)
    finished = _run(**options)
    documents = finished.inputs.of_kind("Program")
    if not documents:
        raise InputError("no Program document under the given paths: the register has one row per program")
    sources = [ropa.Source(d.value, f"{d.path}:{d.locate(('metadata', 'id')).line}") for d in documents]
    table = ropa.register(sources, ropa.RowsBy(rows_by))
    content = sheets.render(chosen, "Record of processing", table.headers, table.rows,
                            fixed_instant(finished.result.as_of))
    write_atomic(output, content, protected=_protected(finished))
    if not options.get("quiet"):
        click.echo(f"wrote {output}: {len(table.rows)} row{'s' if len(table.rows) != 1 else ''} "
                   f"({len(documents)} program{'s' if len(documents) != 1 else ''})", err=True)
    return int(ExitCode.OK)
