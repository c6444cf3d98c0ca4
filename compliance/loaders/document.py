"""A loaded input document: its value plus where each value sits in its file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

API_VERSION = "privacy.compliance/v1"

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """One document of an input file. `positions` maps a value's path to its 1-based position."""

    path: str
    index: int
    value: Any
    sha256: str
    positions: Mapping[PathKey, Position] = field(repr=False, compare=False)

    @property
    def kind(self) -> str | None:
        kind = self.value.get("kind") if isinstance(self.value, dict) else None
        return kind if isinstance(kind, str) else None

    @property
    def id(self) -> str | None:
        metadata = self.value.get("metadata") if isinstance(self.value, dict) else None
        doc_id = metadata.get("id") if isinstance(metadata, dict) else None
        return doc_id if isinstance(doc_id, str) else None

    @property
    def is_ours(self) -> bool:
        return isinstance(self.value, dict) and self.value.get("apiVersion") == API_VERSION

    def locate(self, path: Iterable[str | int]) -> Position:
        """Position of path, or of its nearest ancestor that exists in the file."""
        key = tuple(path)
        while key:
            position = self.positions.get(key)
            if position is not None:
                return position
            key = key[:-1]
        return self.positions.get((), Position(1, 1))


def format_path(path: Iterable[str | int]) -> str:
    """`datasets[3].encryption.at_rest` style, as users read it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"
