"""The plug point for Rego engines: one Protocol, one base exception."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from compliance.errors import ComplianceError, ExitCode

ENTRYPOINT = "data.compliance.main.findings"


class EngineError(ComplianceError):
    """The policy engine failed or could not be reached (exit code 3)."""

    exit_code = ExitCode.ENGINE


class Scope(StrEnum):
    """What one evaluation of a rule sees (a rule's `custom.scope`, else from its `inputs`)."""

    DATASET = "dataset"  # reads StorageInventory: judges each dataset on its own, all programs at hand
    PROGRAM = "program"  # reads Program only: evaluated once, without the datasets
    INVENTORY = "inventory"  # metadata `scope: inventory`: looks across datasets, evaluated once on everything


@dataclass(frozen=True)
class PolicyModule:
    """One Rego file: its path relative to the bundle root and its source text."""

    path: str
    source: str


@dataclass(frozen=True)
class PolicyBundle:
    """What every engine loads: Rego modules and the data document (params, lookup tables)."""

    modules: tuple[PolicyModule, ...]
    data: Mapping[str, Any]


class Engine(Protocol):
    """Evaluates a bundle's entrypoint for one input document."""

    name: str

    def evaluate(self, bundle: PolicyBundle, input_document: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Return the raw findings of ENTRYPOINT (list of objects), or raise EngineError."""
        ...

    def document(self, bundle: PolicyBundle, input_document: Mapping[str, Any], path: str) -> Any:
        """The value of any rule or document `path` (data.x.y) for the input; None when undefined."""
        ...

    def run_tests(self, bundle: PolicyBundle, tests: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        """Evaluate each (package, test rule); map it to None when it passed, else to why it failed."""
        ...
