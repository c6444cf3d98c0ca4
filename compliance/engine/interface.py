"""The plug point for Rego engines: one Protocol, one base exception, and what they share."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
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
    # A dataset rule whose findings depend on the dataset's id beyond naming it (`custom.reads_id: true`):
    # evaluated on every dataset rather than once per distinct configuration. Not written as `custom.scope`.
    EACH_DATASET = "each_dataset"
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

    @functools.cached_property
    def key(self) -> str:
        """sha256 over every module (tests included) and the data, computed once per bundle: what a
        loaded engine is cached by, what an OPA server fed by `compliance bundle` holds as its revision."""
        hasher = hashlib.sha256()
        for module in self.modules:
            hasher.update(module.path.encode() + b"\0" + module.source.encode() + b"\0")
        hasher.update(to_json(self.data, "the bundle data").encode())
        return hasher.hexdigest()


def bundle_key(bundle: PolicyBundle) -> str:
    """The bundle's key (PolicyBundle.key)."""
    return bundle.key


def to_json(value: Any, what: str) -> str:
    """value as JSON text with sorted keys; EngineError naming `what` when it is not JSON."""
    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise EngineError(f"{what} cannot be passed to the policy engine: {error}") from None


@dataclass(frozen=True)
class Job:
    """One engine call: an entrypoint and the input document as JSON text."""

    entrypoint: str
    input_json: str
    datasets: int = 0  # how many datasets the input holds (for progress)
    context: Any = None  # the caller's, handed back with the findings


RawFindings = list[dict[str, Any]]


@dataclass(frozen=True)
class Workers:
    """What an engine evaluates the jobs of one run on (engine.pool.map_jobs drives them).

    `evaluate` holds one callable a worker, each called by one thread at a time; a single worker is
    called on the caller's thread. `all_failed`: a worker that fails is dropped and its job goes
    to another; once every worker has failed, all_failed({worker index: why}) is raised. Without it
    the first failure raises (the job's fault, not the worker's).
    """

    evaluate: Sequence[Callable[[Job], RawFindings]]
    all_failed: Callable[[Mapping[int, str]], EngineError] | None = None


class Engine(Protocol):
    """Evaluates a bundle's entrypoints for input documents."""

    name: str

    def evaluate(self, bundle: PolicyBundle, input_document: Mapping[str, Any]) -> RawFindings:
        """Return the raw findings of ENTRYPOINT (list of objects), or raise EngineError."""
        ...

    def evaluate_json(self, bundle: PolicyBundle, input_json: str, entrypoint: str = ENTRYPOINT) -> RawFindings:
        """The raw findings of `entrypoint` for an input given as JSON text (large inputs are built as text)."""
        ...

    def document(self, bundle: PolicyBundle, input_document: Mapping[str, Any], path: str) -> Any:
        """The value of any rule or document `path` (data.x.y) for the input; None when undefined."""
        ...

    def run_tests(self, bundle: PolicyBundle, tests: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        """Evaluate each (package, test rule); map it to None when it passed, else to why it failed."""
        ...

    def workers(self, bundle: PolicyBundle, jobs: int) -> AbstractContextManager[Workers]:
        """The workers that evaluate the `jobs` jobs of one run (this engine alone for few), ready
        while the context lasts."""
        ...
