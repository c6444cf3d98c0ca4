"""The plug point for output formats."""

from __future__ import annotations

from typing import Protocol

from compliance.findings import Result, Severity


class Formatter(Protocol):
    def __call__(self, result: Result, fail_on: Severity | None, *, color: bool) -> str: ...
