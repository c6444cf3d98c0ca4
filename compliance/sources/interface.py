"""The input-source plug point: one contract for everything that turns a path or a live catalog
into validated-ready documents.

Two kinds of source share the result type:

- a *file source* (YAML/JSON documents, tabular inventories, Terraform plans) is picked by the
  path it is given: `claims` looks at the name alone, and `read` may still answer `None` for a
  file that is not its own after looking inside (a `.json` file that is not a plan). The sources
  are asked in the order of `FILE_SOURCES` (sources/__init__.py), skipping those that make no
  kind of document the run reads; the first that answers reads the file. A source reads the
  file's bytes through `FileRequest.content()`, so that they are read once whoever asks;
- a *live source* (PostgreSQL, an Apache Ranger export, AWS Glue and Lake Formation, ...) is
  picked by name (`compliance discover NAME TARGET`) and reads a catalog into one
  `StorageInventory` document.

A source never prints and never exits: what is wrong with its input comes back as problems (the
run stops with exit 2), what is worth saying but not wrong as warnings (printed, and carried into
the JSON and SARIF outputs and the report). A source that cannot do its work at all (a catalog
that refuses the connection, a missing optional driver) raises `SourceError`, whose message never
holds a secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from compliance.errors import Problem
from compliance.loaders.document import Document


class SourceError(Exception):
    """A source that cannot be read at all; one line, never a secret (exit code 2)."""


@dataclass(frozen=True)
class SourceResult:
    documents: tuple[Document, ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class FileRequest:
    path: Path
    display: str  # the path as the user gave it, for messages and locations
    max_bytes: int  # `--max-input-mb`
    raw: bytes | None = None  # the file's bytes when they were read already (a pipe reads once)

    def content(self) -> bytes:
        """The file's bytes, read once within max_bytes and kept: a pipe cannot be read twice, and a
        source that looks inside and answers None leaves them to the next. Raises LoadError."""
        if self.raw is None:
            from compliance.loaders.yaml_json import read_limited

            object.__setattr__(self, "raw", read_limited(self.path, self.display, self.max_bytes))
        assert self.raw is not None
        return self.raw


@dataclass(frozen=True)
class LiveRequest:
    target: str  # a DSN, an export file, a region: what the user named after the source
    options: Mapping[str, Any] = field(default_factory=dict)  # source-specific options
    progress: Callable[[int, int | None], None] | None = None  # (done, total or None) on long reads


class FileSource(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]  # what it reads, as messages name it: "a tabular inventory"
    kinds: ClassVar[tuple[str, ...]]  # the kinds of document it makes; () when the file says (YAML/JSON)

    def claims(self, path: Path) -> bool:
        """Whether a file of this name is this source's to read (no I/O)."""
        ...

    def read(self, request: FileRequest) -> SourceResult | None:
        """The file's documents, or None when its content shows it is not this source's."""
        ...


class LiveSource(Protocol):
    name: ClassVar[str]

    def discover(self, request: LiveRequest) -> SourceResult:
        """One StorageInventory document (with metadata.source and metadata.observed_at) of what
        the catalog holds, and warnings where it is approximate."""
        ...
