"""The findings model: Severity, Location, Finding, and the result of one run."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from compliance.severity import Severity

if TYPE_CHECKING:
    import datetime

    from compliance.catalog import RuleMeta
    from compliance.errors import Problem

__all__ = ["FINGERPRINT_PREFIX", "BaselineSummary", "Finding", "InputRecord", "Location", "Result", "Severity",
           "Waiver", "WaiverUse"]

FINGERPRINT_PREFIX = "sha256:"


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class Waiver:
    """One waiver of a Waivers document (compliance.waivers): an accepted exception to a rule."""

    rule: str
    resource: str  # an fnmatch glob, matched case-sensitively on the whole resource id
    reason: str
    approved_by: str
    expires: str  # ISO date; the waiver still applies on that day
    path: str
    line: int

    def matches(self, finding: Finding) -> bool:
        import fnmatch  # not at the top: `compliance --help` loads this module

        return finding.rule == self.rule and fnmatch.fnmatchcase(finding.resource, self.resource)

    def expired(self, as_of: datetime.date) -> bool:
        return self.expires < as_of.isoformat()

    def as_dict(self) -> dict[str, Any]:
        """A waived finding's `waiver` in the outputs."""
        return {"rule": self.rule, "resource": self.resource, "reason": self.reason,
                "approved_by": self.approved_by, "expires": self.expires, "path": self.path, "line": self.line}


def _canonical(value: Any) -> Any:
    """Integral floats as integers, so both engines' number encodings give the same fingerprint."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    severity: Severity
    legal: tuple[str, ...]
    resource: str
    location: Location | None
    message: str
    remediation: str
    package: str = field(compare=False)
    field_path: str = ""
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    waiver: Waiver | None = field(default=None, compare=False, hash=False)
    in_baseline: bool = field(default=False, compare=False)  # known from `--baseline`: does not fail the run

    def sort_key(self) -> tuple[int, str, str, str]:
        return (self.severity.rank, self.rule, self.resource, self.message)

    @functools.cached_property
    def fingerprint(self) -> str:
        """`sha256:<hex>` of the canonical JSON of rule, resource and evidence: the rule's decisive values,
        never the line, so moving or reformatting a block does not make the finding new, while a changed
        decisive value (a TTL of 400 days instead of 365) does; equal on both engines. Computed once a
        finding (every output format and the baseline read it; the evidence is never changed after)."""
        document = {"rule": self.rule, "resource": self.resource, "evidence": _canonical(self.evidence)}
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return FINGERPRINT_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class InputRecord:
    path: str
    kind: str
    id: str
    sha256: str


@dataclass(frozen=True)
class WaiverUse:
    """One waiver of a Waivers document and what it did in this run.

    status: `applied` (covers `matched` findings), `expired` (past `expires`, so it covers nothing;
    `matched` says how many findings it would have covered), `unused` (matched no finding) or
    `not_evaluated` (its rule did not run, so nothing can be said).
    """

    rule: str
    resource: str
    reason: str
    approved_by: str
    expires: str
    path: str
    line: int
    status: str
    matched: int
    message: str = ""

    @property
    def is_problem(self) -> bool:
        return self.status in ("expired", "unused")

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "resource": self.resource, "reason": self.reason,
                "approved_by": self.approved_by, "expires": self.expires, "path": self.path,
                "line": self.line, "status": self.status, "matched": self.matched, "message": self.message}


@dataclass(frozen=True)
class BaselineSummary:
    """`--baseline FILE`: how many of this run's findings that earlier run already had."""

    path: str
    matched: int
    new: int


@dataclass(frozen=True)
class Result:
    """Everything one run produced; formats and the report read only this."""

    tool_version: str
    engine: str
    policy_digest: str
    as_of: str
    inputs: tuple[InputRecord, ...]
    findings: tuple[Finding, ...]
    rules: tuple[RuleMeta, ...] = ()  # the rules evaluated (selected by --rule/--skip-rule and config)
    waivers: tuple[WaiverUse, ...] = ()
    baseline: BaselineSummary | None = None
    # What the inputs leave open, e.g. Terraform values unknown until apply: not findings, not errors.
    warnings: tuple[Problem, ...] = ()

    @property
    def waiver_problems(self) -> list[WaiverUse]:
        """Expired and unused waivers: reported beside the findings, never as findings."""
        return [use for use in self.waivers if use.is_problem]

    def counts(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        waived = 0
        for finding in self.findings:
            if finding.waiver is not None:
                waived += 1
            else:
                counts[finding.severity.value] += 1
        return {**counts, "waived": waived, "total": len(self.findings)}

    def failing(self, threshold: Severity | None) -> list[Finding]:
        """Findings at or above the threshold that no waiver covers and no baseline knows (None: never fail)."""
        if threshold is None:
            return []
        return [f for f in self.findings
                if f.waiver is None and not f.in_baseline and f.severity.at_least(threshold)]
