"""Reading manifest values as people write them, and the fixed instant that dates an export."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from typing import Any

from compliance.errors import InputError


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
