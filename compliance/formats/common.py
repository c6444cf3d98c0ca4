"""What several formats share: one summary per rule id, and where a finding points."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.findings import Finding, Result, Severity

if TYPE_CHECKING:
    from compliance.catalog import RuleMeta


@dataclass(frozen=True)
class RuleSummary:
    """A rule id as formats show it. Where one id has a program-level and a dataset-level check (two
    packages sharing one METADATA), their descriptions are joined under the id."""

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


def rule_summaries(result: Result) -> dict[str, RuleSummary]:
    """Rule id -> summary for every rule evaluated and every rule with a finding, sorted by id."""
    grouped: dict[str, list[RuleMeta]] = {}
    for meta in sorted(result.rules, key=lambda m: (m.id, m.package)):
        grouped.setdefault(meta.id, []).append(meta)
    summaries: dict[str, RuleSummary] = {}
    for finding in result.findings:  # a rule with findings but no metadata in the result
        if finding.rule not in grouped and finding.rule not in summaries:
            summaries[finding.rule] = RuleSummary(
                id=finding.rule, name=_name(finding.package) or finding.rule, title=finding.title,
                description=finding.title, severity=finding.severity, legal=finding.legal,
                remediation=finding.remediation, help_uris=(), areas=())
    for rule_id, metas in grouped.items():
        titles = _unique(meta.title for meta in metas)
        summaries[rule_id] = RuleSummary(
            id=rule_id,
            name=_name(metas[0].package) or rule_id,
            title=titles[0] if titles else rule_id,
            description=" ".join(_unique(meta.description or meta.title for meta in metas)),
            severity=min((meta.severity for meta in metas), key=lambda severity: severity.rank),
            legal=_unique(ref for meta in metas for ref in meta.legal),
            remediation=metas[0].recommended_action,
            help_uris=_unique(uri for meta in metas for uri in meta.related_resources),
            areas=_unique(meta.area for meta in metas),
        )
    return dict(sorted(summaries.items()))


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
