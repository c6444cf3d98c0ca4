"""The findings model: Severity, Location, Finding, and the result of one run."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical ... 4 for info: sorts the gravest first."""
        return _ORDER.index(self)

    def at_least(self, threshold: Severity) -> bool:
        return self.rank <= threshold.rank


_ORDER = list(Severity)


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int


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
    waiver: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    def sort_key(self) -> tuple[int, str, str, str]:
        return (self.severity.rank, self.rule, self.resource, self.message)


@dataclass(frozen=True)
class InputRecord:
    path: str
    kind: str
    id: str
    sha256: str


@dataclass(frozen=True)
class Result:
    """Everything one run produced; formats and the report read only this."""

    tool_version: str
    engine: str
    policy_digest: str
    as_of: str
    inputs: tuple[InputRecord, ...]
    findings: tuple[Finding, ...]

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
        """Findings at or above the threshold that no waiver covers (None: never fail)."""
        if threshold is None:
            return []
        return [f for f in self.findings if f.waiver is None and f.severity.at_least(threshold)]
