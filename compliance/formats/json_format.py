"""`--format json`: the findings document of SPEC section 3, deterministic and sorted.

Beyond SPEC section 3 (additive fields): each finding's `fingerprint` (compliance.baseline; what
`--baseline` matches on), `waivers` (what each waiver did: applied, expired, unused, not_evaluated)
and `baseline` (null, or the `--baseline` file and how many findings it already had).
"""

from __future__ import annotations

import json
from typing import Any

from compliance.baseline import FINDINGS_SCHEMA, fingerprint
from compliance.findings import Finding, Result, Severity

SCHEMA_ID = FINDINGS_SCHEMA
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
        "fingerprint": fingerprint(finding),
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
        "waivers": [use.as_dict() for use in result.waivers],
        "baseline": None if result.baseline is None else
        {"path": result.baseline.path, "matched": result.baseline.matched, "new": result.baseline.new},
    }


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    return json.dumps(result_dict(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
