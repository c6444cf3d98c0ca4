"""Running a live source: shared by `compliance discover` (which writes the snapshot) and by
`check` / `report` given a source directly (`postgres://...` among their PATHs), which discover first
and judge the snapshot in memory."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compliance.errors import InputError, InputProblems, Problem
from compliance.loaders.document import Document
from compliance.sources import LIVE_SOURCES, load
from compliance.sources.classify import DEFAULT_TAG_KEYS, Classifier, DatasetMapping, mapping_warnings
from compliance.sources.interface import LiveRequest, SourceError
from compliance.sources.snapshot import document, without_nulls

# A PATH that names a live catalog rather than a file: a PostgreSQL connection URI, or aws://REGION.
_POSTGRES = re.compile(r"^(postgres|postgresql)://", re.IGNORECASE)
_AWS = re.compile(r"^aws://(?P<region>[a-z0-9-]*)/?$", re.IGNORECASE)


def live_source(argument: str) -> str | None:
    """The source a check/report PATH names (`postgres` for a postgres:// URI, `aws` for
    aws://REGION), or None for a file."""
    if _POSTGRES.match(argument):
        return "postgres"
    return "aws" if _AWS.match(argument) else None


def _target(source: str, argument: str) -> str:
    found = _AWS.match(argument)
    return found.group("region") if source == "aws" and found else argument


def discover(source: str, target: str | None, options: dict[str, Any], mapping: DatasetMapping,
             settings: Mapping[str, Any],
             progress: Callable[[int, int | None], None] | None = None) -> tuple[dict[str, Any], list[str]]:
    """The snapshot of SOURCE at TARGET and the warnings to print; `settings` is Config `discover`."""
    if source not in LIVE_SOURCES:
        raise InputError(f"unknown source {source!r}; expected one of: {', '.join(sorted(LIVE_SOURCES))}")
    tag_keys = {**DEFAULT_TAG_KEYS, **{key: value for key, value in (settings.get("tags") or {}).items() if value}}
    classifier = Classifier(mapping, tag_keys)
    everyone = settings.get("everyone") or "group:all-employees"
    request = LiveRequest(target or "", {**options, "classifier": classifier, "everyone": everyone}, progress)
    try:
        result = load(LIVE_SOURCES[source])().discover(request)
    except SourceError as error:
        raise InputError(str(error)) from None
    if result.problems:
        raise InputProblems(list(result.problems))
    value: dict[str, Any] = result.documents[0].value
    warnings = [str(problem) for problem in result.warnings]
    warnings.extend(mapping_warnings(mapping, classifier.unmatched))
    total = len(value["datasets"])
    unclassified = sum(1 for dataset in value["datasets"] if dataset.get("personal_data") is None)
    if unclassified:
        warnings.append(f"{unclassified} of {total} tables are unclassified (no mapping entry, tag or "
                        "comment): never assumed non-personal, each is a GDPR-ROPA-002 finding")
    approximate = sum(1 for dataset in value["datasets"] if (dataset.get("access") or {}).get("approximate"))
    if approximate:
        warnings.append(f"the readers of {approximate} tables are approximate (access.approximate_reasons says why)")
    return value, warnings


def discovered_documents(targets: Sequence[str], mappings: Sequence[Document], settings: Mapping[str, Any],
                         max_bytes: int) -> tuple[list[Document], list[Problem]]:
    """`check` / `report` given live targets: one in-memory StorageInventory each (classified by the
    DatasetMapping among the PATHs, if any), and the discovery warnings as warnings of the run."""
    if len(mappings) > 1:
        raise InputError(f"{len(mappings)} DatasetMapping documents among the paths; give one")
    documents: list[Document] = []
    warnings: list[Problem] = []
    for target in targets:
        source = live_source(target) or ""
        mapping = DatasetMapping(mappings[0] if mappings else None)
        value, lines = discover(source, _target(source, target), {"max_bytes": max_bytes}, mapping, settings)
        label = str(value["metadata"]["source"])
        documents.append(document(without_nulls(value), label))
        warnings.extend(Problem(label, None, None, "", line) for line in lines)
    return documents, warnings
