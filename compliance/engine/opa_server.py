"""The `opa` engine: the bundle pushed to, and evaluated by, an OPA server through opa-python-client.

Each module is stored on the server as policy `compliance/<module path>`; each key K of the bundle's
`data.compliance` is written to `data.compliance.K` (never to `data.compliance` itself, which would
collide with the policy packages). Modules under the `compliance/` prefix that are no longer in the
bundle are deleted, so a server shared by successive runs never keeps a removed rule. Base data is
replaced key by key; keys a previous run wrote and this bundle lacks are left as they were.

A server fed by `compliance bundle` (an OPA replica configured with the bundle) holds the bundle's
key in `data.compliance.revision`; when it equals this engine's, nothing is uploaded (OPA refuses
REST writes under a bundle's roots anyway). `workers` spreads the chunks of one run over several
servers (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import ssl
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3
from opa_client import OpaClient  # type: ignore[import-untyped,unused-ignore]
from opa_client.errors import PolicyNotFoundError, RegoParseError  # type: ignore[import-untyped,unused-ignore]

from compliance.engine.embedded import findings_of, one_line, outcome_of_test
from compliance.engine.interface import ENTRYPOINT, EngineError, Job, PolicyBundle, RawFindings, Workers
from compliance.errors import InputError

POLICY_PREFIX = "compliance/"
REVISION_PATH = "compliance/revision"  # data.compliance.revision: set by `compliance bundle` (commands/bundle.py)
_POLICY_FILE = re.compile(rf"\b{re.escape(POLICY_PREFIX)}(?=\S+?\.rego\b)")
_TIMEOUTS = (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)
_MAX_ERRORS_SHOWN = 5
T = TypeVar("T")


@dataclass(frozen=True)
class ServerAddress:
    """An OPA server URL taken apart for opa-python-client, which wants host and port, not a URL."""

    scheme: str
    host: str  # IPv6 addresses keep their brackets
    port: int
    prefix: str  # path before /v1 when OPA sits behind a reverse proxy; "" usually

    @property
    def url(self) -> str:
        """The URL as shown in messages (never holds credentials)."""
        return f"{self.scheme}://{self.host}:{self.port}{self.prefix}"

    @staticmethod
    def parse(url: str) -> ServerAddress:
        """Parse http(s)://host[:port][/prefix]; the port defaults to the scheme's (80 or 443)."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as error:
            raise InputError(f"--opa-url {url!r} is not a valid URL: {error}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"--opa-url {url!r} must look like http(s)://host:port")
        if parts.username or parts.password:
            raise InputError("--opa-url must not hold credentials; pass a bearer token instead")
        if parts.query or parts.fragment:
            raise InputError(f"--opa-url {url!r} must not have a query or fragment")
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        default_port = 443 if parts.scheme == "https" else 80
        return ServerAddress(parts.scheme, host, port or default_port, parts.path.rstrip("/"))


class OpaServerEngine:
    """Evaluates bundles on an OPA server; a bundle is uploaded once per engine, then only queried.

    One engine serves one thread at a time (it remembers the status of the last response).
    """

    name = "opa"

    def __init__(self, url: str, token: str | None = None, ca_file: str | None = None,
                 insecure: bool = False, timeout: float = 30.0, fleet: Sequence[str] = ()) -> None:
        self._address = ServerAddress.parse(url)
        self._fleet = tuple(fleet)  # the other servers a run's chunks are spread over (--opa-url again)
        self._token = token
        self._ca_file = ca_file
        self._insecure = insecure
        self._timeout = timeout
        self._client: Any = None
        self._last_status: int | None = None
        self._uploaded: str | None = None

    def evaluate(self, bundle: PolicyBundle, input_document: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Return the raw findings of ENTRYPOINT for input_document, or raise EngineError."""
        value = self.document(bundle, input_document, ENTRYPOINT)
        return findings_of([] if value is None else value, f"OPA server {self._address.url}")

    def document(self, bundle: PolicyBundle, input_document: Mapping[str, Any], path: str) -> Any:
        """The value of `path` (data.x.y) for input_document; None when undefined."""
        self._upload(bundle)
        package, rule = path.removeprefix("data.").rsplit(".", 1)
        query = partial(self._opa().query_rule, dict(input_document), package, rule)
        body = self._call(f"querying {path}", query)
        if not isinstance(body, dict):
            raise self._error(f"querying {path}", "the response is not a JSON object")
        return body.get("result")

    def evaluate_json(
        self, bundle: PolicyBundle, input_json: str, entrypoint: str = ENTRYPOINT
    ) -> list[dict[str, Any]]:
        """The raw findings of `entrypoint` for an input given as JSON text, posted as it is."""
        self._upload(bundle)
        client = self._opa()
        url = f"{client.root_url}/data/{entrypoint.removeprefix('data.').replace('.', '/')}"
        body = b'{"input":' + input_json.encode("utf-8") + b"}"

        def post() -> Any:
            response = client._session.post(url, data=body, headers={"Content-Type": "application/json"},
                                            timeout=self._timeout)
            response.raise_for_status()
            return response.json()

        answer = self._call(f"querying {entrypoint}", post)
        if not isinstance(answer, dict):
            raise self._error(f"querying {entrypoint}", "the response is not a JSON object")
        value = answer.get("result")
        return findings_of([] if value is None else value, f"OPA server {self._address.url}")

    @property
    def url(self) -> str:
        return self._address.url

    @contextlib.contextmanager
    def workers(self, bundle: PolicyBundle, jobs: int) -> Iterator[Workers]:
        """This server and every other --opa-url, one engine each (an engine serves one thread at a
        time). A server that fails a job is dropped for the rest of the run and its job goes to
        another; when every server has failed, one error names them all."""
        engines = [self, *(self._sibling(url) for url in self._fleet)]

        def all_failed(failures: Mapping[int, str]) -> EngineError:
            servers = ", ".join(dict.fromkeys(engine.url for engine in engines))
            reasons = "; ".join(dict.fromkeys(failures.values()))
            return EngineError(f"every OPA server failed ({servers}): {reasons}")

        yield Workers(tuple(partial(_evaluate_job, engine, bundle) for engine in engines), all_failed)

    def _sibling(self, url: str) -> OpaServerEngine:
        """An engine for another server, with this one's token and TLS settings."""
        return OpaServerEngine(url, token=self._token, ca_file=self._ca_file, insecure=self._insecure,
                               timeout=self._timeout)

    def run_tests(
        self, bundle: PolicyBundle, tests: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], str | None]:
        """Evaluate each data.<package>.<test> on the server: None when true, else why not."""
        self._upload(bundle)
        return {(package, test): self._run_test(package, test) for package, test in tests}

    # -- uploading ----------------------------------------------------------------------------------

    def _upload(self, bundle: PolicyBundle) -> None:
        """Put the bundle's modules and data on the server, unless this engine already did, or the
        server already holds them: a replica fed by `compliance bundle` says so in data.compliance.revision.
        """
        key = bundle.key
        if key == self._uploaded:
            return
        self._uploaded = None
        if self._server_revision() == key:
            self._uploaded = key
            return
        sources = {policy_id(module.path): module.source for module in bundle.modules}
        stale = [pid for pid in self._policy_ids() if pid.startswith(POLICY_PREFIX) and pid not in sources]
        # Stale modules go first where they can (they might clash with new ones), the rest at the end.
        leftover = [pid for pid, _ in _until_stuck(stale, self._delete_policy)]
        self._put_data(bundle.data)
        refused = _until_stuck(list(sources), lambda policy: self._put_policy(policy, sources[policy]))
        self._raise_refused("compiling", refused)
        self._raise_refused("deleting stale", _until_stuck(leftover, self._delete_policy))
        self._uploaded = key

    def _server_revision(self) -> Any:
        """data.compliance.revision on the server (None when undefined): the bundle_key of a bundle it was fed."""
        client = self._opa()

        def get() -> Any:
            response = client._session.get(f"{client.root_url}/data/{REVISION_PATH}", timeout=self._timeout)
            response.raise_for_status()
            return response.json()

        body = self._call("reading data.compliance.revision", get)
        return body.get("result") if isinstance(body, dict) else None

    def _policy_ids(self) -> list[str]:
        ids = self._call("listing policies", lambda: self._opa().get_policies_list())
        return [str(pid) for pid in ids]

    def _put_policy(self, policy: str, source: str) -> Exception | None:
        """Upload one module; OPA's refusal (a compile error) is returned, other failures raise."""
        upload = partial(self._opa().update_policy_from_string, source, endpoint=policy, rego_compat=False)
        try:
            self._call(f"uploading {module_path(policy)}", upload)
        except EngineError as error:
            cause = error.__cause__
            if isinstance(cause, Exception) and _is_compile_error(cause):
                return cause
            raise
        return None

    def _delete_policy(self, policy: str) -> Exception | None:
        """Delete one module; OPA's refusal (others still need it) is returned, other failures raise."""
        try:
            self._call(f"deleting stale {module_path(policy)}", partial(self._opa().delete_policy, policy))
        except EngineError as error:
            if self._last_status == 400 and isinstance(error.__cause__, Exception):
                return error.__cause__
            raise
        return None

    def _put_data(self, data: Mapping[str, Any]) -> None:
        """Write each key of data.compliance (and any other top-level key) as its own document."""
        for path, value in data_documents(data):
            action = f"writing data.{path.replace('/', '.')}"
            if not isinstance(value, dict):
                raise self._error(action, "opa-python-client can only write objects")
            self._call(action, partial(self._opa().update_or_create_data, value, path))

    def _raise_refused(self, action: str, refused: list[tuple[str, Exception]]) -> None:
        """One line naming the module OPA refused and OPA's file:line messages; parse errors first."""
        if not refused:
            return
        refused.sort(key=lambda failure: "rego_parse_error" not in str(getattr(failure[1], "errors", "")))
        first, error = refused[0]
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        raise self._error(f"{action} {module_path(first)}{more}", self._describe(error))

    # -- testing ------------------------------------------------------------------------------------

    def _run_test(self, package: str, test: str) -> str | None:
        """None when data.<package>.<test> is true; "undefined", "false" or the error otherwise."""
        self._last_status = None
        try:
            body = self._opa().get_data(f"{package}.{test}".replace(".", "/"))
        except Exception as error:
            return self._test_failure(package, test, error)
        return outcome_of_test(body.get("result")) if isinstance(body, dict) else "not true: not an object"

    def _test_failure(self, package: str, test: str, error: Exception) -> str:
        """A test that was undefined or raised an error; transport and auth problems raise EngineError."""
        message = getattr(error, "message", None)
        if self._last_status == 200 and isinstance(error, PolicyNotFoundError):
            return "undefined"
        if self._last_status == 500 and isinstance(message, str):
            return f"error: {self._scrub(one_line(_POLICY_FILE.sub('', message)))}"
        raise self._error(f"running {package}.{test}", self._describe(error)) from error

    # -- the client, and errors ---------------------------------------------------------------------

    def _opa(self) -> Any:
        """The opa-python-client instance, made on first use."""
        if self._client is None:
            self._client = self._new_client()
        return self._client

    def _new_client(self) -> Any:
        address = self._address
        https = address.scheme == "https"
        client = OpaClient(host=address.host, port=address.port, ssl=https, token=self._token,
                           timeout=self._timeout)
        if address.prefix:
            client.root_url = f"{address.url}/{client.version}"
        # opa-python-client takes no CA bundle and no "insecure": both go on its requests session,
        # as does the hook that remembers each response's status code.
        if https and (self._insecure or self._ca_file):
            pin_verification(client._session, False if self._insecure else str(self._ca_file))
        client._session.hooks["response"].append(self._remember_status)
        return client

    def _remember_status(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._last_status = response.status_code

    def _call(self, action: str, call: Callable[[], T]) -> T:
        """Run one client call; any failure becomes an EngineError naming the server and the action."""
        self._last_status = None
        try:
            return call()
        except Exception as error:
            raise self._error(action, self._describe(error)) from error

    def _error(self, action: str, what: str) -> EngineError:
        return EngineError(self._scrub(one_line(f"OPA server {self._address.url}: {action}: {what}")))

    def _scrub(self, text: str) -> str:
        """Never show the token, whatever a server or library echoes back."""
        return text.replace(self._token, "***") if self._token else text

    def _describe(self, error: Exception) -> str:
        """What went wrong, in a few words."""
        status = self._last_status
        if isinstance(error, RegoParseError):
            return describe_opa_error(status, error.expression, error.message, error.errors)
        if isinstance(error, requests.exceptions.HTTPError) and error.response is not None:
            return describe_http_error(error.response)
        if _is_json_error(error):
            if status and status >= 400:
                return f"HTTP {status} with a body that is not JSON"
            return "the response is not valid JSON"
        if isinstance(error, requests.exceptions.RequestException | OSError):
            return describe_transport_error(error, self._timeout)
        message = getattr(error, "message", None)
        if isinstance(message, str) and status:
            return f"HTTP {status}: {message}"
        return f"{type(error).__name__}: {error}"


def _evaluate_job(engine: OpaServerEngine, bundle: PolicyBundle, job: Job) -> RawFindings:
    return engine.evaluate_json(bundle, job.input_json, job.entrypoint)


# -- helpers without state ------------------------------------------------------------------------


def policy_id(path: str) -> str:
    """The server-side id of a module: stable, and under a prefix this engine owns."""
    return POLICY_PREFIX + path.replace("\\", "/").lstrip("/")


def module_path(policy: str) -> str:
    """The module path of a server-side policy id (the inverse of policy_id)."""
    return policy.removeprefix(POLICY_PREFIX)


def data_documents(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(data path, value) to write: compliance/K for each key K of data["compliance"], else K."""
    documents: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key == "compliance" and isinstance(value, Mapping):
            documents.extend((f"compliance/{sub}", sub_value) for sub, sub_value in value.items())
        else:
            documents.append((key, value))
    return documents


def pin_verification(session: requests.Session, verify: bool | str) -> None:
    """Make session verify TLS with `verify` (a CA bundle path, or False) on every request.

    Setting session.verify is not enough: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE from
    the environment override it, so the choice is re-applied after the environment is merged.
    """
    merge = session.merge_environment_settings

    def merged(url: Any, proxies: Any, stream: Any, _verify: Any, cert: Any) -> dict[str, Any]:
        settings = merge(url, proxies, stream, verify, cert)
        settings["verify"] = verify
        return settings

    session.verify = verify
    session.merge_environment_settings = merged  # type: ignore[method-assign,assignment]


def describe_opa_error(status: int | None, code: Any, message: Any, errors: Any) -> str:
    """OPA's error body: compile errors as `file:row:col: code: message`, else status and message."""
    details = [_format_opa_detail(error) for error in errors or [] if isinstance(error, dict)]
    if details:
        more = len(details) - _MAX_ERRORS_SHOWN
        return "; ".join(details[:_MAX_ERRORS_SHOWN]) + (f"; and {more} more" if more > 0 else "")
    message = _POLICY_FILE.sub("", message) if isinstance(message, str) else message
    prefix = f"HTTP {status}" if status else "error"
    hint = " (check the token)" if status in (401, 403) else ""
    return f"{prefix}{hint}: {code}: {message}" if code else f"{prefix}{hint}: {message}"


def _format_opa_detail(error: dict[str, Any]) -> str:
    location = error.get("location") or {}
    where = module_path(str(location.get("file", "")))
    if where and location.get("row"):
        where += f":{location['row']}" + (f":{location['col']}" if location.get("col") else "")
    text = f"{error.get('code', 'error')}: {error.get('message', '')}"
    return f"{where}: {text}" if where else text


def describe_http_error(response: requests.Response) -> str:
    """HTTP status and, when the body is OPA's JSON error, its code and message."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and ("code" in body or "message" in body):
        code, message, errors = body.get("code"), body.get("message"), body.get("errors")
        return describe_opa_error(response.status_code, code, message, errors)
    return f"HTTP {response.status_code} {response.reason or ''}".rstrip()


def describe_transport_error(error: BaseException, timeout: float) -> str:
    """Connection refused, unknown host, TLS failure, timeout, closed connection: said plainly."""
    causes = list(_causes(error))
    if _any(causes, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if _any(causes, urllib3.exceptions.NameResolutionError):
        return "host name could not be resolved"
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate not trusted: {cause.verify_message or cause.reason}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {cause.reason or cause}"
    # urllib3's NewConnectionError subclasses its ConnectTimeoutError: a failed connect is no timeout.
    if _any(causes, _TIMEOUTS) and not _any(causes, urllib3.exceptions.NewConnectionError):
        return f"no answer within {timeout:g} s (timeout)"
    if _any(causes, (http.client.RemoteDisconnected, ConnectionResetError, urllib3.exceptions.ProtocolError)):
        return "the server closed the connection without answering"
    reasons = [cause.strerror for cause in causes if isinstance(cause, OSError) and cause.strerror]
    return f"could not connect: {reasons[-1]}" if reasons else f"could not connect: {type(error).__name__}"


def _any(causes: list[BaseException], kinds: type[BaseException] | tuple[type[BaseException], ...]) -> bool:
    return any(isinstance(cause, kinds) for cause in causes)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """error, the exceptions it wraps (args, reason, cause, context) and theirs, each once."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        pending.extend(item for item in linked if isinstance(item, BaseException))


def _is_compile_error(error: Exception) -> bool:
    """OPA refused a module: its error body lists compile errors."""
    return isinstance(error, RegoParseError) and bool(error.errors)


def _is_json_error(error: BaseException) -> bool:
    return isinstance(error, json.JSONDecodeError | requests.exceptions.JSONDecodeError)


def _until_stuck(
    policies: list[str], action: Callable[[str], Exception | None]
) -> list[tuple[str, Exception]]:
    """Apply action to every policy, retrying the refused ones while each round makes progress.

    OPA compiles each module it is sent against those already there, so a module calling a function
    from one not yet uploaded is refused at first and accepted on a later round (deletions likewise).
    Returns the policies still refused, with OPA's reason; failures other than refusals raise.
    """
    pending: list[str] = list(policies)
    refused: list[tuple[str, Exception]] = []
    while pending:
        refused = [(pid, reason) for pid in pending if (reason := action(pid)) is not None]
        if len(refused) == len(pending):
            break
        pending = [pid for pid, _ in refused]
    return refused
