"""`--format json`: the findings document of SPEC section 3, deterministic and sorted."""

from __future__ import annotations

import json
from typing import Any

from compliance.findings import Finding, Result, Severity

SCHEMA_ID = "compliance-findings/v1"
TOOL_NAME = "compliance"


def finding_dict(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "rule": finding.rule,
        "title": finding.title,
        "severity": finding.severity.value,
        "legal": list(finding.legal),
        "resource": finding.resource,
        "location": None if location is None else
        {"path": location.path, "line": location.line, "column": location.column},
        "message": finding.message,
        "remediation": finding.remediation,
        "waiver": finding.waiver,
    }


def result_dict(result: Result) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": TOOL_NAME, "version": result.tool_version, "engine": result.engine,
                 "policy_digest": result.policy_digest},
        "as_of": result.as_of,
        "inputs": [{"path": r.path, "kind": r.kind, "id": r.id, "sha256": r.sha256} for r in result.inputs],
        "summary": result.counts(),
        "findings": [finding_dict(finding) for finding in result.findings],
    }


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    return json.dumps(result_dict(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
