"""Several --opa-url: chunks spread over OPA servers fed by `compliance bundle`, retried when one fails.

The servers are OPA test servers (tests/opa_test_server.py: real OPA's evaluator behind a small
imitation of its REST API), each loaded from the bundle archive as an OPA replica would be.
"""

from __future__ import annotations

import datetime
import io
import json
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.generate import generate
from compliance import catalog, runner
from compliance import engine as engines
from compliance.cli import main
from compliance.commands.bundle import opa_bundle
from compliance.engine import EngineName, EngineOptions
from compliance.engine.embedded import bundle_key
from compliance.engine.interface import EngineError, PolicyBundle
from compliance.runner import RunOptions, execute
from tests.conftest import AS_OF, closed_port
from tests.opa_test_server import Fault, OpaTestServer

AS_OF_DATE = datetime.date.fromisoformat(AS_OF)


pytestmark = pytest.mark.usefixtures("collect_garbage_on_this_thread")


def shipped_bundle() -> PolicyBundle:
    bundle = catalog.build_bundle(catalog.policy_files(), {})
    return engines.scoped_bundle(bundle, catalog.scopes(catalog.rules(bundle)))


def archive_files(archive: bytes) -> dict[str, str]:
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        return {member.name: tar.extractfile(member).read().decode() for member in tar  # type: ignore[union-attr]
                if member.isfile()}


def feed(server: OpaTestServer, archive: bytes) -> None:
    """Load the bundle into the server the way an OPA replica configured with it would."""
    files = archive_files(archive)
    modules = {name: source for name, source in files.items() if name.endswith(".rego")}
    server.store._replace(modules, json.loads(files["data.json"]))


@pytest.fixture(scope="module")
def archive() -> bytes:
    bundle = shipped_bundle()
    return opa_bundle(bundle, "sha256:test")


@pytest.fixture(scope="module")
def replicas(archive: bytes) -> Iterator[list[OpaTestServer]]:
    pytest.importorskip("opa_bindings", reason="the OPA test servers evaluate with opa-golib-python-bindings")
    with OpaTestServer() as first, OpaTestServer() as second:
        for server in (first, second):
            feed(server, archive)
        yield [first, second]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("warehouse")
    generate(directory, 900, file_format="parquet", rate=0.04, seed=3)
    return directory


@pytest.fixture
def chunks_of(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    return lambda size: monkeypatch.setattr(runner, "CHUNK_DATASETS", size)


def findings(paths: tuple[str, ...], urls: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    options = EngineOptions(name=EngineName.OPA, opa_urls=urls, timeout=60) if urls else EngineOptions(workers=1)
    run = execute(RunOptions(paths=paths, as_of=AS_OF_DATE, engine=options))
    return sorted((f.rule, f.resource, f.message) for f in run.result.findings)


def test_the_bundle_archive(archive: bytes) -> None:
    files = archive_files(archive)
    bundle = shipped_bundle()
    manifest = json.loads(files[".manifest"])
    assert manifest["roots"] == ["compliance"]
    assert manifest["revision"] == bundle_key(bundle)
    assert json.loads(files["data.json"]) == {"compliance": {"params": {}, "run": {"unknown": "warn"},
                                                         "revision": bundle_key(bundle)}}
    assert {name for name in files if name.endswith(".rego")} == {f"compliance/{m.path}" for m in bundle.modules}
    assert "compliance/main.generated.rego" in files
    assert opa_bundle(bundle, "sha256:test") == archive  # reproducible, byte for byte


def test_the_bundle_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], archive: bytes) -> None:
    target = tmp_path / "bundle.tar.gz"
    with pytest.raises(SystemExit) as exited:
        main(["bundle", "-o", str(target)])
    assert exited.value.code == 0
    assert target.read_bytes() == opa_bundle(shipped_bundle(), catalog.digest(catalog.build_bundle(
        catalog.policy_files(), {})))
    assert "OPA bundle of" in capsys.readouterr().err


def test_chunks_are_spread_over_the_servers(
    replicas: list[OpaTestServer], warehouse: Path, chunks_of: Callable[[int], None]
) -> None:
    chunks_of(150)
    for server in replicas:
        server.seen.clear()
    served = findings((str(warehouse),), tuple(server.url for server in replicas))
    assert served == findings((str(warehouse),))
    for server in replicas:
        queries = [seen for seen in server.seen if seen.method == "POST"]
        assert queries, f"{server.url} evaluated nothing"
        assert not [seen for seen in server.seen if seen.method == "PUT"]  # fed by the bundle: no upload
    posted = sum(seen.method == "POST" for server in replicas for seen in server.seen)
    assert posted == 6 + 1  # 900 datasets in chunks of 150, and the program rules once


def test_a_failing_server_leaves_its_chunks_to_the_others(
    replicas: list[OpaTestServer], warehouse: Path, chunks_of: Callable[[int], None]
) -> None:
    chunks_of(300)
    broken, working = replicas
    broken.fault = Fault.ERROR
    try:
        served = findings((str(warehouse),), (broken.url, working.url))
    finally:
        broken.fault = None
    assert served == findings((str(warehouse),))


def test_when_every_server_fails_the_error_names_them_all(warehouse: Path) -> None:
    urls = (f"http://127.0.0.1:{closed_port()}", f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(EngineError) as raised:
        findings((str(warehouse),), urls)
    message = str(raised.value)
    assert message.startswith(f"every OPA server failed ({urls[0]}, {urls[1]}): ")
    assert "connection refused" in message
    assert "\n" not in message
