"""The report's attachments: the CSV is what pandas' to_csv wrote before, the JSON what `check --format json` prints."""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compliance.findings import Finding, Location, Result, Waiver
from compliance.formats import json_format
from compliance.report import exports
from compliance.severity import Severity


def pandas_csv(result: Result) -> bytes:
    """The CSV attachment as the report wrote it with pandas (the reference the faster writer must equal)."""
    findings = result.findings
    rows = {
        "rule": [f.rule for f in findings],
        "severity": [f.severity.value for f in findings],
        "title": [f.title for f in findings],
        "resource": [f.resource for f in findings],
        "path": [f.location.path if f.location else "" for f in findings],
        "line": [f.location.line if f.location else None for f in findings],
        "column": [f.location.column if f.location else None for f in findings],
        "message": [f.message for f in findings],
        "legal": ["; ".join(f.legal) for f in findings],
        "remediation": [f.remediation for f in findings],
        "waived": [f.waiver is not None for f in findings],
    }
    frame = pd.DataFrame(rows, columns=list(exports.CSV_COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    frame["column"] = frame["column"].astype("Int64")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


# Text a CSV writer must quote or leave alone: delimiters, quotes, line breaks, a lone carriage return,
# tabs, leading and trailing spaces, control characters, non-Latin letters, the empty string.
HOSTILE = ("", " ", ",", '"', '""', "\n", "\r", "\r\n", "\t", "a,b", 'say "no"', "line\nbreak", "cr\ronly",
           " lead", "trail ", "\x00", "\x1b[31m", "\u2028", "Zoë Ærø 東京", "=cmd|' /C calc'!A0", "#", "'", ";", "\\")
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12),
                 st.lists(st.sampled_from(HOSTILE), max_size=4).map("".join))


def finding(rule: str, resource: str, message: str, title: str, legal: tuple[str, ...], remediation: str,
            location: Location | None, severity: Severity, waived: bool) -> Finding:
    waiver = Waiver(rule=rule, resource="*", reason="accepted", approved_by="dpo", expires="2027-01-01",
                    path="waivers.yaml", line=3) if waived else None
    return Finding(rule=rule, title=title, severity=severity, legal=legal, resource=resource, location=location,
                   message=message, remediation=remediation, package="compliance.rules.test", waiver=waiver)


FINDINGS = st.builds(
    finding, rule=st.sampled_from(("GDPR-SEC-001", "R,1", 'R"2', "R\n3")), resource=TEXT, message=TEXT, title=TEXT,
    legal=st.lists(TEXT, max_size=3).map(tuple), remediation=TEXT,
    location=st.none() | st.builds(Location, path=TEXT, line=st.integers(0, 10**7), column=st.integers(0, 500)),
    severity=st.sampled_from(list(Severity)), waived=st.booleans(),
)


def result_of(findings: list[Finding]) -> Result:
    return Result(tool_version="0.0.0", engine="embedded", policy_digest="sha256:0", as_of="2026-11-22", inputs=(),
                  findings=tuple(findings))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FINDINGS, max_size=8))
@example([])
@example([finding("R1", 'a,"b"\r\nc', "x\ry", "T", (), "", None, Severity.HIGH, True)])
def test_csv_is_byte_for_byte_what_pandas_wrote(findings: list[Finding]) -> None:
    result = result_of(findings)
    assert exports.findings_csv(result) == pandas_csv(result)


def test_csv_of_many_findings_of_few_rules() -> None:
    # What a rule repeats in each finding is formatted once per rule: findings of the same rule that differ
    # in severity, title, legal references or remediation must each keep their own.
    made = [finding(f"R{index % 3}", f"dataset:t{index}", f"message, {index}", f"title {index % 5}",
                    (f"Art. {index % 4}", "Art. 5") if index % 2 else (), f'do "{index % 7}"',
                    Location("w.csv", index + 2, 1) if index % 6 else None, list(Severity)[index % 5], index % 11 == 0)
            for index in range(500)]
    result = result_of(made)
    csv_bytes = exports.findings_csv(result)
    assert csv_bytes == pandas_csv(result)
    assert csv_bytes.count(b"\n") == 501


@settings(max_examples=100, deadline=None)
@given(st.lists(FINDINGS, max_size=6))
def test_json_is_what_check_prints(findings: list[Finding]) -> None:
    result = result_of(findings)
    assert exports.findings_json(result) == json_format.render(result, None, color=False).encode("utf-8")
