"""What several commands share: their click options, and turning option values into the settings
the run takes (engine options, the input limit), checking outputs and printing input warnings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from compliance.errors import InputError
from compliance.limits import DEFAULT_MAX_MB, TOKEN_ENV

if TYPE_CHECKING:
    from compliance.engine import EngineOptions
    from compliance.loaders.inputs import Inputs

F = TypeVar("F", bound=Callable[..., Any])


def _apply(function: F, options: list[Callable[[F], F]]) -> F:
    for option in reversed(options):
        function = option(function)
    return function


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().meta["compliance.debug"] = True


def debug_option(function: F) -> F:
    return click.option("--debug", is_flag=True, help="Show tracebacks of errors.", expose_value=False,
                        is_eager=True, callback=_set_debug)(function)


def paths_argument(function: F) -> F:
    return click.argument("paths", nargs=-1, required=True, type=click.Path())(function)


max_input_option = click.option(
    "--max-input-mb", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_MB, show_default=True,
    metavar="MB", help="Refuse any input file larger than this.")

config_option = click.option("--config", "config_path", type=click.Path(),
                             help="Config file (default ./compliance.yaml).")

policy_option = click.option("--policy", "policy_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
                             help="Extra or overriding Rego directory.")


def engine_options(function: F) -> F:
    return _apply(function, [
        click.option("--engine", type=click.Choice(["embedded", "opa"]), default="embedded", show_default=True,
                     help="embedded: regorus in-process; opa: an OPA server."),
        click.option("--opa-url", "opa_urls", multiple=True, metavar="URL", help="OPA server for --engine opa."),
        click.option("--opa-token-env", default=TOKEN_ENV, show_default=True, metavar="VAR",
                     help="Environment variable holding the OPA bearer token."),
        click.option("--opa-token-file", type=click.Path(dir_okay=False), metavar="FILE",
                     help="File holding the OPA bearer token (instead of --opa-token-env)."),
        click.option("--opa-ca", type=click.Path(exists=True, dir_okay=False), help="CA bundle for the OPA server."),
        click.option("--opa-insecure", is_flag=True, help="Do not verify the OPA server's TLS certificate."),
    ])


def run_options(function: F) -> F:
    return _apply(function, [
        config_option,
        policy_option,
        click.option("--rule", "rules", multiple=True, metavar="ID", help="Run only this rule (repeatable)."),
        click.option("--skip-rule", "skip_rules", multiple=True, metavar="ID", help="Skip this rule (repeatable)."),
        click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="Judge as of this date (default today)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress output on stderr."),
        click.option("--unknown", "unknown", type=click.Choice(["warn", "fail"]), default=None,
                     help="A fact a rule needs that the input leaves unknown (a Terraform value unknown until "
                          "apply): a warning only (warn, the default) or a finding saying so (fail)."),
        max_input_option,
    ])


# -- option values -> settings --------------------------------------------------------------------


def engine_settings(engine: str, opa_urls: tuple[str, ...], opa_token_env: str, opa_ca: str | None,
                    opa_insecure: bool, opa_token_file: str | None = None) -> EngineOptions:
    """The engine options given on the command line (a warning when TLS verification is off)."""
    from compliance.engine import EngineName, EngineOptions

    if opa_insecure:
        click.echo("warning: TLS verification of the OPA server is off (--opa-insecure)", err=True)
    return EngineOptions(name=EngineName(engine), opa_urls=opa_urls, token_env=opa_token_env,
                         token_file=opa_token_file, ca_file=opa_ca, insecure=opa_insecure)


def print_warnings(inputs: Inputs) -> None:
    """What the inputs leave open (e.g. a Terraform value unknown until apply), on stderr."""
    for problem in inputs.warnings:
        click.echo(f"warning: {problem}", err=True)


def distinct_outputs(*targets: str | None) -> None:
    """Refuse two outputs of one run to the same file: the second would silently replace the first."""
    seen: dict[Path, str] = {}
    for target in targets:
        if target is None:
            continue
        resolved = Path(target).resolve()
        special = resolved.exists() and not resolved.is_file()  # /dev/null may take several
        if resolved in seen and not special:
            raise InputError(f"{target}: given as the output of two formats ({seen[resolved]} too); "
                             "give each its own file")
        seen[resolved] = target
