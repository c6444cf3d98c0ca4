"""`--format json`: the findings document, deterministic and sorted.

Beyond the base findings document (additive fields): each finding's `fingerprint` (Finding.fingerprint; what
`--baseline` matches on), `waivers` (what each waiver did: applied, expired, unused, not_evaluated),
`baseline` (null, or the `--baseline` file and how many findings it already had) and `warnings`
(what the inputs leave open, e.g. Terraform values unknown until apply: `path`, `line`, `column`,
`field`, `message`; also printed on stderr).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any

from compliance.baseline import FINDINGS_SCHEMA
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
        "waiver": None if finding.waiver is None else finding.waiver.as_dict(),
        "fingerprint": finding.fingerprint,
    }


def result_dict(result: Result) -> dict[str, Any]:
    return {**result_dict_without_findings(result), "findings": [finding_dict(finding) for finding in result.findings]}


def result_dict_without_findings(result: Result) -> dict[str, Any]:
    """result_dict(result) with an empty findings list (render formats the findings one by one)."""
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": TOOL_NAME, "version": result.tool_version, "engine": result.engine,
                 "policy_digest": result.policy_digest},
        "as_of": result.as_of,
        "inputs": [{"path": r.path, "kind": r.kind, "id": r.id, "sha256": r.sha256} for r in result.inputs],
        "summary": result.counts(),
        "findings": [],
        "waivers": [use.as_dict() for use in result.waivers],
        "baseline": None if result.baseline is None else
        {"path": result.baseline.path, "matched": result.baseline.matched, "new": result.baseline.new},
        "warnings": [{"path": w.path, "line": w.line, "column": w.column, "field": w.field, "message": w.message}
                     for w in result.warnings],
    }


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    """The document as `json.dumps(result_dict(result), indent=2, sort_keys=True, ensure_ascii=False)`.

    Byte for byte the same text, written faster: `indent` makes the standard library fall back to its
    pure-Python encoder (about 100 us a finding, seconds for a warehouse), so the findings are laid
    out here, their strings escaped by the C encoder and what a rule repeats in each of its findings
    (title, remediation, legal references) escaped once per rule. Anything that is not plain JSON
    data goes back to json.dumps, which then formats or rejects it as before.
    """
    return "".join(pieces(result, fail_on, color=color))


def pieces(result: Result, fail_on: Severity | None = None, *, color: bool = False) -> Iterator[str]:
    """render()'s text in pieces, one a finding, made as they are written: the text of a million
    findings is never one string."""
    document = result_dict_without_findings(result)
    try:  # everything but the findings is small: laid out before the first piece goes out
        head = [(key, key != "findings" and _encode(document[key], "  ")) for key in sorted(document)]
    except _NotPlain:
        document["findings"] = [finding_dict(finding) for finding in result.findings]
        yield json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        return
    separator = "{\n"
    for key, text in head:
        yield f"{separator}  {_string(key)}: "
        separator = ",\n"
        if text is False:
            yield from _findings(result.findings)
        else:
            yield text
    yield "\n}\n"


class _NotPlain(Exception):
    """A value json.dumps would format otherwise (or reject): let it."""


_string = encode_basestring  # the C escaper of json.dumps(ensure_ascii=False) where CPython has it


def _encode(value: Any, indent: str) -> str:
    """value as json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) writes it at nesting `indent`."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int) and type(value) in (int, bool):
        return int.__repr__(value)
    if isinstance(value, float) and type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    inner = indent + "  "
    if type(value) is dict:
        if not value:
            return "{}"
        if not all(type(key) is str for key in value):
            raise _NotPlain
        return "{\n" + ",\n".join(f"{inner}{_string(key)}: {_encode(item, inner)}"
                                   for key, item in sorted(value.items())) + f"\n{indent}}}"
    if type(value) in (list, tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _encode(item, inner) for item in value) + f"\n{indent}]"
    raise _NotPlain


def _findings(findings: tuple[Finding, ...]) -> Iterator[str]:
    """The findings list at nesting level 1, a part per finding (keys in sorted order, as finding_dict)."""
    if not findings:
        yield "[]"
        return
    per_rule: dict[tuple[str, str, tuple[str, ...], str, str], tuple[str, str, str]] = {}
    opening = "[\n    "
    for finding in findings:
        try:
            yield opening + _finding(finding, per_rule)
        except _NotPlain:  # json.dumps lays it out (or rejects it); nested two levels down, as in the document
            yield opening + json.dumps(finding_dict(finding), indent=2, sort_keys=True,
                                       ensure_ascii=False).replace("\n", "\n    ")
        opening = ",\n    "
    yield "\n  ]"


def _finding(finding: Finding,
             per_rule: dict[tuple[str, str, tuple[str, ...], str, str], tuple[str, str, str]]) -> str:
    if type(finding.fingerprint) is not str or type(finding.message) is not str or type(finding.resource) is not str:
        raise _NotPlain
    rule = (finding.rule, finding.title, finding.legal, finding.remediation, finding.severity.value)
    fixed = per_rule.get(rule)
    if fixed is None:
        fixed = per_rule[rule] = (
            f',\n      "legal": {_encode(list(finding.legal), "      ")},\n      "location": ',
            f',\n      "remediation": {_encode(finding.remediation, "      ")},\n      "resource": ',
            f',\n      "rule": {_encode(finding.rule, "      ")},\n      "severity": {_string(finding.severity.value)}'
            f',\n      "title": {_encode(finding.title, "      ")},\n      "waiver": ',
        )
    location = finding.location
    if location is None:
        where = "null"
    elif type(location.line) is int and type(location.column) is int and type(location.path) is str:
        where = (f'{{\n        "column": {location.column},\n        "line": {location.line},'
                 f'\n        "path": {_string(location.path)}\n      }}')
    else:
        where = _encode({"path": location.path, "line": location.line, "column": location.column}, "      ")
    return "".join((
        '{\n      "fingerprint": ', _string(finding.fingerprint),
        fixed[0], where, ',\n      "message": ', _string(finding.message),
        fixed[1], _string(finding.resource),
        fixed[2], "null" if finding.waiver is None else _encode(finding.waiver.as_dict(), "      "), "\n    }",
    ))
