"""Shared fixtures: paths of the repository, a writer for small input files, a server that must not be fetched."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.http_recorder import recording_server

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
MCI = SAMPLES / "mci"
AS_OF = "2026-11-22"


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """write(name, text) -> path of a file under tmp_path holding the dedented text."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def unfetched_port() -> Iterator[int]:
    """The port of a local HTTP server (127.0.0.1) that records every request; the test fails if it gets any."""
    with recording_server() as recording:
        yield recording.port
    assert recording.requests == []
