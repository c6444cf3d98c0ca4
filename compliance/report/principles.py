"""Findings grouped by rule, and each rule placed under a principle of Art. 35(7)(b).

A report with 45,000 findings stays readable because every list here is bounded: a group names the
first few affected resources and counts the rest (the attachments carry them all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from compliance.catalog import DpiaSection, RuleMeta
from compliance.findings import Finding, Severity

SECTIONS = tuple(section.value for section in DpiaSection)


def section_of(meta: RuleMeta | None) -> str:
    """The principle a rule is discussed under: its METADATA's `dpia.section` (unknown rule: other)."""
    return meta.dpia.section.value if meta is not None else DpiaSection.OTHER.value


def _location(finding: Finding) -> str:
    where = finding.location
    return "" if where is None else f"{where.path}:{where.line}"


def group_by_rule(findings: Iterable[Finding], limit: int, rules: Mapping[str, RuleMeta] | None = None,
                  scenarios: Mapping[str, Sequence[str]] | None = None) -> list[dict[str, Any]]:
    """One group per rule id (its program and dataset checks together): counts, the first `limit`
    findings, the rest counted. `rules`: package -> metadata, placing each group in the DPIA.

    Findings arrive sorted (severity, rule, resource), so each group's examples are its gravest.
    """
    groups: dict[str, dict[str, Any]] = {}
    for finding in findings:
        group = groups.get(finding.rule)
        if group is None:
            meta = (rules or {}).get(finding.package)
            group = groups[finding.rule] = {
                "rule": finding.rule, "title": finding.title, "package": finding.package,
                "section": section_of(meta), "consultation": meta is not None and meta.dpia.consultation,
                "severity": finding.severity.value,
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
    """The groups of rules whose METADATA marks a consultation duty (`dpia.consultation`)."""
    return [g for g in groups if g["consultation"]]


def trim(groups: Sequence[Mapping[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The groups with at most `limit` example findings each (for the necessity sections)."""
    trimmed = []
    for group in groups:
        shown = list(group["findings"])[:limit]
        trimmed.append({**group, "findings": shown, "more": group["count"] - len(shown)})
    return trimmed
