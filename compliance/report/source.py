"""What the report is built from: the run's result plus the inputs and policy documents it needs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance import catalog
from compliance.catalog import RuleMeta
from compliance.engine.interface import EngineError
from compliance.findings import Result
from compliance.runner import Run

SCREENING = "data.compliance.report.screening"
PACKS = "data.compliance.report.packs"
BROAD_READERS = "data.compliance.report.broad_readers"
# Used when the policy bundle does not say (an overriding --policy without report.rego).
DEFAULT_BROAD_READERS = ("*", "authenticated", "group:all-employees", "group:all-staff", "group:everyone")


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows; built from a Run, or directly by tests and benchmarks."""

    result: Result
    programs: tuple[Mapping[str, Any], ...]
    datasets: tuple[Mapping[str, Any], ...]
    rules: tuple[RuleMeta, ...]
    screening: Mapping[str, Any] | None = None  # program id -> screening; None: not computed
    packs: Mapping[str, Any] | None = None  # program id -> [{pack, reason}]; None: not computed
    broad_readers: frozenset[str] = frozenset(DEFAULT_BROAD_READERS)
    run_options: Mapping[str, Any] = field(default_factory=dict)  # recorded in the manifest for verify
    lang: str = "en"  # the report's language (en, fr, de)
    # rule id -> language -> {title, recommended_action}: the rules' translation files (catalog.translations)
    rule_texts: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)


def _document(run: Run, path: str) -> Any:
    """A report document of the policy, or None when the bundle does not define it."""
    try:
        return run.engine.document(run.bundle, run.engine_input, path)
    except EngineError:
        return None


def from_run(run: Run, run_options: Mapping[str, Any], lang: str = "en",
             policy_dirs: Sequence[Path] = ()) -> ReportData:
    """The report's data; `policy_dirs`: the --policy and Config directories, for their rules' translations."""
    screening = _document(run, SCREENING)
    packs = _document(run, PACKS)
    broad = _document(run, BROAD_READERS)
    return ReportData(
        result=run.result,
        programs=tuple(run.engine_input.get("programs", ())),
        datasets=tuple(run.engine_input.get("datasets", ())),
        rules=tuple(sorted(run.rules.values(), key=lambda meta: (meta.id, meta.package))),
        screening=screening if isinstance(screening, Mapping) else None,
        packs=packs if isinstance(packs, Mapping) else None,
        broad_readers=frozenset(str(r) for r in broad) if isinstance(broad, list) else frozenset(DEFAULT_BROAD_READERS),
        run_options=dict(run_options),
        lang=lang,
        rule_texts=catalog.translations(run.rules.values(), policy_dirs) if lang != "en" else {},
    )
