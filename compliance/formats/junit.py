"""`--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps).

One `testsuite` per rule evaluated, one `testcase` per finding, or one passing `testcase` for a
rule without findings. An open finding is a `failure` (whatever --fail-on says: the exit code,
not the report, decides whether the job fails); a waived finding, or one the `--baseline`
already had, is `skipped` with the reason. Testcase names are the resource ids (made unique with
the fingerprint where one rule reports a resource twice), never line numbers, so a CI's
"new failures" comparison between pipelines stays meaningful when files move.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator

from compliance.findings import Finding, Result, Severity
from compliance.formats.common import RuleSummary, rule_summaries, where

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(finding: Finding) -> str:
    lines = [
        f"{where(finding)}: {finding.message}",
        f"rule: {finding.rule} {finding.title}",
        f"severity: {finding.severity.value}",
        f"resource: {finding.resource}",
        f"legal: {'; '.join(finding.legal)}",
        f"fix: {finding.remediation}",
        f"fingerprint: {finding.fingerprint}",
    ]
    return "\n".join(lines)


def _testcase(rule: RuleSummary, finding: Finding, name: str) -> ET.Element:
    case = ET.Element("testcase", {"classname": rule.id, "name": _clean(name), "time": "0"})
    if finding.location is not None:
        case.set("file", _clean(finding.location.path))
        case.set("line", str(finding.location.line))
    if finding.waiver is not None:
        reason = f"waived until {finding.waiver.expires} by {finding.waiver.approved_by}: {finding.waiver.reason}"
        ET.SubElement(case, "skipped", {"message": _clean(reason)})
        ET.SubElement(case, "system-out").text = _clean(_details(finding))
    elif finding.in_baseline:
        ET.SubElement(case, "skipped", {"message": "known: already in the baseline"})
        ET.SubElement(case, "system-out").text = _clean(_details(finding))
    else:
        failure = ET.SubElement(case, "failure", {
            "message": _clean(f"{where(finding)}: {finding.message}"),
            "type": finding.severity.value,
        })
        failure.text = _clean(_details(finding))
    return case


def _outcomes(findings: list[Finding]) -> Counter[str]:
    """How a rule's testcases end: failure (open), skipped (waived or in the baseline), passed (no finding)."""
    if not findings:
        return Counter(passed=1)
    return Counter("skipped" if finding.waiver is not None or finding.in_baseline else "failure"
                   for finding in findings)


def _counts(outcomes: Counter[str]) -> dict[str, str]:
    return {"tests": str(sum(outcomes.values())), "failures": str(outcomes["failure"]), "errors": "0",
            "skipped": str(outcomes["skipped"]), "time": "0"}


def _element(element: ET.Element, level: int) -> str:
    """One element as ET.indent(root) lays it out at `level`, without its tail."""
    ET.indent(element, level=level)
    return ET.tostring(element, encoding="unicode")


def _opening(element: ET.Element, xml_declaration: bool = False) -> str:
    """An element's start tag (with the XML declaration before it if asked)."""
    text = ET.tostring(element, encoding="unicode", xml_declaration=xml_declaration, short_empty_elements=False)
    return text.removesuffix(f"</{element.tag}>")


def _suite(rule: RuleSummary, findings: list[Finding], outcomes: Counter[str]) -> Iterator[str]:
    """A rule's testsuite, a testcase at a time (at nesting level 1 of the document)."""
    yield "\n  " + _opening(ET.Element("testsuite", {"name": rule.id, **_counts(outcomes)}))
    properties = ET.Element("properties")
    for key, value in (("title", rule.title), ("severity", rule.severity.value), ("legal", "; ".join(rule.legal))):
        ET.SubElement(properties, "property", {"name": key, "value": _clean(value)})
    yield "\n    " + _element(properties, 2)
    if not findings:
        case = ET.Element("testcase", {"classname": rule.id, "name": _clean(f"{rule.id}: {rule.title}"), "time": "0"})
        yield "\n    " + _element(case, 2)
    names = Counter(finding.resource for finding in findings)
    for finding in findings:
        name = finding.resource
        if names[name] > 1:
            name += f" #{finding.fingerprint.removeprefix('sha256:')[:12]}"
        yield "\n    " + _element(_testcase(rule, finding, name), 2)
    yield "\n  </testsuite>"


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    return "".join(pieces(result, fail_on, color=color))


def pieces(result: Result, fail_on: Severity | None, *, color: bool) -> Iterator[str]:
    """The XML a testcase at a time (a warehouse's findings are never one string)."""
    rules = rule_summaries(result)
    by_rule: dict[str, list[Finding]] = {rule_id: [] for rule_id in rules}
    for finding in result.findings:
        by_rule[finding.rule].append(finding)
    outcomes = {rule_id: _outcomes(by_rule[rule_id]) for rule_id in rules}
    root = ET.Element("testsuites", {"name": "compliance", **_counts(sum(outcomes.values(), Counter()))})
    if not rules:
        yield ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
        return
    yield _opening(root, xml_declaration=True)
    for rule_id, rule in rules.items():
        yield from _suite(rule, by_rule[rule_id], outcomes[rule_id])
    yield "\n</testsuites>\n"
