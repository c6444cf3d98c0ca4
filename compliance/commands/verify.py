"""`compliance verify REPORT.pdf PATH...`: does a DPIA report still match its inputs and rules?

Reads the manifest embedded in the PDF, re-runs the check on PATHs with the options the report
recorded (the command line may override them), and compares input hashes, policy digest and the
digest of the findings JSON. Exit 0 when everything matches, 1 when something differs.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from compliance.commands.report import prepare
from compliance.errors import ExitCode, InputError
from compliance.limits import DEFAULT_MAX_BYTES, max_bytes
from compliance.loaders.yaml_json import LoadError, read_limited
from compliance.resources import LANGUAGES
from compliance.runner import execute

ASPECTS = (("inputs", "inputs"), ("policy", "policy digest"), ("findings", "findings digest"))


def _recorded_date(recorded: dict[str, Any], source: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(recorded.get("as_of")))
    except ValueError:
        raise InputError(f"{source}: the embedded manifest has no valid as_of date") from None


def _language(value: Any) -> str | None:
    """The language the report was written in (reports of older versions: English); verify does not
    depend on it (it compares inputs, policy and findings), but records it like the report did."""
    return value if value in LANGUAGES else None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def run(report_pdf: str, paths: tuple[str, ...], config_path: str | None, policy_dirs: tuple[str, ...],
        rules: tuple[str, ...], skip_rules: tuple[str, ...], as_of: datetime.datetime | None, quiet: bool,
        max_input_mb: float, unknown: str | None = None, **engine: Any) -> int:
    from compliance.report import current_manifest, from_run, integrity

    try:
        content = read_limited(Path(report_pdf), report_pdf,
                               max_bytes(max_input_mb) if max_input_mb is not None else DEFAULT_MAX_BYTES)
    except LoadError as error:
        raise InputError(str(error.problem)) from None
    recorded, files = integrity.read_manifest(content, report_pdf)
    noted_options = recorded.get("run_options")
    options: dict[str, Any] = noted_options if isinstance(noted_options, dict) else {}
    day = as_of.date() if as_of else _recorded_date(recorded, report_pdf)
    run_options, noted = prepare(
        paths, config_path, policy_dirs or _strings(options.get("policy_dirs")),
        rules or _strings(options.get("rules")), skip_rules or _strings(options.get("skip_rules")),
        day, quiet, max_input_mb, _language(options.get("lang")),
        unknown or (str(options["unknown"]) if options.get("unknown") else None), **engine,
    )
    current = current_manifest(from_run(execute(run_options), noted))
    found = integrity.differences(recorded, current)
    attached = files.get(integrity.FINDINGS_JSON)
    if attached is None or integrity.sha256(attached) != recorded.get("findings", {}).get("sha256"):
        found["findings"].insert(0, f"the attached {integrity.FINDINGS_JSON} does not match the digest in the "
                                    "manifest: the PDF was altered after it was written")
    tool = recorded.get("tool", {})
    click.echo(f"{report_pdf}: report of {len(recorded.get('inputs', []))} input(s) as of {recorded.get('as_of')}, "
               f"made by compliance {tool.get('version')} ({tool.get('engine')} engine)")
    for key, label in ASPECTS:
        if found[key]:
            click.echo(f"  {label}: DIFFER")
            for line in found[key]:
                click.echo(f"    - {line}")
        else:
            click.echo(f"  {label}: match{_detail(key, current)}")
    differing = [label for key, label in ASPECTS if found[key]]
    if differing:
        click.echo(f"DIFFERS: the report no longer matches ({', '.join(differing)})")
        return int(ExitCode.FINDINGS)
    click.echo("OK: the report matches its inputs, rules and findings")
    return int(ExitCode.OK)


def _detail(key: str, current: dict[str, Any]) -> str:
    if key == "inputs":
        count = len(current.get("inputs", []))
        return f" ({count} file{'s' if count != 1 else ''})"
    if key == "policy":
        return f" ({current.get('policy_digest')})"
    findings = current.get("findings", {})
    return f" ({findings.get('sha256')}, {findings.get('total')} findings)"
