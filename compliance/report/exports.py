"""The complete findings as attachments: the JSON of `check --format json`, and a CSV.

Both are written once per report, straight from the findings: the JSON by the `check --format json`
writer in pieces (never one 40 MB string), the CSV a line per finding, where what a rule repeats in
each of its findings (rule, severity, title, legal references, remediation) is formatted once per
rule. The CSV is byte for byte what pandas' `DataFrame.to_csv(index=False, lineterminator="\\n")`
wrote before: the standard csv dialect (a cell is quoted, its quotes doubled, when it holds a comma,
a quote or a line break: the csv module itself quotes those few cells), a missing line or column an
empty cell, `waived` True or False. tests/test_report_exports.py holds the two equal.
"""

from __future__ import annotations

import csv
import io

from compliance.findings import Finding, Result
from compliance.formats import json_format

CSV_COLUMNS = ("rule", "severity", "title", "resource", "path", "line", "column", "message", "legal", "remediation",
               "waived")


def findings_json(result: Result) -> bytes:
    """Byte for byte what `compliance check --format json` prints for the same run."""
    return json_format.render(result, None, color=False).encode("utf-8")


def _quoted(value: str) -> str:
    """The cell as the csv module writes it (minimal quoting, doubled quotes, line terminator \\n)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([value])
    return buffer.getvalue()[:-1]


def _cell(value: str) -> str:
    # The csv module quotes a cell holding the delimiter, the quote character or the line terminator;
    # any cell holding one of those (or a carriage return) goes through it, the rest are written as they are.
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return _quoted(value)
    return value


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def findings_csv(result: Result) -> bytes:
    lines = [",".join(CSV_COLUMNS)]
    per_rule: dict[tuple[str, str, str, tuple[str, ...], str], tuple[str, str]] = {}
    finding: Finding
    for finding in result.findings:
        key = (finding.rule, finding.severity.value, finding.title, finding.legal, finding.remediation)
        fixed = per_rule.get(key)
        if fixed is None:
            fixed = per_rule[key] = (
                f"{_cell(finding.rule)},{_cell(finding.severity.value)},{_cell(finding.title)},",
                f",{_cell('; '.join(finding.legal))},{_cell(finding.remediation)},",
            )
        location = finding.location
        where = ",," if location is None else \
            f"{_cell(location.path)},{_number(location.line)},{_number(location.column)}"
        lines.append(f"{fixed[0]}{_cell(finding.resource)},{where},{_cell(finding.message)}{fixed[1]}"
                     f"{finding.waiver is not None}")
    lines.append("")
    return "\n".join(lines).encode("utf-8")
