"""Reading manifest values as people write them, and the fixed instant that dates an export."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from typing import Any

from compliance.errors import InputError

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


def fixed_instant(as_of: str) -> datetime.datetime:
    """SOURCE_DATE_EPOCH when set, else midnight UTC of the run's as-of date; never the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None
    day = datetime.date.fromisoformat(as_of)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
