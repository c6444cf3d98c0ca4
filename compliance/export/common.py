"""Reading manifest values as people write them, and the fixed instant that dates an export."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Chapter V transfer tools as the manifests name them (`transfers[].mechanism`, `processors[].transfer_mechanism`).
MECHANISMS = {
    "adequacy": "adequacy decision (Art. 45)",
    "dpf": "EU-US Data Privacy Framework (Art. 45)",
    "scc_2021_914": "standard contractual clauses, Decision (EU) 2021/914 (Art. 46(2)(c))",
    "bcr": "binding corporate rules (Art. 47)",
    "art49": "derogation for a specific situation (Art. 49)",
}


def as_map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_maps(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def declared(value: Any) -> bool:
    """Declared in the manifest: present, not null, not an empty string (the loader already drops nulls)."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def words(value: Any) -> str:
    """A manifest value as text: enum values with spaces (`legitimate_interests` -> `legitimate interests`)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("_", " ") if isinstance(value, str) and " " not in value else str(value)


def mechanism(value: Any) -> str:
    return MECHANISMS.get(str(value), str(value))


def strings(value: Any) -> list[str]:
    return [str(item) for item in value if declared(item)] if isinstance(value, list) else []


