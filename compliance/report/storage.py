"""The storage picture of the report: datasets, rows, encryption coverage, broad access."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

TOP_EXPOSED = 20
TOP_PRINCIPALS = 15
READERS_SHOWN = 3


def _rows(dataset: Mapping[str, Any]) -> int | None:
    rows = dataset.get("rows")
    return rows if isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0 else None


def _strings(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _readers(dataset: Mapping[str, Any]) -> list[str]:
    access = dataset.get("access")
    return _strings(access.get("readers")) if isinstance(access, Mapping) else []


def _encrypted(dataset: Mapping[str, Any]) -> bool:
    encryption = dataset.get("encryption")
    return isinstance(encryption, Mapping) and encryption.get("at_rest") is True


def _ttl(dataset: Mapping[str, Any]) -> int | None:
    retention = dataset.get("retention")
    ttl = retention.get("ttl_days") if isinstance(retention, Mapping) else None
    return ttl if isinstance(ttl, int) and not isinstance(ttl, bool) else None


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def picture(datasets: Sequence[Mapping[str, Any]], broad: Collection[str],
            findings_per_resource: Mapping[str, int]) -> dict[str, Any]:
    """Counts, shares, who reads what, and the widest-exposed datasets, as plain data.

    One pass over the datasets (a warehouse has tens of thousands), each field read once.
    """
    rows_total = personal_rows = rows_unknown = encrypted = encrypted_rows = exposed_rows = no_ttl = no_audit = 0
    inventories: set[str] = set()
    personal: list[Mapping[str, Any]] = []
    exposed: list[Mapping[str, Any]] = []
    readable: Counter[str] = Counter()
    readable_rows: Counter[str] = Counter()
    sensitive: Counter[str] = Counter()
    for dataset in datasets:
        inventory = dataset.get("inventory")
        if inventory:
            inventories.add(str(inventory))
        rows = _rows(dataset)
        counted = rows or 0
        rows_total += counted
        if dataset.get("personal_data") is not True:
            continue
        personal.append(dataset)
        personal_rows += counted
        rows_unknown += rows is None
        if _encrypted(dataset):
            encrypted += 1
            encrypted_rows += counted
        readers = _readers(dataset)
        if any(r in broad for r in readers):
            exposed.append(dataset)
            exposed_rows += counted
        no_ttl += _ttl(dataset) is None
        no_audit += dataset.get("audit_logging") is not True
        label = dataset.get("sensitivity")
        is_sensitive = isinstance(label, int) and label >= 3
        for reader in set(readers):
            readable[reader] += 1
            readable_rows[reader] += counted
            sensitive[reader] += is_sensitive
    return {
        "inventories": sorted(inventories),
        "datasets": len(datasets),
        "personal_datasets": len(personal),
        "rows_total": rows_total,
        "personal_rows": personal_rows,
        "rows_unknown": rows_unknown,
        "encrypted": encrypted,
        "encrypted_share": _share(encrypted, len(personal)),
        "encrypted_rows_share": _share(encrypted_rows, personal_rows),
        "broad": len(exposed),
        "broad_share": _share(len(exposed), len(personal)),
        "broad_rows_share": _share(exposed_rows, personal_rows),
        "no_ttl": no_ttl,
        "no_audit": no_audit,
        "broad_readers": sorted(broad),
        "principals": _ranked(readable, readable_rows, sensitive, broad),
        "exposed": _widest(exposed, broad, findings_per_resource),
    }


def _ranked(datasets: Counter[str], rows: Counter[str], sensitive: Counter[str], broad: Collection[str],
            ) -> dict[str, Any]:
    """Who can read what: each reader principal with the datasets and rows it can read, broad groups first."""
    ranked = sorted(datasets, key=lambda r: (r not in broad, -rows[r], -datasets[r], r))
    return {
        "rows": [{"principal": r, "broad": r in broad, "datasets": datasets[r], "sensitive_datasets": sensitive[r],
                  "rows": rows[r]} for r in ranked[:TOP_PRINCIPALS]],
        "more": max(0, len(ranked) - TOP_PRINCIPALS),
        "total": len(ranked),
    }


def _widest(exposed: list[Mapping[str, Any]], broad: Collection[str], findings_per_resource: Mapping[str, int],
            ) -> dict[str, Any]:
    """The personal-data datasets readable by a broad group, the most rows first (at most 20)."""
    shown = heapq.nsmallest(TOP_EXPOSED, exposed, key=lambda d: (-(_rows(d) or 0), str(d.get("id"))))
    rows = []
    for dataset in shown:
        readers = sorted(_readers(dataset), key=lambda r: (r not in broad, r))
        rows.append({
            "id": str(dataset.get("id")),
            "program": str(dataset.get("program") or ""),
            "categories": _strings(dataset.get("data_categories")),
            "sensitivity": dataset.get("sensitivity") if isinstance(dataset.get("sensitivity"), int) else None,
            "rows": _rows(dataset),
            "readers": readers[:READERS_SHOWN],
            "more_readers": max(0, len(readers) - READERS_SHOWN),
            "encrypted": _encrypted(dataset),
            "ttl_days": _ttl(dataset),
            "findings": findings_per_resource.get(f"dataset:{dataset.get('id')}", 0),
        })
    return {"rows": rows, "total": len(exposed), "more": max(0, len(exposed) - TOP_EXPOSED)}
