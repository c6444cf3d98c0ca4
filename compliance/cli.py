"""The `compliance` command line. Each command parses options and calls one function.

Heavy modules (the engines, pandas, the report) are imported inside the commands, so
`compliance --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from compliance import __version__
from compliance.commands.options import (
    config_option,
    debug_option,
    engine_options,
    max_input_option,
    paths_argument,
    policy_option,
    run_options,
)
from compliance.errors import ComplianceError, ExitCode
from compliance.formats import OutputFormat
from compliance.kinds import DocumentKind
from compliance.resources import LANGUAGES

KINDS = tuple(kind.value for kind in DocumentKind)
FORMATS = tuple(output_format.value for output_format in OutputFormat)  # the enum drives the choice
RULE_FORMATS = ("text", "json", "markdown")
FAIL_ON = ("critical", "high", "medium", "low", "never")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="compliance")
@debug_option
def cli() -> None:
    """GDPR and workplace-privacy compliance checks for monitoring programs and their storage."""


@cli.command()
@paths_argument
@click.option("--format", "output_formats", type=click.Choice(FORMATS), multiple=True,
              help="Output format (repeatable; default text). The n-th --format goes to the n-th --output.")
@click.option("--output", "-o", "outputs", type=click.Path(dir_okay=False), multiple=True,
              help="Write the matching --format to FILE (repeatable); a format without one goes to stdout.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Exit 1 on findings at or above (default high).")
@click.option("--waivers", "waiver_files", multiple=True, type=click.Path(), metavar="FILE",
              help="Waivers document (repeatable); Waivers among PATHs apply as well.")
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Findings JSON of an earlier run (--format json): only findings not in it count for --fail-on.")
@run_options
@engine_options
@debug_option
def check(**options: Any) -> None:
    """Evaluate PATHs and report findings; exit 1 on findings at or above --fail-on."""
    from compliance.commands.check import run

    sys.exit(run(**options))


@cli.command()
@paths_argument
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
@click.option("--html", "html_output", type=click.Path(dir_okay=False), help="Also write the HTML it is made from.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="The report's language (default: the Config's lang, else en).")
@run_options
@engine_options
@debug_option
def report(**options: Any) -> None:
    """Write the DPIA report (PDF) for PATHs, in English, French or German (--lang)."""
    from compliance.commands.report import run

    sys.exit(run(**options))


@cli.group()
def export() -> None:
    """What a DPO files and sends: the DPIA for the CNIL PIA tool, the Art. 30 record."""


@export.command("pia", short_help="The DPIA as the JSON file the CNIL PIA tool imports.")
@paths_argument
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The JSON file to write.")
@click.option("--program", metavar="ID", help="The program to describe, when PATHs hold several.")
@run_options
@engine_options
@debug_option
def export_pia(**options: Any) -> None:
    """Write the DPIA of a program as the JSON file the CNIL PIA tool imports."""
    from compliance.commands.export import run_pia

    sys.exit(run_pia(**options))


@export.command("ropa", short_help="The record of processing (Art. 30(1)) as xlsx, ods or csv.")
@paths_argument
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="The register to write: .xlsx, .ods or .csv.")
@click.option("--format", "output_format", type=click.Choice(["xlsx", "ods", "csv"]),
              help="Format (default: from the output's extension).")
@click.option("--rows", "rows_by", type=click.Choice(["program", "purpose"]), default="program", show_default=True,
              help="One row per program, or per purpose.")
@run_options
@engine_options
@debug_option
def export_ropa(**options: Any) -> None:
    """Write the record of processing activities (GDPR Art. 30(1)) of every program under PATHs."""
    from compliance.commands.export import run_ropa

    sys.exit(run_ropa(**options))


@cli.command()
@click.argument("report_pdf", type=click.Path(exists=True, dir_okay=False))
@paths_argument
@run_options
@engine_options
@debug_option
def verify(**options: Any) -> None:
    """Re-run the check and say whether REPORT_PDF still matches its inputs and rules."""
    from compliance.commands.verify import run

    sys.exit(run(**options))


@cli.command()
@paths_argument
@max_input_option
@debug_option
def validate(paths: tuple[str, ...], max_input_mb: float) -> None:
    """Schema and cross-reference checks only."""
    from compliance.commands.validate import run

    sys.exit(run(paths, max_input_mb))


@cli.command()
@click.option("--format", "output_format", type=click.Choice(RULE_FORMATS), default="text", show_default=True)
@policy_option
@debug_option
def rules(output_format: str, policy_dirs: tuple[str, ...]) -> None:
    """The rule catalog: id, severity, title, legal references."""
    from compliance.commands.rules import run

    sys.exit(run(output_format, policy_dirs))


@cli.command()
@click.argument("rule_id", metavar="RULE-ID")
@click.option("--format", "output_format", type=click.Choice(RULE_FORMATS), default="text", show_default=True)
@click.option("--policy", "policy_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Extra or overriding Rego directory.")
@debug_option
def explain(rule_id: str, output_format: str, policy_dirs: tuple[str, ...]) -> None:
    """What a rule checks, its law, the fields it reads, how to fix it, and examples."""
    from compliance.commands.explain import run

    sys.exit(run(rule_id, output_format, policy_dirs))


@cli.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the schema to FILE (e.g. program.schema.json, for an editor) instead of stdout.")
@debug_option
def schema(kind: str, output: str | None) -> None:
    """Print a document kind's JSON Schema (editors use it through a yaml-language-server modeline)."""
    from compliance.commands.schema import run

    sys.exit(run(kind, output))


@cli.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Where to write program.yaml and compliance.yaml.")
@debug_option
def init(directory: str) -> None:
    """Write a commented starter program.yaml and compliance.yaml (never over existing files)."""
    from compliance.commands.init import run

    sys.exit(run(directory))


@cli.command("test")
@click.argument("policy_dirs", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--policy", "extra_dirs", multiple=True, type=click.Path(exists=True, file_okay=False))
@engine_options
@debug_option
def test_command(policy_dirs: tuple[str, ...], extra_dirs: tuple[str, ...], **engine: Any) -> None:
    """Run the Rego unit tests (test_* rules) of the shipped policies and of DIRs."""
    from compliance.commands.test import run

    sys.exit(run((*policy_dirs, *extra_dirs), **engine))


@cli.command()
@click.argument("source", metavar="SOURCE")
@click.argument("target", required=False, metavar="TARGET")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="The StorageInventory to write: .yaml, .json or .inventory.parquet.")
@click.option("--mapping", "mapping_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="DatasetMapping: which program, categories and sensitivity each table belongs to.")
@click.option("--tables", type=click.Path(dir_okay=False), metavar="FILE",
              help="ranger: the metastore's table list (SHOW TABLES output, one db.table a line, or CSV).")
@click.option("--roles", type=click.Path(dir_okay=False), metavar="FILE", help="ranger: Ranger's roles export.")
@click.option("--tags", type=click.Path(dir_okay=False), metavar="FILE",
              help="ranger: the tag service's export (ServiceTags), whose table tags classify tables.")
@click.option("--id", "inventory_id", metavar="ID", help="metadata.id of the snapshot (default from the source).")
@config_option
@click.option("--quiet", "-q", is_flag=True, help="No progress output on stderr.")
@max_input_option
@debug_option
def discover(**options: Any) -> None:
    """Read a live catalog into a StorageInventory snapshot.

    SOURCE TARGET: postgres DSN | ranger POLICIES.json --tables FILE | aws [REGION] | snowflake ACCOUNT |
    bigquery PROJECT | unity WORKSPACE-HOST.
    """
    from compliance.commands.discover import run

    sys.exit(run(**options))


@cli.command()
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The bundle to write (.tar.gz).")
@config_option
@policy_option
@debug_option
def bundle(output: str, config_path: str | None, policy_dirs: tuple[str, ...]) -> None:
    """Write the policies as an OPA bundle, to deploy on OPA servers for --engine opa."""
    from compliance.commands.bundle import run

    sys.exit(run(output, config_path, policy_dirs))


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one clear line per error, exit codes of the README's 'Exit codes'."""
    ctx_meta: dict[str, Any] = {}
    try:
        with cli.make_context("compliance", list(sys.argv[1:] if argv is None else argv)) as ctx:
            ctx_meta = ctx.meta
            cli.invoke(ctx)
    except ComplianceError as error:  # every domain error: its own text and exit code, never a traceback
        if ctx_meta.get("compliance.debug"):
            raise
        click.echo(error.display(), err=True)
        sys.exit(int(error.exit_code))
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(int(ExitCode.BAD_INPUT))
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(int(ExitCode.BAD_INPUT))
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug: one line, the traceback only with --debug
        if ctx_meta.get("compliance.debug") or "--debug" in sys.argv:
            raise
        click.echo(f"internal error: {type(error).__name__}: {error} (run with --debug for the traceback)",
                   err=True)
        sys.exit(int(ExitCode.ENGINE))
