"""A TEST server that speaks the subset of OPA's REST API used by `opa-python-client`.

This is not OPA and not a replacement for one: it exists so the `opa` engine can be tested on
machines where no OPA binary can be installed. Policies are compiled and evaluated by real OPA's
Go evaluator in-process (`opa_bindings`, from the opa-golib-python-bindings package), so results
and compile errors are OPA's own; the HTTP layer around it is a small imitation. When the
environment variable OPA_URL names a real server, the tests use that instead.

Implemented: GET /health; GET /v1/policies; GET, PUT and DELETE /v1/policies/<id>;
PUT, DELETE, GET and POST /v1/data/<path>; an optional bearer token (401 when missing or wrong);
TLS with a given certificate; and fault injection (`fault`) for testing how a client copes with a
broken server.
"""

from __future__ import annotations

import json
import re
import ssl
import sys
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, cast

_COMPILE_ERROR = re.compile(r"(?P<file>\S+?):(?P<row>\d+): (?P<code>rego_[a-z_]+): (?P<message>.*)")
_NO_BODY = object()


class Fault(StrEnum):
    """What the server does instead of answering, while `OpaTestServer.fault` is set."""

    ERROR = "error"  # HTTP 500 with an OPA-style JSON error body
    SLOW = "slow"  # sleep `fault_delay` seconds, then answer normally
    MALFORMED = "malformed"  # HTTP 200 whose body is not JSON
    CLOSE = "close"  # close the connection without answering


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server received it, for tests to inspect."""

    method: str
    path: str
    authorization: str | None


class HttpProblem(Exception):
    """An OPA-style error response: status code and JSON body."""

    def __init__(self, status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"code": code, "message": message}
        if errors:
            self.body["errors"] = errors


def compile_errors(message: str) -> list[dict[str, Any]]:
    """OPA's `file:row: code: message` lines turned into the `errors` list of its REST API."""
    return [
        {
            "code": match["code"],
            "message": match["message"].strip(),
            "location": {"file": match["file"], "row": int(match["row"])},
        }
        for match in _COMPILE_ERROR.finditer(message)
    ]


class PolicyStore:
    """Modules and base data, and the real-OPA engine built from them (rebuilt on every change)."""

    def __init__(self) -> None:
        self.modules: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self._engine: Any = None
        self._lock = threading.RLock()

    def put_policy(self, policy_id: str, source: str) -> None:
        """Add or replace a module; a module that does not compile with the rest is refused (400)."""
        with self._lock:
            self._replace({**self.modules, policy_id: source}, self.data)

    def delete_policy(self, policy_id: str) -> None:
        """Remove a module; refused (400) when the remaining modules no longer compile."""
        with self._lock:
            if policy_id not in self.modules:
                raise _policy_not_found(policy_id)
            self._replace({key: src for key, src in self.modules.items() if key != policy_id}, self.data)

    def put_data(self, path: list[str], value: Any) -> None:
        """Create or replace the base document at path (parents are created)."""
        with self._lock:
            data = json.loads(json.dumps(self.data))
            if not path:
                if not isinstance(value, dict):
                    raise HttpProblem(400, "invalid_parameter", "the root document must be an object")
                data = value
            else:
                parent = _parent(data, path, create=True)
                assert parent is not None  # create=True always finds or makes one
                parent[path[-1]] = value
            self._replace(self.modules, data)

    def delete_data(self, path: list[str]) -> None:
        """Remove the base document at path."""
        with self._lock:
            data = json.loads(json.dumps(self.data))
            parent = _parent(data, path, create=False) if path else None
            if parent is None or path[-1] not in parent:
                raise HttpProblem(404, "resource_not_found", f"storage_not_found_error: /{'/'.join(path)}")
            del parent[path[-1]]
            self._replace(self.modules, data)

    def evaluate(self, path: list[str], input_document: Any) -> tuple[bool, Any]:
        """(defined, value) of data.<path> for the input (None: no input); eval errors give 500."""
        from opa_bindings import OpaError, OpaUndefinedError  # type: ignore[import-untyped,unused-ignore]

        with self._lock:
            engine = self._engine or self._build(self.modules, self.data)
            self._engine = engine
            try:
                return True, engine.eval_document(".".join(path), input=input_document)
            except OpaUndefinedError:
                return False, None
            except OpaError as error:
                raise HttpProblem(500, "internal_error", error.message) from None

    def close(self) -> None:
        """Release the real-OPA engine."""
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None

    def _replace(self, modules: dict[str, str], data: dict[str, Any]) -> None:
        engine = self._build(modules, data)
        self.close()
        self.modules, self.data, self._engine = modules, data, engine

    @staticmethod
    def _build(modules: dict[str, str], data: dict[str, Any]) -> Any:
        """A fresh real-OPA engine holding modules and data, compiled now so errors surface here."""
        from opa_bindings import OpaEngine, OpaError

        engine = OpaEngine()
        try:
            for policy_id, source in modules.items():
                engine.add_policy(policy_id, source)
            engine.add_data(data)
            engine.eval_query("true")
        except OpaError as error:
            engine.close()
            errors = compile_errors(error.message)
            raise HttpProblem(
                400, "invalid_parameter", "error(s) occurred while compiling module(s)",
                errors or [{"code": error.code, "message": error.message}],
            ) from None
        return engine


def _policy_not_found(policy_id: str) -> HttpProblem:
    return HttpProblem(404, "resource_not_found", f"storage_not_found_error: policy id {policy_id!r}")


def _parent(data: dict[str, Any], path: list[str], create: bool) -> dict[str, Any] | None:
    node = data
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            if not create:
                return None
            child = node[key] = {}
        node = child
    return node


class OpaTestServer:
    """The test server: `with OpaTestServer(token=...) as server: OpaServerEngine(server.url, ...)`.

    Binds 127.0.0.1 on a free port and serves from a background thread, over TLS when given
    `tls=(certificate file, key file)`. Set `fault` to make every following request fail in that way;
    `seen` records every request (method, path, Authorization header).
    """

    def __init__(self, token: str | None = None, fault_delay: float = 2.0,
                 tls: tuple[str, str] | None = None) -> None:
        self.token = token
        self.fault: Fault | None = None
        self.fault_delay = fault_delay
        self.tls = tls
        self.seen: list[SeenRequest] = []
        self.store = PolicyStore()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the running server, e.g. http://127.0.0.1:40123."""
        if self._httpd is None:
            raise RuntimeError("the OPA test server is not running")
        host, port = self._httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host!s}:{port}"

    def start(self) -> OpaTestServer:
        """Listen on a free port of 127.0.0.1 and serve in a daemon thread."""
        httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        cast(Any, httpd).test_server = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port and the engine."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.store.close()

    def __enter__(self) -> OpaTestServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


class _QuietServer(ThreadingHTTPServer):
    """Serves each request in a daemon thread; clients hanging up (as fault tests make them) is not news."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Routes one request to the PolicyStore, or applies the server's fault."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest output stays readable."""

    @property
    def test_server(self) -> OpaTestServer:
        return cast(OpaTestServer, cast(Any, self.server).test_server)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        server = self.test_server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server.seen.append(SeenRequest(method, self.path, self.headers.get("Authorization")))
        if server.fault is not None and self._apply_fault(server.fault, server.fault_delay):
            return
        try:
            self._authorize(server.token)
            status, payload = self._route(method, self.path.split("?", 1)[0], body)
        except HttpProblem as problem:
            status, payload = problem.status, problem.body
        self._send(status, payload)

    def _apply_fault(self, fault: Fault, delay: float) -> bool:
        """Act out the fault; True when the request has been dealt with."""
        if fault is Fault.SLOW:
            time.sleep(delay)
            return False
        if fault is Fault.ERROR:
            self._send(500, {"code": "internal_error", "message": "fault injected by the OPA test server"})
        elif fault is Fault.MALFORMED:
            self._send_raw(200, b'{"result": [ this is not JSON')
        else:
            self.close_connection = True
        return True

    def _authorize(self, token: str | None) -> None:
        if token is not None and self.headers.get("Authorization") != f"Bearer {token}":
            raise HttpProblem(401, "unauthorized", "missing or invalid bearer token")

    def _route(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        store = self.test_server.store
        if path == "/health" and method == "GET":
            return 200, {}
        if path.rstrip("/") == "/v1/policies" and method == "GET":
            return 200, {"result": [{"id": key, "raw": src} for key, src in sorted(store.modules.items())]}
        if path.startswith("/v1/policies/"):
            return self._policy(method, path.removeprefix("/v1/policies/"), body)
        if path == "/v1/data" or path.startswith("/v1/data/"):
            segments = [segment for segment in path.removeprefix("/v1/data").split("/") if segment]
            return self._data(method, segments, body)
        raise HttpProblem(404, "resource_not_found", f"{method} {path} is not served by the OPA test server")

    def _policy(self, method: str, policy_id: str, body: bytes) -> tuple[int, Any]:
        store = self.test_server.store
        if method == "PUT":
            store.put_policy(policy_id, body.decode("utf-8"))
            return 200, {}
        if method == "DELETE":
            store.delete_policy(policy_id)
            return 200, {}
        if method == "GET" and policy_id in store.modules:
            return 200, {"result": {"id": policy_id, "raw": store.modules[policy_id]}}
        raise _policy_not_found(policy_id)

    def _data(self, method: str, path: list[str], body: bytes) -> tuple[int, Any]:
        store = self.test_server.store
        if method == "PUT":
            store.put_data(path, _json_body(body))
            return 204, _NO_BODY
        if method == "DELETE":
            store.delete_data(path)
            return 204, _NO_BODY
        request = _json_body(body) if method == "POST" and body else {}
        if not isinstance(request, dict):
            raise HttpProblem(400, "invalid_parameter", "the request body must be an object")
        defined, value = store.evaluate(path, request.get("input"))
        return 200, ({"result": value} if defined else {})

    def _send(self, status: int, payload: Any) -> None:
        if payload is _NO_BODY:
            self._send_raw(status, b"")
        else:
            self._send_raw(status, json.dumps(payload).encode())

    def _send_raw(self, status: int, body: bytes) -> None:
        self.send_response(status)
        if body:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _json_body(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError as error:
        raise HttpProblem(400, "invalid_parameter", f"body is not JSON: {error}") from None
