"""Findings grouped by rule, and each rule placed under a principle of Art. 35(7)(b).

A report with 45,000 findings stays readable because every list here is bounded: a group names the
first few affected resources and counts the rest (the attachments carry them all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from compliance.catalog import RULE_PACKAGE_PREFIX
from compliance.findings import Finding, Severity

SECTIONS = ("lawfulness", "purpose_limitation", "minimisation", "storage_limitation", "transparency", "rights",
            "security", "processors", "transfers", "employment", "accountability", "other")

RULE_SECTION = {
    "GDPR-PR-001": "transparency", "GDPR-PR-002": "purpose_limitation", "GDPR-PR-003": "minimisation",
    "GDPR-PR-004": "minimisation", "GDPR-PR-005": "storage_limitation", "GDPR-PR-006": "accountability",
    "GDPR-LB-004": "purpose_limitation", "GDPR-SC-003": "minimisation", "GDPR-EMP-001": "minimisation",
    "GDPR-EMP-002": "minimisation", "GDPR-EMP-003": "minimisation", "GDPR-EMP-004": "minimisation",
    "GDPR-EMP-005": "purpose_limitation", "GDPR-EMP-006": "lawfulness", "GDPR-RT-002": "rights",
    "DE-BDSG-001": "lawfulness", "DE-BAG-001": "minimisation", "FR-CT-001": "transparency",
    "FR-CT-003": "minimisation", "US-NY-001": "transparency", "US-CT-001": "transparency",
    "US-DE-001": "transparency", "US-CA-001": "transparency", "US-CA-002": "rights",
    "US-CA-003": "purpose_limitation", "US-CA-004": "accountability", "US-CA-005": "rights",
    "US-SEC-001": "security", "EU-AIA-001": "lawfulness", "EU-AIA-002": "purpose_limitation",
    "EU-AIA-003": "transparency", "GDPR-ROPA-002": "accountability",
}

AREA_SECTION = {
    "principles": "accountability", "lawful_basis": "lawfulness", "special_categories": "lawfulness",
    "transparency": "transparency", "rights": "rights", "by_design": "security", "security": "security",
    "processors": "processors", "records": "accountability", "breach": "security", "dpia": "accountability",
    "dpo": "accountability", "employment": "employment", "transfers": "transfers", "germany": "employment",
    "france": "employment", "italy": "employment", "us": "transparency", "ai_act": "accountability",
}

CONSULTATION_RULES = frozenset({"GDPR-DPIA-004", "GDPR-DPIA-005", "DE-BETRVG-001", "FR-CT-002", "IT-SL-001",
                                "EU-AIA-003"})


def section_of(rule: str, package: str) -> str:
    if rule in RULE_SECTION:
        return RULE_SECTION[rule]
    area = package.removeprefix(RULE_PACKAGE_PREFIX).split(".")[0] if package.startswith(RULE_PACKAGE_PREFIX) else ""
    return AREA_SECTION.get(area, "other")


def _location(finding: Finding) -> str:
    where = finding.location
    return "" if where is None else f"{where.path}:{where.line}"


def group_by_rule(findings: Iterable[Finding], limit: int,
                  scenarios: Mapping[str, Sequence[str]] | None = None) -> list[dict[str, Any]]:
    """One group per rule package: counts, the first `limit` findings, the rest counted.

    Findings arrive sorted (severity, rule, resource), so each group's examples are its gravest.
    """
    groups: dict[str, dict[str, Any]] = {}
    for finding in findings:
        group = groups.get(finding.package)
        if group is None:
            group = groups[finding.package] = {
                "rule": finding.rule, "title": finding.title, "package": finding.package,
                "section": section_of(finding.rule, finding.package), "severity": finding.severity.value,
                "rank": finding.severity.rank, "legal": list(finding.legal), "remediation": finding.remediation,
                "count": 0, "waived": 0, "by_severity": {s.value: 0 for s in Severity}, "findings": [],
                "resources": set(), "scenarios": list((scenarios or {}).get(finding.rule, ())),
            }
        group["count"] += 1
        group["resources"].add(finding.resource)
        if finding.waiver is not None:
            group["waived"] += 1
        else:
            group["by_severity"][finding.severity.value] += 1
        if finding.severity.rank < group["rank"]:
            group["rank"], group["severity"] = finding.severity.rank, finding.severity.value
        if len(group["findings"]) < limit:
            group["findings"].append({
                "resource": finding.resource, "location": _location(finding), "message": finding.message,
                "severity": finding.severity.value, "waived": finding.waiver is not None,
            })
    ordered = sorted(groups.values(), key=lambda g: (g["rank"], g["rule"], g["package"]))
    for group in ordered:
        group["resource_count"] = len(group.pop("resources"))
        group["more"] = group["count"] - len(group["findings"])
    return ordered


def sections(groups: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every principle section in order, each with its rule groups (empty sections say so)."""
    result = []
    for section in SECTIONS:
        members = [g for g in groups if g["section"] == section]
        if section == "other" and not members:
            continue
        result.append({"id": section, "groups": members, "count": sum(g["count"] for g in members),
                       "worst": members[0]["severity"] if members else None})
    return result


def consultation_groups(groups: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [g for g in groups if g["rule"] in CONSULTATION_RULES]


def trim(groups: Sequence[Mapping[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The groups with at most `limit` example findings each (for the necessity sections)."""
    trimmed = []
    for group in groups:
        shown = list(group["findings"])[:limit]
        trimmed.append({**group, "findings": shown, "more": group["count"] - len(shown)})
    return trimmed
