"""`--format text`: findings grouped by severity, then by rule, for a person at a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

import click

from compliance.errors import printable
from compliance.findings import Finding, Result, Severity

_COLORS = {
    Severity.CRITICAL: "magenta", Severity.HIGH: "red", Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan", Severity.INFO: "blue",
}


def _where(finding: Finding) -> str:
    location = finding.location
    return printable(f"{location.path}:{location.line}:{location.column}" if location else finding.resource)


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    return "".join(pieces(result, fail_on, color=color))


def pieces(result: Result, fail_on: Severity | None, *, color: bool) -> Iterator[str]:
    """render()'s text a rule at a time (a warehouse's findings are never one string)."""
    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if color else text

    def marks(finding: Finding) -> str:
        text = ""
        if result.baseline is not None:
            text += style(" [known]", dim=True) if finding.in_baseline else style(" [new]", bold=True)
        if finding.waiver is not None:
            reason = printable(finding.waiver.reason)
            text += style(f" [waived until {finding.waiver.expires}: {reason}]", fg="green")
        return text

    for severity, in_severity in groupby(result.findings, key=lambda f: f.severity):
        group = sorted(in_severity, key=lambda f: (f.rule, f.title))  # stable: keeps resource order
        yield style(f"{severity.value.upper()} ({len(group)})", fg=_COLORS[severity], bold=True) + "\n"
        for (rule, title), in_rule in groupby(group, key=lambda f: (f.rule, f.title)):
            findings = list(in_rule)
            yield f"  {style(rule, bold=True)} {title} [{'; '.join(findings[0].legal)}]\n"
            for start in range(0, len(findings), 1_000):
                yield "".join(f"    {_where(finding)}: {printable(finding.message)}{marks(finding)}\n"
                              for finding in findings[start:start + 1_000])
            yield f"    fix: {findings[0].remediation}\n"
        yield "\n"
    lines: list[str] = []
    problems = result.waiver_problems
    if problems:
        lines.append(style(f"WAIVERS ({len(problems)} to review)", fg="yellow", bold=True))
        lines.extend(f"  {printable(use.path)}:{use.line}: {use.status}: {printable(use.message)}" for use in problems)
        lines.append("")
    lines.extend(_summary(result, fail_on, style))
    yield "\n".join(lines) + "\n"


def _summary(result: Result, fail_on: Severity | None, style: Any) -> list[str]:
    counts = result.counts()
    parts = [f"{counts[s.value]} {s.value}" for s in Severity if counts[s.value]]
    if counts["waived"]:
        parts.append(f"{counts['waived']} waived")
    lines = [f"{len(result.findings)} finding(s) in {len(result.inputs)} document(s)"
             f"{': ' + ', '.join(parts) if parts else ''}"]
    if result.baseline is not None:
        lines.append(f"baseline {result.baseline.path}: {result.baseline.matched} known, "
                     f"{result.baseline.new} new")
    failing = len(result.failing(fail_on))
    threshold = "never" if fail_on is None else fail_on.value
    qualifier = "new " if result.baseline is not None else ""
    if failing:
        lines.append(style("FAIL", fg="red", bold=True) + f": {failing} {qualifier}finding(s) at or above {threshold}")
    else:
        lines.append(style("PASS", fg="green", bold=True) + f": nothing {qualifier}at or above {threshold}")
    return lines
