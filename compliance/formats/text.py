"""`--format text`: findings grouped by severity, then by rule, for a person at a terminal."""

from __future__ import annotations

from itertools import groupby
from typing import Any

import click

from compliance.findings import Finding, Result, Severity

_COLORS = {
    Severity.CRITICAL: "magenta", Severity.HIGH: "red", Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan", Severity.INFO: "blue",
}


def _where(finding: Finding) -> str:
    location = finding.location
    return f"{location.path}:{location.line}:{location.column}" if location else finding.resource


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if color else text

    lines: list[str] = []
    for severity, in_severity in groupby(result.findings, key=lambda f: f.severity):
        group = sorted(in_severity, key=lambda f: (f.rule, f.title))  # stable: keeps resource order
        lines.append(style(f"{severity.value.upper()} ({len(group)})", fg=_COLORS[severity], bold=True))
        for (rule, title), in_rule in groupby(group, key=lambda f: (f.rule, f.title)):
            findings = list(in_rule)
            lines.append(f"  {style(rule, bold=True)} {title} [{'; '.join(findings[0].legal)}]")
            for finding in findings:
                waived = style(" [waived]", fg="green") if finding.waiver else ""
                lines.append(f"    {_where(finding)}: {finding.message}{waived}")
            lines.append(f"    fix: {findings[0].remediation}")
        lines.append("")
    counts = result.counts()
    summary = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity if counts[s.value])
    failing = len(result.failing(fail_on))
    threshold = "never" if fail_on is None else fail_on.value
    lines.append(f"{len(result.findings)} finding(s) in {len(result.inputs)} document(s)"
                 f"{': ' + summary if summary else ''}")
    if failing:
        lines.append(style("FAIL", fg="red", bold=True) + f": {failing} finding(s) at or above {threshold}")
    else:
        lines.append(style("PASS", fg="green", bold=True) + f": nothing at or above {threshold}")
    return "\n".join(lines) + "\n"
