"""Both engines give the same findings; the `opa` engine reports every server failure as one line.

The `opa` engine runs against a real OPA server when OPA_URL is set, else against the OPA test
server in tests/opa_test_server.py (real OPA's evaluator behind a small imitation of its REST API).
Fault, token and TLS tests always use the test server, which they need to control.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compliance.engine.embedded import EmbeddedEngine
from compliance.engine.interface import Engine, EngineError, PolicyBundle, PolicyModule
from compliance.engine.opa_server import OpaServerEngine, ServerAddress
from compliance.errors import InputError
from compliance.resources import REGO_DIR
from tests.conftest import REPO, closed_port
from tests.opa_test_server import Fault, OpaTestServer

TOKEN = "s3cr3t-t0ken-value"
WRONG_TOKEN = "wr0ng-t0ken-value"
THING = "compliance.rules.demo.thing"
THING_TESTS = "compliance.rules.demo.thing_test"

RULE = """\
package compliance.rules.demo.thing

deny contains finding if {
	some dataset in input.datasets
	not dataset.encrypted
	finding := data.compliance.demo_helpers.finding(
		sprintf("dataset:%s", [dataset.id]), "encrypted", "stored without encryption", {"encrypted": null})
}

deny contains finding if {
	some dataset in input.datasets
	dataset.retention_days > object.get(data.compliance.params, "max_retention_days", 30)
	finding := data.compliance.demo_helpers.finding(
		sprintf("dataset:%s", [dataset.id]), "retention_days",
		sprintf("kept %d days", [dataset.retention_days]), {"retention_days": dataset.retention_days})
}
"""

# Listed after the rule that calls it, so the opa engine must retry the refused upload.
HELPERS = """\
package compliance.demo_helpers

finding(resource, field, msg, evidence) := {
	"resource": resource, "field": field, "msg": msg, "evidence": evidence,
}
"""

TESTS = """\
package compliance.rules.demo.thing_test

import data.compliance.rules.demo.thing

test_fires if {
	count(thing.deny) == 1 with input as {"datasets": [{"id": "a", "encrypted": false, "retention_days": 1}]}
}

test_quiet if {
	count(thing.deny) == 0 with input as {"datasets": [{"id": "a", "encrypted": true, "retention_days": 1}]}
}

test_undefined if {
	false
}

test_false := false

twice(x) := 1 if x > 0

twice(x) := 2 if x > 0

test_conflict if {
	twice(1)
}
"""

INPUTS: list[dict[str, Any]] = [
    {"datasets": []},
    {"datasets": [{"id": "hr", "encrypted": True, "retention_days": 10}]},
    {"datasets": [{"id": "hr", "encrypted": False, "retention_days": 10}]},
    {"datasets": [
        {"id": "cctv", "encrypted": True, "retention_days": 31},
        {"id": "hr", "retention_days": 400},
    ]},
]


def bundle(*extra: PolicyModule, params: dict[str, Any] | None = None, tests: bool = False) -> PolicyBundle:
    """The real main.rego, the demo rule, its helper (last) and, on request, its tests."""
    modules = (
        PolicyModule("main.rego", (REGO_DIR / "main.rego").read_text(encoding="utf-8")),
        PolicyModule("rules/demo/thing.rego", RULE),
        *extra,
        PolicyModule("demo_helpers.rego", HELPERS),
    )
    if tests:
        modules += (PolicyModule("rules/demo/thing_test.rego", TESTS),)
    return PolicyBundle(modules=modules, data={"compliance": {"params": params or {}}})


def ordered(findings: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(finding, sort_keys=True) for finding in findings)


pytestmark = pytest.mark.usefixtures("collect_garbage_on_this_thread")


@pytest.fixture(scope="module")
def opa_url() -> Iterator[str]:
    """OPA_URL when set (a real server), else a running OPA test server."""
    if os.environ.get("OPA_URL"):
        yield os.environ["OPA_URL"]
        return
    pytest.importorskip("opa_bindings", reason="no OPA_URL, and real OPA's evaluator is not installed")
    with OpaTestServer() as server:
        yield server.url


@pytest.fixture
def server() -> Iterator[OpaTestServer]:
    """A fresh OPA test server that requires TOKEN (fault and token tests)."""
    with OpaTestServer(token=TOKEN, fault_delay=1.5) as running:
        yield running


@pytest.fixture
def evaluating_server(server: OpaTestServer) -> OpaTestServer:
    pytest.importorskip("opa_bindings", reason="the OPA test server evaluates with opa-golib-python-bindings")
    return server


# -- same findings on both engines ------------------------------------------------------------------


def test_embedded_engine_gathers_findings_by_package() -> None:
    findings = EmbeddedEngine().evaluate(bundle(), INPUTS[2])
    assert findings == [{
        "package": THING, "resource": "dataset:hr", "field": "encrypted",
        "msg": "stored without encryption", "evidence": {"encrypted": None},
    }]


@pytest.mark.parametrize("document", INPUTS)
def test_both_engines_give_the_same_findings(opa_url: str, document: dict[str, Any]) -> None:
    embedded = EmbeddedEngine().evaluate(bundle(), document)
    served = OpaServerEngine(opa_url).evaluate(bundle(), document)
    assert ordered(served) == ordered(embedded)


def test_params_come_from_the_bundle_data_on_both_engines(opa_url: str) -> None:
    strict = bundle(params={"max_retention_days": 5})
    engines: list[Engine] = [EmbeddedEngine(), OpaServerEngine(opa_url)]
    for engine in engines:
        assert [f["field"] for f in engine.evaluate(bundle(), INPUTS[1])] == []
        assert [f["field"] for f in engine.evaluate(strict, INPUTS[1])] == ["retention_days"]


def test_a_bundle_is_uploaded_once_per_engine(evaluating_server: OpaTestServer) -> None:
    engine = OpaServerEngine(evaluating_server.url, token=TOKEN)
    for document in INPUTS:
        engine.evaluate(bundle(), document)
    methods = [seen.method for seen in evaluating_server.seen]
    assert methods.count("POST") == len(INPUTS)
    assert methods.count("PUT") == 5  # the params document, then three modules, the rule twice
    assert sorted(evaluating_server.store.data) == ["compliance"]
    assert evaluating_server.store.data["compliance"] == {"params": {}}


EXTRA = """\
package compliance.rules.demo.extra

deny contains {"resource": "program:x", "field": "", "msg": "extra", "evidence": {}}
"""


def test_modules_gone_from_the_bundle_are_deleted_from_the_server(evaluating_server: OpaTestServer) -> None:
    extra = PolicyModule("rules/demo/extra.rego", EXTRA)
    engine = OpaServerEngine(evaluating_server.url, token=TOKEN)
    assert len(engine.evaluate(bundle(extra), INPUTS[0])) == 1
    assert engine.evaluate(bundle(), INPUTS[0]) == []
    assert "compliance/rules/demo/extra.rego" not in evaluating_server.store.modules


# -- rego unit tests --------------------------------------------------------------------------------

TEST_NAMES = ["test_fires", "test_quiet", "test_undefined", "test_false", "test_conflict", "test_missing"]


def check_test_outcomes(outcome: dict[tuple[str, str], str | None]) -> None:
    reasons = {name: outcome[(THING_TESTS, name)] for name in TEST_NAMES}
    assert reasons["test_fires"] is None
    assert reasons["test_quiet"] is None
    assert reasons["test_undefined"] == "undefined"
    assert reasons["test_false"] == "false"
    assert reasons["test_missing"] == "undefined"
    conflict = reasons["test_conflict"]
    assert conflict is not None
    assert conflict.startswith("error: rules/demo/thing_test.rego:")
    assert "multiple outputs" in conflict


def test_run_tests_on_the_embedded_engine() -> None:
    engine = EmbeddedEngine()
    check_test_outcomes(engine.run_tests(bundle(tests=True), [(THING_TESTS, n) for n in TEST_NAMES]))


def test_run_tests_on_the_opa_engine(opa_url: str) -> None:
    engine = OpaServerEngine(opa_url)
    check_test_outcomes(engine.run_tests(bundle(tests=True), [(THING_TESTS, n) for n in TEST_NAMES]))


# -- errors: one line, naming the file or the server ------------------------------------------------

BROKEN = PolicyModule("rules/demo/broken.rego", "package compliance.rules.demo.broken\ndeny contains 1 if {")
UNKNOWN_FUNCTION = PolicyModule(
    "rules/demo/unknown.rego",
    "package compliance.rules.demo.unknown\n\ndeny contains x if {\n\tx := data.nowhere.f(1)\n}\n",
)


def assert_one_line(error: pytest.ExceptionInfo[EngineError], *parts: str) -> str:
    message = str(error.value)
    assert "\n" not in message
    assert "Stack backtrace" not in message
    for part in parts:
        assert part in message
    return message


def test_embedded_parse_error_names_file_and_line() -> None:
    with pytest.raises(EngineError) as error:
        EmbeddedEngine().evaluate(bundle(BROKEN), INPUTS[0])
    assert_one_line(error, "rules/demo/broken.rego:2:")


def test_embedded_errors_carry_no_rust_backtrace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    with pytest.raises(EngineError) as error:
        EmbeddedEngine().evaluate(bundle(UNKNOWN_FUNCTION), INPUTS[0])
    assert_one_line(error, "rules/demo/unknown.rego:4:")


@pytest.mark.parametrize("module", [BROKEN, UNKNOWN_FUNCTION])
def test_opa_compile_error_names_file_and_line(opa_url: str, module: PolicyModule) -> None:
    with pytest.raises(EngineError) as error:
        OpaServerEngine(opa_url).evaluate(bundle(module), INPUTS[0])
    assert_one_line(error, opa_url.rstrip("/"), f"compiling {module.path}", f"{module.path}:")


def test_unreachable_server_is_named() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(EngineError) as error:
        OpaServerEngine(url, timeout=5).evaluate(bundle(), INPUTS[0])
    assert_one_line(error, url, "connection refused")


FAULTS = [
    (Fault.ERROR, "HTTP 500"),
    (Fault.MALFORMED, "not valid JSON"),
    (Fault.SLOW, "timeout"),
    (Fault.CLOSE, "closed the connection"),
]


@pytest.mark.parametrize(("fault", "expected"), FAULTS)
def test_server_fault_while_uploading(server: OpaTestServer, fault: Fault, expected: str) -> None:
    server.fault = fault
    with pytest.raises(EngineError) as error:
        OpaServerEngine(server.url, token=TOKEN, timeout=0.6).evaluate(bundle(), INPUTS[0])
    assert TOKEN not in assert_one_line(error, server.url, expected)


@pytest.mark.parametrize(("fault", "expected"), FAULTS)
def test_server_fault_while_querying(evaluating_server: OpaTestServer, fault: Fault, expected: str) -> None:
    engine = OpaServerEngine(evaluating_server.url, token=TOKEN, timeout=0.6)
    engine.evaluate(bundle(), INPUTS[0])
    evaluating_server.fault = fault
    with pytest.raises(EngineError) as error:
        engine.evaluate(bundle(), INPUTS[0])
    message = assert_one_line(error, evaluating_server.url, "querying data.compliance.main.findings")
    assert expected in message
    assert TOKEN not in message


def test_token_is_sent_as_bearer(evaluating_server: OpaTestServer) -> None:
    OpaServerEngine(evaluating_server.url, token=TOKEN).evaluate(bundle(), INPUTS[0])
    assert {seen.authorization for seen in evaluating_server.seen} == {f"Bearer {TOKEN}"}


@pytest.mark.parametrize("token", [None, WRONG_TOKEN])
def test_missing_or_wrong_token_is_refused_unshown(server: OpaTestServer, token: str | None) -> None:
    with pytest.raises(EngineError) as error:
        OpaServerEngine(server.url, token=token).evaluate(bundle(), INPUTS[0])
    message = assert_one_line(error, server.url, "HTTP 401", "check the token")
    assert TOKEN not in message
    assert WRONG_TOKEN not in message


# -- TLS ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return str(cert), str(key)


@pytest.fixture
def tls_server(certificate: tuple[str, str]) -> Iterator[OpaTestServer]:
    pytest.importorskip("opa_bindings", reason="the OPA test server evaluates with opa-golib-python-bindings")
    with OpaTestServer(tls=certificate) as running:
        yield running


def test_https_verifies_with_the_ca_file(tls_server: OpaTestServer, certificate: tuple[str, str]) -> None:
    assert OpaServerEngine(tls_server.url, ca_file=certificate[0]).evaluate(bundle(), INPUTS[0]) == []


def test_https_refuses_an_untrusted_certificate(tls_server: OpaTestServer) -> None:
    with pytest.raises(EngineError) as error:
        OpaServerEngine(tls_server.url).evaluate(bundle(), INPUTS[0])
    assert_one_line(error, tls_server.url, "TLS certificate not trusted")


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_insecure_skips_verification(tls_server: OpaTestServer) -> None:
    assert OpaServerEngine(tls_server.url, insecure=True).evaluate(bundle(), INPUTS[0]) == []


# -- URLs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("http://opa.internal:8181", ServerAddress("http", "opa.internal", 8181, "")),
    ("https://opa.example.com/", ServerAddress("https", "opa.example.com", 443, "")),
    ("http://opa.example.com", ServerAddress("http", "opa.example.com", 80, "")),
    ("https://[::1]:8443/opa/", ServerAddress("https", "[::1]", 8443, "/opa")),
])
def test_urls_are_taken_apart_for_the_client(url: str, expected: ServerAddress) -> None:
    assert ServerAddress.parse(url) == expected


@pytest.mark.parametrize("url", ["opa:8181", "ftp://opa", "http://user:pw@opa:8181", "http://opa:99999", "http://"])
def test_bad_urls_are_usage_errors(url: str) -> None:
    with pytest.raises(InputError):
        OpaServerEngine(url)


def test_module_imports_stay_light() -> None:
    """Importing the engine modules does not load regorus until the embedded engine is used."""
    code = "import sys, compliance.engine.embedded; print('regorus' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(REPO))
    assert result.stdout.strip() == "False", result.stderr
