"""One run: load -> validate -> evaluate -> join rule metadata -> findings."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from compliance import __version__, catalog, waivers
from compliance import engine as engines
from compliance.catalog import PolicyError, RuleMeta
from compliance.config import OrganisationConfig
from compliance.engine import EngineOptions, Scope, make_engine
from compliance.engine.interface import Engine, Job, PolicyBundle
from compliance.errors import InputError
from compliance.evaluation import (
    Chunk,
    Grouping,
    Representatives,
    TabularResourceIndex,
    dataset_chunks,
    grouping_enabled,
)
from compliance.findings import Finding, InputRecord, Result, Severity
from compliance.kinds import DocumentKind
from compliance.limits import DEFAULT_MAX_BYTES
from compliance.loaders.document import Document
from compliance.loaders.inputs import Inputs, load_inputs
from compliance.locate import ResourceIndex

CHUNK_DATASETS = 1_000  # datasets per engine call (faster, and memory stays flat: docs/ARCHITECTURE.md, engines)
PROGRESS_MIN_CHUNKS = 10  # a progress bar on a terminal from this many engine calls on


@dataclass(frozen=True)
class RunOptions:
    paths: tuple[str, ...]
    config: OrganisationConfig = field(default_factory=OrganisationConfig)
    engine: EngineOptions = field(default_factory=EngineOptions)
    policy_dirs: tuple[Path, ...] = ()
    rules: tuple[str, ...] = ()
    skip_rules: tuple[str, ...] = ()
    as_of: datetime.date | None = None
    quiet: bool = False  # no progress output on stderr
    waiver_files: tuple[str, ...] = ()  # `--waivers FILE`s, beside Waivers documents among the paths
    max_input_bytes: int = DEFAULT_MAX_BYTES  # `--max-input-mb`: a larger input file is refused
    unknown: str = "warn"  # `--unknown`: "fail" makes each unknown fact a rule needs a finding


class EngineInput(Mapping[str, Any]):
    """The Rego `input` document (docs/ARCHITECTURE.md), its datasets listed when first read.

    `check` never builds it whole: it evaluates JSON built chunk by chunk (`evaluate`). The report
    reads it for the programs and datasets it shows.
    """

    def __init__(self, inputs: Inputs, as_of: datetime.date) -> None:
        self._inputs = inputs
        self._values: dict[str, Any] = {
            "as_of": as_of.isoformat(),
            "programs": [document.value for document in inputs.of_kind(DocumentKind.PROGRAM)],
        }

    def __getitem__(self, key: str) -> Any:
        if key == "datasets" and key not in self._values:
            self._values[key] = [
                {**dataset, "inventory": document.id}
                for document in self._inputs.of_kind(DocumentKind.STORAGE_INVENTORY)
                for dataset in document.value.get("datasets", [])
            ]
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(("as_of", "programs", "datasets"))

    def __len__(self) -> int:
        return 3


def engine_input(inputs: Inputs, as_of: datetime.date) -> Mapping[str, Any]:
    """The Rego `input` document (docs/ARCHITECTURE.md)."""
    return EngineInput(inputs, as_of)


def _selected(meta: RuleMeta, only: Sequence[str], skip: Sequence[str]) -> bool:
    return (not only or meta.id in only) and meta.id not in skip


def _not_yet_applicable(meta: RuleMeta, as_of: datetime.date) -> bool:
    """Before its applies_from date a rule still reports, at info: whatever its status says.

    A law in force since a date (AI Act Art. 5 since 2025-02-02) and one not yet applicable on the
    day of the run (Annex III from 2027-12-02) are the same case for a run dated before it.
    """
    return meta.applies_from is not None and as_of.isoformat() < meta.applies_from


def join(
    raw_findings: Sequence[Mapping[str, Any]],
    rules: Mapping[str, RuleMeta],
    index: ResourceIndex,
    as_of: datetime.date,
) -> list[Finding]:
    """Raw engine findings plus rule metadata -> Findings, sorted."""
    findings = []
    for raw in raw_findings:
        meta = rules.get(str(raw.get("package")))
        if meta is None:
            raise PolicyError(f"a finding came from package {raw.get('package')!r}, which has no rule metadata")
        message = str(raw.get("msg", ""))
        severity = Severity(raw["severity"]) if raw.get("severity") in Severity._value2member_map_ else meta.severity
        if _not_yet_applicable(meta, as_of):
            severity = Severity.INFO
            message += f" (applies from {meta.applies_from})"
        resource = str(raw.get("resource", ""))
        field_path = str(raw.get("field", ""))
        evidence = raw.get("evidence")
        findings.append(Finding(
            rule=meta.id, title=meta.title, severity=severity, legal=meta.legal, resource=resource,
            location=index.locate(resource, field_path), message=message,
            remediation=meta.recommended_action, package=meta.package, field_path=field_path,
            evidence=dict(evidence) if isinstance(evidence, Mapping) else {},
        ))
    return sorted(findings, key=Finding.sort_key)


def evaluate(
    options: RunOptions,
    bundle: PolicyBundle,
    rules: Mapping[str, RuleMeta],
    selected: Mapping[str, RuleMeta],
    inputs: Inputs,
    as_of: datetime.date,
    engine: Engine,
) -> list[Finding]:
    """The selected rules' findings, joined and sorted; `bundle` holds the scope entrypoints (scoped_bundle).

    Rules reading StorageInventory run on chunks of CHUNK_DATASETS datasets, every program in each
    chunk: those that read a dataset's id only to name it on one representative of each distinct
    configuration (evaluation.Grouping; every member then gets the findings with its own id), those
    that declare `reads_id` on every dataset. Program rules run once without the datasets;
    `scope: inventory` rules once on everything. The findings are those of main.rego's `findings` on
    the whole input (docs/performance.md).
    """
    scopes = catalog.scopes(rules)
    used = set(scopes.values())
    inventories = inputs.of_kind(DocumentKind.STORAGE_INVENTORY)
    programs = json.dumps([document.value for document in inputs.of_kind(DocumentKind.PROGRAM)], ensure_ascii=False)
    head = '{"as_of":' + json.dumps(as_of.isoformat()) + ',"programs":' + programs + ',"datasets":['
    grouping = None
    if Scope.DATASET in used and grouping_enabled():
        grouping = Grouping(inventories, avoid=programs + json.dumps(bundle.data, ensure_ascii=False))

    def chunk_count(documents: Sequence[Document]) -> int:
        return sum(-(-len(document.value.get("datasets", [])) // CHUNK_DATASETS) for document in documents)

    if grouping is not None:
        dataset_jobs = sum(-(-len(found) // CHUNK_DATASETS) for found in grouping.grouped)
        dataset_jobs = max(1, dataset_jobs + chunk_count(grouping.ungrouped))
    else:
        dataset_jobs = max(1, chunk_count(inventories)) if Scope.DATASET in used else 0
    each_jobs = max(1, chunk_count(inventories)) if Scope.EACH_DATASET in used else 0
    expected = dataset_jobs + each_jobs + (Scope.PROGRAM in used) + (Scope.INVENTORY in used)

    def chunk_jobs(entrypoint: str, documents: Sequence[Document]) -> Iterator[Job]:
        for chunk in dataset_chunks(documents, CHUNK_DATASETS):
            text, chunk = chunk.text, replace(chunk, text="")  # the job keeps the only copy of the text
            yield Job(entrypoint, head + text + "]}", chunk.count, context=chunk)

    def jobs() -> Iterator[Job]:
        if Scope.PROGRAM in used:
            yield Job(engines.ENTRYPOINTS[Scope.PROGRAM], head + "]}")
        if Scope.INVENTORY in used:
            everything = ",".join(chunk.text for chunk in dataset_chunks(inventories, CHUNK_DATASETS))
            yield Job(engines.ENTRYPOINTS[Scope.INVENTORY], head + everything + "]}", sum(map(len, (
                document.value.get("datasets", []) for document in inventories))))
        for scope, entrypoint in ((Scope.DATASET, engines.DATASET_ENTRYPOINT),
                                  (Scope.EACH_DATASET, engines.EACH_DATASET_ENTRYPOINT)):
            if scope not in used:
                continue
            empty = True
            if scope is Scope.DATASET and grouping is not None:
                for text, representatives in grouping.chunks(CHUNK_DATASETS):
                    empty = False
                    yield Job(entrypoint, head + text + "]}", representatives.count, context=representatives)
                documents: Sequence[Document] = grouping.ungrouped
            else:
                documents = inventories
            for job in chunk_jobs(entrypoint, documents):
                empty = False
                yield job
            if empty:
                yield Job(entrypoint, head + "]}")

    index = TabularResourceIndex(inputs.documents)
    shared: set[str] = set()  # findings of dataset rules not about one dataset: each once, whatever the chunks
    findings: list[Finding] = []
    with _progress(expected, options.quiet) as step:
        for job, raw in engines.run_jobs(bundle, jobs(), engine=engine, expected=expected, done=step):
            kept = [finding for finding in raw if finding.get("package") not in rules or finding["package"] in selected]
            if isinstance(job.context, Representatives) and grouping is not None:
                findings.extend(_members_findings(kept, grouping, job.context, rules, index, as_of, shared))
                continue
            if job.entrypoint in (engines.DATASET_ENTRYPOINT, engines.EACH_DATASET_ENTRYPOINT):
                kept = [finding for finding in kept if _first_time(finding, shared)]
            located = index.rows(job.context) if isinstance(job.context, Chunk) else index
            findings.extend(join(kept, rules, located, as_of))
    findings.sort(key=Finding.sort_key)
    return findings


_NOWHERE = ResourceIndex(())  # locates nothing: a representative's findings are located member by member


def _members_findings(
    raw_findings: Sequence[Mapping[str, Any]],
    grouping: Grouping,
    representatives: Representatives,
    rules: Mapping[str, RuleMeta],
    index: ResourceIndex,
    as_of: datetime.date,
    shared: set[str],
) -> list[Finding]:
    """The findings of representatives given to every member of their groups, each with its own id.

    A finding names its group by the representative's placeholder id (in its resource, message, field
    or evidence); each member gets it with its id in place of the placeholder, located at its own
    row. A finding that names no placeholder is that of a dataset evaluated under its own id (alone in
    its group) or one not about a dataset, kept once (as in chunks of datasets).
    """
    findings: list[Finding] = []
    members: dict[tuple[int, int], list[str]] = {}
    for raw in raw_findings:
        evidence = raw.get("evidence")
        evidence_text = json.dumps(evidence, ensure_ascii=False) if evidence else ""
        named = set().union(*(grouping.named(text) for text in (
            str(raw.get("resource", "")), str(raw.get("msg", "")), str(raw.get("field", "")), evidence_text)))
        if not named:
            if _first_time(raw, shared):
                findings.extend(join([raw], rules, representatives.index(index), as_of))
            continue
        if len(named) > 1:
            raise PolicyError(f"a finding of {raw.get('package')} names several datasets; a rule that looks across "
                              "datasets declares `scope: inventory` in its METADATA")
        key = next(iter(named))
        found = grouping.grouped[key[0]]
        placeholder = grouping.placeholder(found, key[1])
        ids = members.get(key)
        if ids is None:
            ids = members[key] = found.ids(key[1])
        template = join([raw], rules, _NOWHERE, as_of)[0]
        in_evidence = placeholder in evidence_text
        for row, member in zip(found.rows(key[1]), ids, strict=True):
            resource = template.resource.replace(placeholder, member)
            field_path = template.field_path.replace(placeholder, member)
            location = found.location(row) if resource == "dataset:" + member else None
            findings.append(Finding(
                rule=template.rule, title=template.title, severity=template.severity, legal=template.legal,
                resource=resource,
                location=location if location is not None else index.locate(resource, field_path),
                message=template.message.replace(placeholder, member), remediation=template.remediation,
                package=template.package, field_path=field_path,
                evidence=_replaced(template.evidence, placeholder, member) if in_evidence else dict(template.evidence),
            ))
    return findings


def _replaced(value: Any, old: str, new: str) -> Any:
    """value with `old` replaced by `new` in every string of it (keys included)."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, Mapping):
        return {_replaced(key, old, new): _replaced(item, old, new) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_replaced(item, old, new) for item in value]
    return value


def _first_time(finding: Mapping[str, Any], seen: set[str]) -> bool:
    """A dataset's finding comes from its one chunk; any other is kept the first time only."""
    if str(finding.get("resource", "")).startswith("dataset:"):
        return True
    key = json.dumps(finding, sort_keys=True)
    if key in seen:
        return False
    seen.add(key)
    return True


def _progress(total: int, quiet: bool) -> Any:
    """A context giving step(job): a progress bar on stderr for many chunks on a terminal, else nothing."""
    if quiet or total < PROGRESS_MIN_CHUNKS or not sys.stderr.isatty():
        return nullcontext(lambda _job: None)
    import click

    return _ProgressBar(click.progressbar(length=total, label="evaluating", file=sys.stderr))


class _ProgressBar:
    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def __enter__(self) -> Callable[[Job], None]:
        self._bar.__enter__()
        return lambda _job: self._bar.update(1)

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)


def input_records(documents: Sequence[Document]) -> tuple[InputRecord, ...]:
    return tuple(
        InputRecord(document.path, document.kind or "", document.id or "", document.sha256)
        for document in documents
    )


@dataclass(frozen=True)
class Run:
    """A finished run: its result, plus what the report and verify need to look further."""

    result: Result
    inputs: Inputs
    bundle: PolicyBundle
    rules: Mapping[str, RuleMeta]
    engine: Engine
    engine_input: Mapping[str, Any]


def _inputs(options: RunOptions) -> Inputs:
    """The documents of the PATHs; a live catalog among them (`postgres://...`) is discovered first
    and judged as an in-memory snapshot, classified by the DatasetMapping among the PATHs if any."""
    from compliance.sources.live import live_source

    targets = [path for path in options.paths if live_source(path)]
    if not targets:
        return load_inputs(options.paths, max_bytes=options.max_input_bytes)
    from compliance.loaders.inputs import EVALUATED_KINDS
    from compliance.sources.live import discovered_documents

    files = [path for path in options.paths if path not in targets]
    loaded = (load_inputs(files, kinds=(*EVALUATED_KINDS, "DatasetMapping"), max_bytes=options.max_input_bytes)
              if files else Inputs((), ()))
    mappings = loaded.of_kind("DatasetMapping")
    discovered, warnings = discovered_documents(targets, mappings, options.config.discover, options.max_input_bytes)
    kept = tuple(document for document in loaded.documents if document.kind != "DatasetMapping")
    return Inputs((*kept, *discovered), loaded.skipped, (*loaded.warnings, *warnings))


def execute(options: RunOptions) -> Run:
    as_of = options.as_of or datetime.date.today()
    inputs = _inputs(options)
    extra_waivers = waivers.load_files(options.waiver_files, inputs.documents, options.max_input_bytes)
    files = catalog.policy_files((*options.config.policy_dirs, *options.policy_dirs))
    bundle = catalog.build_bundle(files, options.config.params, run={"unknown": options.unknown})
    rules = catalog.rules(bundle)
    only = (*options.config.rules, *options.rules)
    skip = (*options.config.skip_rules, *options.skip_rules)
    known = {meta.id for meta in rules.values()}
    unknown = sorted((set(only) | set(skip)) - known)
    if unknown:
        raise InputError(f"unknown rule id{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
                         "(`compliance rules` lists them)")
    engine = make_engine(options.engine)
    document = engine_input(inputs, as_of)
    selected = {package: meta for package, meta in rules.items() if _selected(meta, only, skip)}
    scoped = engines.scoped_bundle(bundle, catalog.scopes(rules))
    findings, waiver_uses = waivers.apply(
        evaluate(options, scoped, rules, selected, inputs, as_of, engine),
        (*inputs.of_kind(DocumentKind.WAIVERS), *extra_waivers), as_of,
        evaluated_rules={meta.id for meta in selected.values()}, known_rules=known,
    )
    result = Result(
        tool_version=__version__,
        engine=engine.name,
        policy_digest=catalog.digest(bundle),
        as_of=as_of.isoformat(),
        inputs=input_records((*inputs.documents, *extra_waivers)),
        findings=tuple(findings),
        rules=tuple(meta for _, meta in sorted(selected.items())),
        waivers=waiver_uses,
        warnings=inputs.warnings,
    )
    return Run(result, inputs, scoped, rules, engine, document)


def run_check(options: RunOptions) -> Result:
    return execute(options).result
