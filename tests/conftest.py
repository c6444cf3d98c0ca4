"""Shared test helpers: paths of the repository, the command line run in-process, the shipped rule
catalog, a writer for small input files, a server that must not be fetched, a port nobody serves."""

from __future__ import annotations

import gc
import socket
import textwrap
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance import catalog
from compliance.catalog import RuleMeta
from compliance.cli import main
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


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`compliance ARGS` in-process: exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


@cache
def shipped_rules() -> dict[str, RuleMeta]:
    """Package -> metadata of the shipped rules."""
    return catalog.rules(catalog.build_bundle(catalog.policy_files(), {}))


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def collect_garbage_on_this_thread() -> Iterator[None]:
    """regorus engines must be freed on the thread that made them; left to the garbage collector
    (pytest's exception info makes reference cycles), they could be freed on a test server thread."""
    yield
    gc.collect()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A real PostgreSQL server seeded with the incident (tests/postgres_server.py), stopped at the end."""
    from tests import postgres_server as pg

    if pg.binaries() is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): run `bash scripts/setup.sh test` as root, "
                    "which installs Debian's postgresql")
    import psycopg

    with pg.running_server() as server:
        with psycopg.connect(server.dsn(dbname="postgres"), autocommit=True) as connection:
            connection.execute("create database warehouse")
        with psycopg.connect(server.dsn(), autocommit=True) as connection:
            connection.execute(pg.SEED)
        yield server


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto in server mode (tests/moto_server.py): AWS is tested on an emulator."""
    from tests import moto_server

    if not moto_server.available():
        pytest.skip("boto3 and moto[server] are not installed (pip install -e '.[test,aws]')")
    with moto_server.running_moto() as endpoint:
        yield endpoint


def snapshot_of(output: Path, err: str) -> dict[str, Any]:
    """A discovered snapshot file (YAML or JSON) as a value, with the file's path and the run's stderr."""
    value: dict[str, Any] = yaml.safe_load(output.read_text(encoding="utf-8"))  # JSON is YAML too
    value["_path"], value["_err"] = str(output), err
    return value


def datasets_by_id(snapshot: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {dataset["id"]: dataset for dataset in snapshot["datasets"]}
