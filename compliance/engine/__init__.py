"""Rego engines behind one Protocol (interface.py); each is imported only when chosen.

Besides choosing an engine, this module plans how one run is spread over engines at scale
(docs/performance.md): each rule has a scope in its metadata (compliance.catalog), the bundle
gets generated entrypoints per scope, and `run_jobs` evaluates the chunks of a run on the engine's
workers (`Engine.workers`: in-process or worker processes for the embedded engine, every --opa-url
for opa) through the one worker pool (pool.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from compliance.engine.interface import Engine, EngineError, Job, PolicyBundle, PolicyModule, RawFindings
from compliance.engine.interface import Scope as Scope
from compliance.errors import InputError
from compliance.limits import TOKEN_ENV as TOKEN_ENV

DATASET_ENTRYPOINT = "data.compliance.main.dataset_findings"
EACH_DATASET_ENTRYPOINT = "data.compliance.main.each_dataset_findings"
PROGRAM_ENTRYPOINT = "data.compliance.main.program_findings"
INVENTORY_ENTRYPOINT = "data.compliance.main.inventory_findings"
GENERATED_MODULE = "main.generated.rego"

# In-process below this many dataset chunks; worker processes from it on (embedded engine).
POOL_MIN_CHUNKS = 8
WORKERS_ENV = "COMPLIANCE_WORKERS"  # embedded: how many worker processes (default one per CPU; 1: in-process)


class EngineName(StrEnum):
    EMBEDDED = "embedded"
    OPA = "opa"


@dataclass(frozen=True)
class EngineOptions:
    name: EngineName = EngineName.EMBEDDED
    opa_urls: tuple[str, ...] = ()
    token_env: str = TOKEN_ENV
    token_file: str | None = None  # a file holding the token; wins over token_env
    ca_file: str | None = None
    insecure: bool = False
    timeout: float = 30.0
    workers: int | None = None  # embedded: worker processes for large inputs (None: one per CPU; 1: in-process)


def bearer_token(options: EngineOptions) -> str | None:
    """The OPA token from --opa-token-file, else from the --opa-token-env variable; None when neither.

    Errors name the file, never its content.
    """
    if options.token_file is None:
        return os.environ.get(options.token_env) or None
    try:
        token = Path(options.token_file).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise InputError(f"{options.token_file}: cannot read the OPA token file ({reason})") from None
    if not token or any(character.isspace() for character in token):
        raise InputError(f"{options.token_file}: the OPA token file must hold one token on one line")
    return token


def make_engine(options: EngineOptions) -> Engine:
    """The engine chosen by options; for `opa`, on the first --opa-url, with the others as its fleet."""
    if options.name is EngineName.EMBEDDED:
        from compliance.engine.embedded import EmbeddedEngine

        return EmbeddedEngine(workers=options.workers)
    if not options.opa_urls:
        raise EngineError("--engine opa needs --opa-url URL (the OPA server to evaluate on)")
    from compliance.engine.opa_server import OpaServerEngine

    return OpaServerEngine(
        options.opa_urls[0],
        token=bearer_token(options),
        ca_file=options.ca_file,
        insecure=options.insecure,
        timeout=options.timeout,
        fleet=options.opa_urls[1:],
    )


# -- scopes: which rules run on chunks of datasets, which once --------------------------------------


ENTRYPOINTS = {Scope.DATASET: DATASET_ENTRYPOINT, Scope.PROGRAM: PROGRAM_ENTRYPOINT,
               Scope.INVENTORY: INVENTORY_ENTRYPOINT, Scope.EACH_DATASET: EACH_DATASET_ENTRYPOINT}


def entrypoints_module(scopes: Mapping[str, Scope]) -> str:
    """Rego defining each scope's entrypoint over its rules' packages, named literally.

    Literal paths matter: regorus evaluates every package under data.compliance.rules as soon as a
    rule path is built from variables (main.rego's `findings`), however few packages they select.
    """
    lines = [
        "# Generated from the rules' metadata by compliance.engine.entrypoints_module; do not edit.",
        "# Each scope's findings, tagged with the rule's package (see main.rego).",
        "package compliance.main",
        "",
    ]
    for package, scope in sorted(scopes.items()):
        name = ENTRYPOINTS[scope].rsplit(".", 1)[1]
        lines += [
            f'{name} contains object.union(raw, {{"package": "{package}"}}) if {{',
            f"\tsome raw in data.{package}.deny",
            "}",
            "",
        ]
    return "\n".join(lines)


def scoped_bundle(bundle: PolicyBundle, scopes: Mapping[str, Scope]) -> PolicyBundle:
    """The bundle plus the generated entrypoints module (replacing one already there)."""
    modules = tuple(module for module in bundle.modules if module.path != GENERATED_MODULE)
    return PolicyBundle((*modules, PolicyModule(GENERATED_MODULE, entrypoints_module(scopes))), bundle.data)


# -- running jobs ---------------------------------------------------------------------------------


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(options: EngineOptions) -> int:
    """Worker processes for the embedded engine: EngineOptions.workers, else COMPLIANCE_WORKERS, else one per CPU."""
    if options.workers:
        return options.workers
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            raise EngineError(f"{WORKERS_ENV}={configured!r} is not a number of worker processes") from None
    return cpu_count()


def run_jobs(
    bundle: PolicyBundle,
    jobs: Iterable[Job],
    *,
    engine: Engine,
    expected: int,
    done: Callable[[Job], None] | None = None,
) -> Iterator[tuple[Job, RawFindings]]:
    """Evaluate about `expected` jobs on the engine's workers; yield (job, raw findings) as each
    finishes (not necessarily in order)."""
    from compliance.engine.pool import map_jobs

    report = done or (lambda _job: None)
    with engine.workers(bundle, expected) as workers:
        for job, raw in map_jobs(workers, jobs):
            report(job)
            yield job, raw
