"""The snapshot every live source writes: a StorageInventory with where and when it was read.

Shared by the sources (`inventory`, `dataset_id`) and by `compliance discover` (`load_mapping`,
`write`): YAML, JSON or `*.inventory.parquet` by the output's extension.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from compliance.errors import InputProblems, Problem
from compliance.loaders.document import API_VERSION, Document
from compliance.sources.classify import DatasetMapping

_ID_INVALID = re.compile(r"[^A-Za-z0-9._:/-]")
_SLUG_INVALID = re.compile(r"[^a-z0-9._-]+")


def observed_now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def dataset_id(qualified: str) -> str:
    """A dataset id the StorageInventory schema accepts: characters it refuses (a space, a quote in a
    quoted SQL identifier) become `_`, and a leading non-alphanumeric one is kept behind `t`."""
    cleaned = _ID_INVALID.sub("_", qualified)
    return cleaned if cleaned[:1].isalnum() else f"t{cleaned}"


def slug(text: str) -> str:
    cleaned = _SLUG_INVALID.sub("-", text.lower()).strip("-._")
    return cleaned or "discovered"


def inventory(inventory_id: str, name: str, system: str, source: str, observed_at: str,
              datasets: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "kind": "StorageInventory",
        "metadata": {"id": slug(inventory_id), "name": name, "system": system, "source": source,
                     "observed_at": observed_at},
        "datasets": sorted(datasets, key=lambda dataset: str(dataset["id"])),
    }


def document(value: dict[str, Any], display: str) -> Document:
    """An in-memory document (for `check SOURCE` without a file); positions point at its start."""
    digest = hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    return Document(display, 0, value, digest, {})


def without_nulls(value: Any) -> Any:
    """value without null keys and list items, as the loader reads a file (null means not declared):
    a snapshot judged in memory gives the findings its file would."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value if item is not None]
    return value


def load_mapping(path: str, max_bytes: int) -> DatasetMapping:
    """A DatasetMapping file, schema-checked; problems are exit 2 with file, line and field."""
    from compliance.loaders.validate import schema_problems
    from compliance.loaders.yaml_json import LoadError, load_file

    try:
        documents = load_file(Path(path), max_bytes=max_bytes)
    except LoadError as error:
        raise InputProblems([error.problem]) from None
    mappings = [doc for doc in documents if doc.is_ours and doc.kind == "DatasetMapping"]
    problems = [problem for doc in mappings for problem in schema_problems(doc)]
    if len(mappings) != 1:
        problems.append(Problem(path, 1, 1, "kind", f"expected one DatasetMapping document of {API_VERSION}, "
                                f"found {len(mappings)}"))
    if problems:
        raise InputProblems(problems)
    return DatasetMapping(mappings[0])


def write(value: dict[str, Any], target: str, protected: Sequence[str] = ()) -> list[str]:
    """The snapshot as YAML, JSON or Parquet (by target's extension), written atomically; what the
    format could not keep, as warnings."""
    from compliance.output import write_atomic

    lower = target.lower()
    if lower.endswith(".parquet"):
        write_atomic(target, _parquet(value), protected)
        unclassified = sum(1 for dataset in value["datasets"] if dataset.get("personal_data") is None)
        if unclassified:
            return [f"{target}: a tabular inventory cannot leave personal_data empty: the {unclassified} "
                    "unclassified tables are written as personal data without a program (GDPR-ROPA-002 "
                    "reports them as orphans); write YAML or JSON to keep them unclassified"]
        return []
    if lower.endswith(".json"):
        write_atomic(target, (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode("utf-8"), protected)
        return []
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(value, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120)
    write_atomic(target, text.encode("utf-8"), protected)
    return []


def _parquet(value: dict[str, Any]) -> bytes:
    """The tabular columns of a StorageInventory (loaders/tabular.py); provenance, drift and reader
    paths have no column and are left out (write YAML or JSON to keep them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def cell(dataset: dict[str, Any], *path: str) -> Any:
        node: Any = dataset
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node

    def joined(items: Any) -> str | None:
        return ";".join(items) if isinstance(items, list) else None

    datasets = value["datasets"]
    columns: dict[str, list[Any]] = {
        "id": [d["id"] for d in datasets],
        "program": [d.get("program") for d in datasets],
        "data_categories": [joined(d.get("data_categories")) for d in datasets],
        # Unclassified (null) is not a value a tabular inventory takes: written as personal data.
        "personal_data": [True if d.get("personal_data") is None else d["personal_data"] for d in datasets],
        "sensitivity": [d.get("sensitivity") for d in datasets],
        "country": [cell(d, "location", "country") for d in datasets],
        "region": [cell(d, "location", "region") for d in datasets],
        "encryption_at_rest": [cell(d, "encryption", "at_rest") for d in datasets],
        "key_ref": [cell(d, "encryption", "key_ref") for d in datasets],
        "encryption_in_transit": [cell(d, "encryption", "in_transit") for d in datasets],
        "readers": [joined(cell(d, "access", "readers")) for d in datasets],
        "writers": [joined(cell(d, "access", "writers")) for d in datasets],
        "ttl_days": [cell(d, "retention", "ttl_days") for d in datasets],
        "audit_logging": [d.get("audit_logging") for d in datasets],
        "rows": [d.get("rows") for d in datasets],
    }
    types = {"personal_data": pa.bool_(), "encryption_at_rest": pa.bool_(), "encryption_in_transit": pa.bool_(),
             "audit_logging": pa.bool_(), "sensitivity": pa.int64(), "ttl_days": pa.int64(), "rows": pa.int64()}
    table = pa.table({name: pa.array(values, type=types.get(name, pa.string())) for name, values in columns.items()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())
