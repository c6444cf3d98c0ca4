"""What the SQL-speaking sources share: running a catalog query, and error text without secrets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def fetch_all(connection: Any, query: str) -> list[tuple[Any, ...]]:
    """Every row of one query on a DB-API connection, its cursor closed whatever happens."""
    cursor = connection.cursor()
    try:
        cursor.execute(query)
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def scrub(text: str, secrets: Iterable[str]) -> str:
    """A driver's error message on one line, every secret (password, token) replaced by ***."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return " ".join(text.split())
