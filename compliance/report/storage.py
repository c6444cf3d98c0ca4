"""The storage picture of the report: datasets, rows, encryption coverage, broad access."""

from __future__ import annotations

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
    """Counts, shares, who reads what, and the widest-exposed datasets, as plain data."""
    personal = [d for d in datasets if d.get("personal_data") is True]
    rows = [_rows(d) or 0 for d in personal]
    encrypted = [_encrypted(d) for d in personal]
    exposed = [any(r in broad for r in _readers(d)) for d in personal]
    total_rows = sum(rows)
    inventories = sorted({str(d.get("inventory")) for d in datasets if d.get("inventory")})
    return {
        "inventories": inventories,
        "datasets": len(datasets),
        "personal_datasets": len(personal),
        "rows_total": sum(_rows(d) or 0 for d in datasets),
        "personal_rows": total_rows,
        "rows_unknown": sum(1 for d in personal if _rows(d) is None),
        "encrypted": sum(encrypted),
        "encrypted_share": _share(sum(encrypted), len(personal)),
        "encrypted_rows_share": _share(sum(r for r, e in zip(rows, encrypted, strict=True) if e), total_rows),
        "broad": sum(exposed),
        "broad_share": _share(sum(exposed), len(personal)),
        "broad_rows_share": _share(sum(r for r, x in zip(rows, exposed, strict=True) if x), total_rows),
        "no_ttl": sum(1 for d in personal if _ttl(d) is None),
        "no_audit": sum(1 for d in personal if d.get("audit_logging") is not True),
        "broad_readers": sorted(broad),
        "principals": principals(personal, broad),
        "exposed": widest_exposed(personal, broad, findings_per_resource),
    }


def principals(personal: Sequence[Mapping[str, Any]], broad: Collection[str]) -> dict[str, Any]:
    """Who can read what: each reader principal with the datasets and rows it can read."""
    datasets: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    sensitive: Counter[str] = Counter()
    for dataset in personal:
        label = dataset.get("sensitivity")
        for reader in set(_readers(dataset)):
            datasets[reader] += 1
            rows[reader] += _rows(dataset) or 0
            sensitive[reader] += isinstance(label, int) and label >= 3
    ranked = sorted(datasets, key=lambda r: (r not in broad, -rows[r], -datasets[r], r))
    return {
        "rows": [{"principal": r, "broad": r in broad, "datasets": datasets[r], "sensitive_datasets": sensitive[r],
                  "rows": rows[r]} for r in ranked[:TOP_PRINCIPALS]],
        "more": max(0, len(ranked) - TOP_PRINCIPALS),
        "total": len(ranked),
    }


def widest_exposed(personal: Sequence[Mapping[str, Any]], broad: Collection[str],
                   findings_per_resource: Mapping[str, int]) -> dict[str, Any]:
    """The personal-data datasets readable by a broad group, the most rows first (at most 20)."""
    exposed = [d for d in personal if any(r in broad for r in _readers(d))]
    exposed.sort(key=lambda d: (-(_rows(d) or 0), str(d.get("id"))))
    rows = []
    for dataset in exposed[:TOP_EXPOSED]:
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
