"""`--format github`: GitHub Actions workflow commands, shown as annotations on the pull request.

`::error file=F,line=L,col=C,title=RULE::message` for critical and high findings, `::warning` for
medium, `::notice` for low and info, and for findings that are waived or already in the baseline
(so they stay visible without looking like new problems). Expired waivers are warnings and unused
ones notices, at the waiver's line. Properties and messages are escaped as the Actions runner
expects, so a message cannot end a command early or start another one.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.errors import printable
from compliance.findings import Finding, Result, Severity, WaiverUse
from compliance.formats.common import status

COMMANDS = {
    Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
    Severity.LOW: "notice", Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    """A command's message: %, CR and LF escaped (as @actions/core's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property's value: also `:` and `,`, which would end the value (escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _shown(text: str) -> str:
    """Text from an input: line breaks kept (escape_data encodes them), other control characters escaped."""
    return printable(text, keep="\r\n")


def command(name: str, message: str, **properties: str | int | None) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value is not None and value != "")
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _finding(finding: Finding, with_baseline: bool) -> str:
    state = status(finding, with_baseline)
    name = COMMANDS[finding.severity]
    prefix = ""
    if state == "waived" and finding.waiver is not None:
        reason = _shown(finding.waiver.reason)
        name, prefix = "notice", f"[waived until {finding.waiver.expires}: {reason}] "
    elif state == "known":
        name, prefix = "notice", "[known: in the baseline] "
    message = (f"{prefix}{_shown(finding.message)}\n"
               f"{finding.title} ({finding.severity.value}; {'; '.join(finding.legal)})\n"
               f"Fix: {finding.remediation}")
    location = finding.location
    return command(
        name, message,
        file=location.path if location else None,
        line=location.line if location else None,
        col=location.column if location else None,
        title=finding.rule,
    )


def _waiver(use: WaiverUse) -> str:
    return command("warning" if use.status == "expired" else "notice", _shown(use.message),
                   file=use.path, line=use.line, title=f"waiver {use.status}: {use.rule}")


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    return "".join(pieces(result, fail_on, color=color))


def pieces(result: Result, fail_on: Severity | None, *, color: bool) -> Iterator[str]:
    """render()'s commands a thousand findings at a time (a warehouse's findings are never one string)."""
    with_baseline = result.baseline is not None
    findings = result.findings
    for start in range(0, len(findings), 1_000):
        yield "".join(_finding(finding, with_baseline) + "\n" for finding in findings[start:start + 1_000])
    lines = [_waiver(use) for use in result.waiver_problems]
    failing = len(result.failing(fail_on))
    threshold = "never" if fail_on is None else fail_on.value
    counts = result.counts()
    summary = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity if counts[s.value]) or "none"
    verdict = f"FAIL: {failing} finding(s) at or above {threshold}" if failing else \
        f"PASS: nothing at or above {threshold}"
    lines.append(f"compliance: {len(result.findings)} finding(s) ({summary}; {counts['waived']} waived). {verdict}")
    yield "\n".join(lines) + "\n"
