"""The storage picture in one pass over the datasets equals the picture the report drew with one pass per figure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.report import storage
from compliance.report.storage import READERS_SHOWN, TOP_EXPOSED, TOP_PRINCIPALS

BROAD = frozenset({"authenticated", "group:all-employees"})
READERS = ("authenticated", "group:all-employees", "group:research", "user:ana", "group:hr")


def _rows(dataset: Mapping[str, Any]) -> int | None:
    rows = dataset.get("rows")
    return rows if isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0 else None


def _readers(dataset: Mapping[str, Any]) -> list[str]:
    access = dataset.get("access")
    readers = access.get("readers") if isinstance(access, Mapping) else None
    return [str(item) for item in readers] if isinstance(readers, list) else []


def _encrypted(dataset: Mapping[str, Any]) -> bool:
    encryption = dataset.get("encryption")
    return isinstance(encryption, Mapping) and encryption.get("at_rest") is True


def _ttl(dataset: Mapping[str, Any]) -> int | None:
    retention = dataset.get("retention")
    ttl = retention.get("ttl_days") if isinstance(retention, Mapping) else None
    return ttl if isinstance(ttl, int) and not isinstance(ttl, bool) else None


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def reference(datasets: Sequence[Mapping[str, Any]], broad: Collection[str],
              findings_per_resource: Mapping[str, int]) -> dict[str, Any]:
    """The picture as the report computed it before (a pass per figure), kept here as the reference."""
    personal = [d for d in datasets if d.get("personal_data") is True]
    rows = [_rows(d) or 0 for d in personal]
    encrypted = [_encrypted(d) for d in personal]
    exposed = [any(r in broad for r in _readers(d)) for d in personal]
    total_rows = sum(rows)
    readable: Counter[str] = Counter()
    readable_rows: Counter[str] = Counter()
    sensitive: Counter[str] = Counter()
    for dataset in personal:
        label = dataset.get("sensitivity")
        for reader in set(_readers(dataset)):
            readable[reader] += 1
            readable_rows[reader] += _rows(dataset) or 0
            sensitive[reader] += isinstance(label, int) and label >= 3
    ranked = sorted(readable, key=lambda r: (r not in broad, -readable_rows[r], -readable[r], r))
    widest = [d for d in personal if any(r in broad for r in _readers(d))]
    widest.sort(key=lambda d: (-(_rows(d) or 0), str(d.get("id"))))
    shown = []
    for dataset in widest[:TOP_EXPOSED]:
        readers = sorted(_readers(dataset), key=lambda r: (r not in broad, r))
        categories = dataset.get("data_categories")
        shown.append({
            "id": str(dataset.get("id")), "program": str(dataset.get("program") or ""),
            "categories": [str(c) for c in categories] if isinstance(categories, list) else [],
            "sensitivity": dataset.get("sensitivity") if isinstance(dataset.get("sensitivity"), int) else None,
            "rows": _rows(dataset), "readers": readers[:READERS_SHOWN],
            "more_readers": max(0, len(readers) - READERS_SHOWN), "encrypted": _encrypted(dataset),
            "ttl_days": _ttl(dataset), "findings": findings_per_resource.get(f"dataset:{dataset.get('id')}", 0),
        })
    return {
        "inventories": sorted({str(d.get("inventory")) for d in datasets if d.get("inventory")}),
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
        "principals": {"rows": [{"principal": r, "broad": r in broad, "datasets": readable[r],
                                 "sensitive_datasets": sensitive[r], "rows": readable_rows[r]}
                                for r in ranked[:TOP_PRINCIPALS]],
                       "more": max(0, len(ranked) - TOP_PRINCIPALS), "total": len(ranked)},
        "exposed": {"rows": shown, "total": len(widest), "more": max(0, len(widest) - TOP_EXPOSED)},
    }


# Values as inputs write them, and as they should not: null, booleans for numbers, negative rows, wrong shapes.
ODD = st.sampled_from([None, True, False, -1, "x", [], {}])
DATASETS = st.fixed_dictionaries({"id": st.sampled_from(["t1", "t2", "t3", "t4", "t5"]) | st.integers(0, 3)}, optional={
    "inventory": st.sampled_from(["wh", "lake", ""]) | ODD,
    "program": st.sampled_from(["mci", ""]) | ODD,
    "personal_data": st.booleans() | ODD,
    "rows": st.integers(0, 10**9) | ODD,
    "sensitivity": st.integers(0, 4) | ODD,
    "data_categories": st.lists(st.sampled_from(["keystrokes", "health"]), max_size=2) | ODD,
    "encryption": st.fixed_dictionaries({}, optional={"at_rest": st.booleans() | ODD}) | ODD,
    "access": st.fixed_dictionaries({}, optional={"readers": st.lists(st.sampled_from(READERS), max_size=6) | ODD})
    | ODD,
    "retention": st.fixed_dictionaries({}, optional={"ttl_days": st.integers(0, 900) | ODD}) | ODD,
    "audit_logging": st.booleans() | ODD,
})


@settings(max_examples=300, deadline=None)
@given(st.lists(DATASETS, max_size=40),
       st.dictionaries(st.sampled_from(["dataset:t1", "dataset:t3"]), st.integers(0, 9)))
def test_one_pass_picture_equals_the_reference(datasets: list[dict[str, Any]], findings: dict[str, int]) -> None:
    assert storage.picture(datasets, BROAD, findings) == reference(datasets, BROAD, findings)


def test_widest_exposed_keeps_the_first_twenty_by_rows_then_id() -> None:
    datasets = [{"id": f"t{index % 30:02d}", "personal_data": True, "rows": (index * 7) % 11,
                 "access": {"readers": ["authenticated"]}, "program": f"p{index}"} for index in range(60)]
    made = storage.picture(datasets, BROAD, {})
    assert made == reference(datasets, BROAD, {})
    assert len(made["exposed"]["rows"]) == TOP_EXPOSED and made["exposed"]["more"] == 60 - TOP_EXPOSED
