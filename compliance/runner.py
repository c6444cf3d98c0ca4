"""One run: load -> validate -> evaluate -> join rule metadata -> findings."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance import __version__, catalog
from compliance.catalog import PolicyError, RuleMeta
from compliance.config import OrganisationConfig
from compliance.engine import EngineOptions, make_engine
from compliance.engine.interface import Engine, PolicyBundle
from compliance.errors import InputError
from compliance.findings import Finding, InputRecord, Result, Severity
from compliance.loaders.document import Document
from compliance.loaders.inputs import Inputs, load_inputs
from compliance.locate import ResourceIndex


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


def engine_input(inputs: Inputs, as_of: datetime.date) -> dict[str, Any]:
    """The Rego `input` document (docs/ARCHITECTURE.md)."""
    datasets = [
        {**dataset, "inventory": document.id}
        for document in inputs.of_kind("StorageInventory")
        for dataset in document.value.get("datasets", [])
    ]
    return {
        "as_of": as_of.isoformat(),
        "programs": [document.value for document in inputs.of_kind("Program")],
        "datasets": datasets,
    }


def _selected(meta: RuleMeta, only: Sequence[str], skip: Sequence[str]) -> bool:
    return (not only or meta.id in only) and meta.id not in skip


def _not_yet_applicable(meta: RuleMeta, as_of: datetime.date) -> bool:
    return (
        meta.status == "in_force_not_yet_applicable"
        and meta.applies_from is not None
        and as_of.isoformat() < meta.applies_from
    )


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


def execute(options: RunOptions) -> Run:
    as_of = options.as_of or datetime.date.today()
    inputs = load_inputs(options.paths)
    files = catalog.policy_files((*options.config.policy_dirs, *options.policy_dirs))
    bundle = catalog.build_bundle(files, options.config.params)
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
    raw = engine.evaluate(bundle, document)
    selected = {package: meta for package, meta in rules.items() if _selected(meta, only, skip)}
    raw = [finding for finding in raw if finding.get("package") not in rules or finding["package"] in selected]
    findings = join(raw, rules, ResourceIndex(inputs.documents), as_of)
    result = Result(
        tool_version=__version__,
        engine=engine.name,
        policy_digest=catalog.digest(bundle),
        as_of=as_of.isoformat(),
        inputs=input_records(inputs.documents),
        findings=tuple(findings),
    )
    return Run(result, inputs, bundle, rules, engine, document)


def run_check(options: RunOptions) -> Result:
    return execute(options).result
