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


def _testcase(suite: ET.Element, rule: RuleSummary, finding: Finding, name: str) -> str:
    """Add the finding's testcase; return its outcome (failure or skipped)."""
    case = ET.SubElement(suite, "testcase", {"classname": rule.id, "name": _clean(name), "time": "0"})
    if finding.location is not None:
        case.set("file", _clean(finding.location.path))
        case.set("line", str(finding.location.line))
    if finding.waiver is not None:
        reason = f"waived until {finding.waiver.expires} by {finding.waiver.approved_by}: {finding.waiver.reason}"
        ET.SubElement(case, "skipped", {"message": _clean(reason)})
        ET.SubElement(case, "system-out").text = _clean(_details(finding))
        return "skipped"
    if finding.in_baseline:
        ET.SubElement(case, "skipped", {"message": "known: already in the baseline"})
        ET.SubElement(case, "system-out").text = _clean(_details(finding))
        return "skipped"
    failure = ET.SubElement(case, "failure", {
        "message": _clean(f"{where(finding)}: {finding.message}"),
        "type": finding.severity.value,
    })
    failure.text = _clean(_details(finding))
    return "failure"


def _suite(root: ET.Element, rule: RuleSummary, findings: list[Finding]) -> Counter[str]:
    suite = ET.SubElement(root, "testsuite", {"name": rule.id})
    outcomes: Counter[str] = Counter()
    if not findings:
        ET.SubElement(suite, "testcase", {"classname": rule.id, "name": _clean(f"{rule.id}: {rule.title}"),
                                          "time": "0"})
        outcomes["passed"] += 1
    names = Counter(finding.resource for finding in findings)
    for finding in findings:
        name = finding.resource
        if names[name] > 1:
            name += f" #{finding.fingerprint.removeprefix('sha256:')[:12]}"
        outcomes[_testcase(suite, rule, finding, name)] += 1
    tests = sum(outcomes.values())
    suite.attrib.update({"tests": str(tests), "failures": str(outcomes["failure"]), "errors": "0",
                         "skipped": str(outcomes["skipped"]), "time": "0"})
    properties = ET.Element("properties")
    for key, value in (("title", rule.title), ("severity", rule.severity.value), ("legal", "; ".join(rule.legal))):
        ET.SubElement(properties, "property", {"name": key, "value": _clean(value)})
    suite.insert(0, properties)
    return outcomes


def render(result: Result, fail_on: Severity | None, *, color: bool) -> str:
    rules = rule_summaries(result)
    by_rule: dict[str, list[Finding]] = {rule_id: [] for rule_id in rules}
    for finding in result.findings:
        by_rule[finding.rule].append(finding)
    root = ET.Element("testsuites", {"name": "compliance"})
    totals: Counter[str] = Counter()
    for rule_id, rule in rules.items():
        totals.update(_suite(root, rule, by_rule[rule_id]))
    root.attrib.update({"tests": str(sum(totals.values())), "failures": str(totals["failure"]), "errors": "0",
                        "skipped": str(totals["skipped"]), "time": "0"})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
