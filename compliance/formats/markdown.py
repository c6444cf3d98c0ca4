"""`--format markdown`: a pull-request comment (GitHub / GitLab flavoured Markdown).

A verdict, a summary table by severity, then the findings in sections: new ones first (all open
findings when no `--baseline` was given), waivers to review, findings already in the baseline,
and waived findings last; inside each section one collapsible `<details>` per rule. Every string
from an input is escaped, and long lists are cut so the comment stays under GitHub's 65,536
characters (the JSON or SARIF output carries everything).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from itertools import groupby

from compliance.errors import printable
from compliance.findings import Finding, Result, Severity, WaiverUse
from compliance.formats.common import RuleSummary, rule_summaries, status

MARKER = "<!-- compliance-check -->"  # lets a CI bot find and update its earlier comment
MAX_CHARS = 60_000
ROW_LIMITS = (50, 20, 5, 0)  # findings listed per rule, tried in turn until the comment fits

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")  # enough to stop emphasis, links, code, HTML, cells


def text(value: str) -> str:
    """Inline text: Markdown and HTML specials escaped, one line (for table cells and list items)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("&", "&amp;")
    return printable(re.sub(r"\s*[\r\n]+\s*", " ", escaped).strip())


def code(value: str) -> str:
    """An inline code span that survives backticks and table pipes in the value."""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    body = printable(re.sub(r"[\r\n]+", " ", value)).replace("|", "\\|")
    if body.startswith("`") or body.endswith("`"):
        body = f" {body} "
    return f"{fence}{body}{fence}"


def _where(finding: Finding) -> str:
    location = finding.location
    return code(f"{location.path}:{location.line}") if location else "—"


def _summary_table(result: Result, groups: dict[str, list[Finding]]) -> list[str]:
    columns = [name for name in ("new", "open", "known", "waived") if groups.get(name)] or ["open"]
    lines = ["| severity | " + " | ".join(columns) + " | total |",
             "| --- | " + " | ".join("---:" for _ in columns) + " | ---: |"]
    for severity in Severity:
        counts = [sum(1 for f in groups.get(name, []) if f.severity == severity) for name in columns]
        total = sum(1 for f in result.findings if f.severity == severity)
        lines.append(f"| {severity.value} | " + " | ".join(str(count) for count in counts) + f" | {total} |")
    lines.append("| **total** | " + " | ".join(f"**{len(groups.get(name, []))}**" for name in columns)
                 + f" | **{len(result.findings)}** |")
    return lines


def _rule_details(rule: RuleSummary, findings: Sequence[Finding], limit: int) -> list[str]:
    severities = sorted({f.severity for f in findings}, key=lambda s: s.rank)
    label = "/".join(s.value for s in severities)
    count = len(findings)
    lines = [
        "<details>",
        f"<summary><b>{html.escape(rule.id)}</b> {html.escape(rule.title)} ({label}): "
        f"{count} finding{'s' if count != 1 else ''}</summary>",
        "",
        f"**Legal:** {text('; '.join(rule.legal))}  ",
        f"**Fix:** {text(rule.remediation)}",
        "",
    ]
    shown = list(findings)[:limit]
    if shown:
        lines.extend(["| severity | resource | where | finding |", "| --- | --- | --- | --- |"])
        for finding in shown:
            message = text(finding.message)
            if finding.waiver is not None:
                waiver = finding.waiver
                message += (f" — waived until {text(waiver.expires)} by "
                            f"{text(waiver.approved_by)}: {text(waiver.reason)}")
            lines.append(f"| {finding.severity.value} | {code(finding.resource)} | {_where(finding)} | {message} |")
    if count > len(shown):
        lines.extend(["", f"… and {count - len(shown)} more (the JSON or SARIF output lists every finding)."])
    lines.extend(["", "</details>", ""])
    return lines


def _section(title: str, findings: list[Finding], rules: dict[str, RuleSummary], limit: int) -> list[str]:
    if not findings:
        return []
    lines = [f"### {title} ({len(findings)})", ""]
    ordered = sorted(findings, key=lambda f: (f.rule, f.severity.rank, f.resource))
    by_rule = groupby(ordered, key=lambda f: f.rule)
    grouped = sorted(((rule_id, list(group)) for rule_id, group in by_rule),
                     key=lambda item: (min(f.severity.rank for f in item[1]), item[0]))
    for rule_id, group in grouped:
        lines.extend(_rule_details(rules[rule_id], group, limit))
    return lines


def _waiver_lines(problems: list[WaiverUse]) -> list[str]:
    if not problems:
        return []
    lines = [f"### Waivers to review ({len(problems)})", ""]
    lines.extend(f"- **{use.status}** {code(f'{use.path}:{use.line}')}: {text(use.message)}" for use in problems)
    lines.append("")
    return lines


def _compose(result: Result, fail_on: Severity | None, limit: int) -> str:
    rules = rule_summaries(result)
    with_baseline = result.baseline is not None
    groups: dict[str, list[Finding]] = {}
    for finding in result.findings:
        groups.setdefault(status(finding, with_baseline), []).append(finding)
    failing = len(result.failing(fail_on))
    threshold = "never" if fail_on is None else fail_on.value
    qualifier = "new " if with_baseline else ""
    verdict = (f"**FAIL**: {failing} {qualifier}finding{'s' if failing != 1 else ''} at or above {threshold}"
               if failing else f"**PASS**: nothing {qualifier}at or above {threshold}")
    lines = [MARKER, f"## Compliance check: {verdict}", ""]
    lines.extend(_summary_table(result, groups))
    lines.append("")
    if result.baseline is not None:
        lines.extend([f"Baseline {code(result.baseline.path)}: {result.baseline.matched} known, "
                      f"{result.baseline.new} new.", ""])
    open_title = "New findings" if with_baseline else "Findings"
    lines.extend(_section(open_title, groups.get("new", []) + groups.get("open", []), rules, limit))
    lines.extend(_waiver_lines(result.waiver_problems))
    lines.extend(_section("Known findings (in the baseline)", groups.get("known", []), rules, limit))
    lines.extend(_section("Waived findings", groups.get("waived", []), rules, limit))
    lines.append(f"<sub>compliance {html.escape(result.tool_version)}, {html.escape(result.engine)} engine, "
                 f"policy {code(result.policy_digest[:19])}, as of {html.escape(result.as_of)}, "
                 f"{len(result.inputs)} input document{'s' if len(result.inputs) != 1 else ''}</sub>")
    return "\n".join(lines) + "\n"


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    for limit in ROW_LIMITS:
        comment = _compose(result, fail_on, limit)
        if len(comment) <= MAX_CHARS:
            return comment
    return comment


def pieces(result: Result, fail_on: Severity | None, *, color: bool) -> Iterator[str]:
    """The comment in one piece: it is cut to fit under MAX_CHARS, so it is never large."""
    yield render(result, fail_on, color=color)
