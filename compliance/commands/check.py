"""`compliance check`."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import click

from compliance.config import fail_threshold, load_config
from compliance.engine import EngineName, EngineOptions
from compliance.errors import ExitCode
from compliance.formats import OutputFormat, formatter
from compliance.output import write_atomic
from compliance.runner import RunOptions, run_check


def engine_options(engine: str, opa_urls: tuple[str, ...], opa_token_env: str, opa_ca: str | None,
                   opa_insecure: bool) -> EngineOptions:
    if opa_insecure:
        click.echo("warning: TLS verification of the OPA server is off (--opa-insecure)", err=True)
    return EngineOptions(name=EngineName(engine), opa_urls=opa_urls, token_env=opa_token_env,
                         ca_file=opa_ca, insecure=opa_insecure)


def run(paths: tuple[str, ...], output_format: str, output: str | None, fail_on: str | None,
        config_path: str | None, policy_dirs: tuple[str, ...], rules: tuple[str, ...],
        skip_rules: tuple[str, ...], as_of: datetime.datetime | None, **engine: Any) -> int:
    config = load_config(config_path)
    options = RunOptions(
        paths=paths, config=config, engine=engine_options(**engine),
        policy_dirs=tuple(Path(directory) for directory in policy_dirs),
        rules=rules, skip_rules=skip_rules, as_of=as_of.date() if as_of else None,
    )
    result = run_check(options)
    threshold = fail_threshold(fail_on, config)
    to_terminal = output is None and sys.stdout.isatty()
    text = formatter(OutputFormat(output_format))(result, threshold, color=to_terminal)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"), protected=[record.path for record in result.inputs])
    return int(ExitCode.FINDINGS if result.failing(threshold) else ExitCode.OK)
