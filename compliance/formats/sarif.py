"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every rule evaluated is a `reportingDescriptor` (help text with remediation and legal references,
`helpUri` from the rule's related_resources, `security-severity` for GitHub); every finding a
`result` with a physical location (GitHub rejects results without one: a finding that has no place
in a file points at line 1 of the input that should hold its resource), the resource as a logical
location, a `partialFingerprints` entry that ignores line numbers (compliance.baseline), a
`suppressions` entry when a waiver covers it and a `baselineState` when `--baseline` was given.
Expired and unused waivers, and what the inputs leave open (Terraform values unknown until apply),
are `toolExecutionNotifications` of the invocation.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from compliance.errors import Problem
from compliance.findings import Finding, InputRecord, Result, Severity, WaiverUse
from compliance.formats.common import RuleSummary, rule_summaries
from compliance.kinds import DocumentKind

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "compliance"
FINGERPRINT_KEY = "complianceFinding/v1"

LEVELS = {
    Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
    Severity.LOW: "note", Severity.INFO: "note",
}
# GitHub reads security-severity: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low
# (info has none, so GitHub shows it by its level, a note).
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0"}


def artifact_uri(path: str) -> str:
    """The path as given, as a relative URI reference; absolute paths relative to the working
    directory when below it, else a file: URI."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return quote(candidate.as_posix(), safe="/")


def _descriptor(rule: RuleSummary) -> dict[str, Any]:
    legal = "; ".join(rule.legal)
    text = f"{rule.description}\n\nRemediation: {rule.remediation}\n\nLegal references: {legal}"
    markdown = (f"{rule.description}\n\n**Remediation:** {rule.remediation}\n\n"
                f"**Legal references:** {legal}")
    if rule.help_uris:
        text += "\n\nSee: " + " ".join(rule.help_uris)
        markdown += "\n\n" + "\n".join(f"- <{uri}>" for uri in rule.help_uris)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description or rule.title},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(dict.fromkeys(("security", "privacy", "compliance", *rule.areas))),
            "precision": "high",
            "severity": rule.severity.value,
            "legal": list(rule.legal),
        },
    }
    if rule.severity in SECURITY_SEVERITY:
        descriptor["properties"]["security-severity"] = SECURITY_SEVERITY[rule.severity]
    if rule.help_uris:
        descriptor["helpUri"] = rule.help_uris[0]
    return descriptor


def _fallback_path(finding: Finding, inputs: tuple[InputRecord, ...]) -> str | None:
    """For a finding without a place in a file: the input that should hold its resource."""
    wanted = DocumentKind.STORAGE_INVENTORY if finding.resource.startswith("dataset:") else DocumentKind.PROGRAM
    for record in inputs:
        if record.kind == wanted:
            return record.path
    return inputs[0].path if inputs else None


def _physical(path: str, line: int, column: int | None, artifacts: dict[str, int]) -> dict[str, Any]:
    uri = artifact_uri(path)
    location: dict[str, Any] = {"uri": uri}
    if uri in artifacts:
        location["index"] = artifacts[uri]
    region: dict[str, Any] = {"startLine": max(line, 1)}
    if column is not None:
        region["startColumn"] = max(column, 1)
    return {"artifactLocation": location, "region": region}


def _result(finding: Finding, index: int, result: Result, artifacts: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": finding.resource, "kind": "resource"}],
    }
    if finding.location is not None:
        location["physicalLocation"] = _physical(finding.location.path, finding.location.line,
                                                 finding.location.column, artifacts)
    else:
        path = _fallback_path(finding, result.inputs)
        if path is not None:
            location["physicalLocation"] = _physical(path, 1, None, artifacts)
    message = f"{finding.message}\nRemediation: {finding.remediation}"
    entry: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint.removeprefix("sha256:")},
        "properties": {"severity": finding.severity.value, "resource": finding.resource,
                       "legal": list(finding.legal)},
    }
    if finding.waiver is not None:
        waiver = finding.waiver
        suppression: dict[str, Any] = {
            "kind": "external",
            "status": "accepted",
            "justification": waiver.reason,
            "properties": {"approved_by": waiver.approved_by, "expires": waiver.expires,
                           "resource": waiver.resource},
        }
        if waiver.path:
            suppression["location"] = {"physicalLocation": _physical(waiver.path, waiver.line or 1,
                                                                     None, artifacts)}
        entry["suppressions"] = [suppression]
    if result.baseline is not None:
        entry["baselineState"] = "unchanged" if finding.in_baseline else "new"
    return entry


def _notification(use: WaiverUse, artifacts: dict[str, int]) -> dict[str, Any]:
    return {
        "descriptor": {"id": f"waiver-{use.status}"},
        "level": "warning" if use.status == "expired" else "note",
        "message": {"text": use.message},
        "locations": [{"physicalLocation": _physical(use.path, use.line, None, artifacts)}],
        "properties": use.as_dict(),
    }


def _input_warning(warning: Problem, artifacts: dict[str, int]) -> dict[str, Any]:
    """What an input leaves open (a Terraform value unknown until apply), at its file and line."""
    return {
        "descriptor": {"id": "input-warning"},
        "level": "warning",
        "message": {"text": f"{warning.field}: {warning.message}" if warning.field else warning.message},
        "locations": [{"physicalLocation": _physical(warning.path, warning.line or 1, warning.column, artifacts)}],
    }


def sarif_log(result: Result) -> dict[str, Any]:
    log, artifacts, rule_index = _log_without_results(result)
    log["runs"][0]["results"] = [_result(finding, rule_index[finding.rule], result, artifacts)
                                 for finding in result.findings]
    return log


def _log_without_results(result: Result) -> tuple[dict[str, Any], dict[str, int], dict[str, int]]:
    """The log with no results, and what each result refers to: the artifacts' and rules' indexes."""
    rules = rule_summaries(result)
    rule_index = {rule_id: index for index, rule_id in enumerate(rules)}
    artifacts: dict[str, int] = {}
    artifact_list: list[dict[str, Any]] = []
    for record in result.inputs:
        uri = artifact_uri(record.path)
        if uri not in artifacts:
            artifacts[uri] = len(artifact_list)
            artifact_list.append({"location": {"uri": uri}, "hashes": {"sha-256": record.sha256},
                                  "properties": {"kind": record.kind, "id": record.id}})
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": TOOL_NAME,
            "version": result.tool_version,
            "semanticVersion": result.tool_version,
            "rules": [_descriptor(rule) for rule in rules.values()],
        }},
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [*(_notification(use, artifacts) for use in result.waiver_problems),
                                           *(_input_warning(warning, artifacts) for warning in result.warnings)],
        }],
        "artifacts": artifact_list,
        "results": [],
        "columnKind": "unicodeCodePoints",
        "automationDetails": {"id": "compliance/"},
        "properties": {"engine": result.engine, "policy_digest": result.policy_digest, "as_of": result.as_of},
    }
    if result.baseline is not None:
        run["properties"]["baseline"] = {"path": result.baseline.path, "matched": result.baseline.matched,
                                         "new": result.baseline.new}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, artifacts, rule_index


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    return "".join(pieces(result, fail_on, color=color))


def pieces(result: Result, fail_on: Severity | None, *, color: bool) -> Iterator[str]:
    """The log as compact JSON (SARIF is read by machines, and without indent json uses its C encoder),
    the results a thousand at a time: the text of a million findings is never one string."""
    log, artifacts, rule_index = _log_without_results(result)
    marker = f"results-{uuid.uuid4().hex}"  # random: no input can hold it in advance
    log["runs"][0]["results"] = [marker]
    head, found, tail = _dumps(log).partition(_dumps([marker]))
    if not found or marker in tail:  # cannot happen; if it did, the whole log in one piece is still right
        yield _dumps(sarif_log(result)) + "\n"
        return
    yield head + "["
    findings = result.findings
    for start in range(0, len(findings), 1_000):
        block = _dumps([_result(finding, rule_index[finding.rule], result, artifacts)
                        for finding in findings[start:start + 1_000]])
        yield ("," if start else "") + block[1:-1]  # the list's items, without its brackets
    yield "]" + tail + "\n"


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
