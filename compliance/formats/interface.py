"""The plug point for output formats."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from compliance.findings import Result, Severity


class Formatter(Protocol):
    def __call__(self, result: Result, fail_on: Severity | None, *, color: bool) -> str: ...


class PieceFormatter(Protocol):
    """The same text in pieces, made as they are written (a warehouse's findings are never one string)."""

    def __call__(self, result: Result, fail_on: Severity | None, *, color: bool) -> Iterator[str]: ...
