"""The complete findings as attachments: the JSON of `check --format json`, and a CSV (pandas)."""

from __future__ import annotations

import io

import pandas as pd

from compliance.findings import Result
from compliance.formats import json_format

CSV_COLUMNS = ("rule", "severity", "title", "resource", "path", "line", "column", "message", "legal", "remediation",
               "waived")


def findings_json(result: Result) -> bytes:
    """Byte for byte what `compliance check --format json` prints for the same run."""
    return json_format.render(result, None, color=False).encode("utf-8")


def findings_csv(result: Result) -> bytes:
    rows = {
        "rule": [f.rule for f in result.findings],
        "severity": [f.severity.value for f in result.findings],
        "title": [f.title for f in result.findings],
        "resource": [f.resource for f in result.findings],
        "path": [f.location.path if f.location else "" for f in result.findings],
        "line": [f.location.line if f.location else None for f in result.findings],
        "column": [f.location.column if f.location else None for f in result.findings],
        "message": [f.message for f in result.findings],
        "legal": ["; ".join(f.legal) for f in result.findings],
        "remediation": [f.remediation for f in result.findings],
        "waived": [f.waiver is not None for f in result.findings],
    }
    frame = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    frame["column"] = frame["column"].astype("Int64")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
