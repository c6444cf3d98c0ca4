"""What several formats share: one summary per rule id, and where a finding points."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compliance.findings import Finding, Result, Severity


@dataclass(frozen=True)
class RuleSummary:
    """A rule id as formats show it. Where RULES.md gives one id a program-level and a dataset-level
    check (two packages), their titles, descriptions and links are merged under the id."""

    id: str
    name: str  # an identifier-like name from the package, e.g. DatasetEncryption
    title: str
    description: str
    severity: Severity
    legal: tuple[str, ...]
    remediation: str
    help_uris: tuple[str, ...]
    areas: tuple[str, ...]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def _name(package: str) -> str:
    return "".join(part.capitalize() for part in package.rsplit(".", 1)[-1].split("_"))


def _area(package: str) -> str:
    parts = package.split(".")
    return parts[2] if len(parts) > 3 and parts[:2] == ["compliance", "rules"] else ""


def rule_summaries(result: Result) -> dict[str, RuleSummary]:
    """Rule id -> summary for every rule evaluated and every rule with a finding, sorted by id."""
    summaries: dict[str, RuleSummary] = {}
    grouped: dict[str, list[tuple[str, str, str, Severity, tuple[str, ...], str, tuple[str, ...]]]] = {}
    for meta in sorted(result.rules, key=lambda m: (m.id, m.package)):
        grouped.setdefault(meta.id, []).append((meta.package, meta.title, meta.description, meta.severity,
                                                meta.legal, meta.recommended_action, meta.related_resources))
    for finding in result.findings:
        if finding.rule not in grouped:
            grouped[finding.rule] = [(finding.package, finding.title, "", finding.severity, finding.legal,
                                      finding.remediation, ())]
    for rule_id, entries in sorted(grouped.items()):
        titles = _unique(entry[1] for entry in entries)
        summaries[rule_id] = RuleSummary(
            id=rule_id,
            name=_name(entries[0][0]) or rule_id,
            title=titles[0] if titles else rule_id,
            description=" ".join(_unique(entry[2] or entry[1] for entry in entries)),
            severity=min((entry[3] for entry in entries), key=lambda severity: severity.rank),
            legal=_unique(ref for entry in entries for ref in entry[4]),
            remediation=entries[0][5],
            help_uris=_unique(uri for entry in entries for uri in entry[6]),
            areas=_unique(_area(entry[0]) for entry in entries),
        )
    return summaries


def where(finding: Finding) -> str:
    """`path:line:column`, or the resource id when the finding has no place in a file."""
    location = finding.location
    return f"{location.path}:{location.line}:{location.column}" if location else finding.resource


def status(finding: Finding, with_baseline: bool) -> str:
    """`waived`, `known` (in the baseline), or `new` (`open` when no baseline was given)."""
    if finding.waiver is not None:
        return "waived"
    if finding.in_baseline:
        return "known"
    return "new" if with_baseline else "open"
