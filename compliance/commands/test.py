"""`compliance test`: run every `test_*` rule; a rule package without tests fails the suite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from compliance import catalog
from compliance.commands.options import engine_settings
from compliance.engine import make_engine
from compliance.engine.interface import PolicyBundle
from compliance.errors import ExitCode


def untested_rules(bundle: PolicyBundle) -> list[str]:
    """Rule packages with no `<package>_test` package holding at least one test."""
    tested = {package.removesuffix("_test") for _, package, _ in catalog.rego_tests(bundle)}
    return sorted(set(catalog.rules(bundle)) - tested)


def run(policy_dirs: tuple[str, ...], **engine: Any) -> int:
    files = catalog.policy_files(tuple(Path(directory) for directory in policy_dirs))
    bundle = catalog.build_bundle(files, {}, with_tests=True)
    tests = catalog.rego_tests(bundle)
    outcome = make_engine(engine_settings(**engine)).run_tests(bundle, [(pkg, name) for _, pkg, name in tests])
    failed = 0
    for path, package, name in tests:
        reason = outcome.get((package, name), "not run")
        if reason is not None:
            failed += 1
            click.echo(f"FAIL {path}: {package}.{name}: {reason}")
    untested = untested_rules(bundle)
    for package in untested:
        click.echo(f"FAIL {package}: rule has no tests")
    rule_count = len(catalog.rules(bundle))
    click.echo(f"{rule_count - len(untested)} of {rule_count} rules have tests")
    click.echo(f"{len(tests) - failed} passed, {failed + len(untested)} failed")
    return int(ExitCode.FINDINGS if failed or untested else ExitCode.OK)
