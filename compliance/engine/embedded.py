"""The default engine: the bundle's Rego evaluated in-process by regorus (Microsoft's Rust engine).

regorus is imported on first use, after RUST_BACKTRACE is set to 0, so that importing this module
stays cheap and no Rust stack trace is ever appended to an error message.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

from compliance.engine.interface import (
    ENTRYPOINT,
    EngineError,
    Job,
    PolicyBundle,
    PolicyModule,
    RawFindings,
    Workers,
    bundle_key,
    to_json,
)

__all__ = ["EmbeddedEngine", "bundle_key", "findings_from_json", "findings_of", "one_line", "outcome_of_test",
           "regorus_message", "worker_main"]

# regorus' own limits (docs/ARCHITECTURE.md, engines); raised only for a bundle that exceeds them.
_MAX_COLUMNS = 1024
_MAX_LINES = 20_000
_MAX_FILE_BYTES = 1 << 20

_UNDEFINED = "<undefined>"  # what eval_rule_as_json returns for an undefined rule
_NOT_A_RULE = "not a valid rule path"  # regorus' error when nothing defines the rule
_LOCATION = re.compile(r"-->\s*(?P<where>\S+:\d+:\d+)")
_ERROR_LINE = re.compile(r"^error:\s*(?P<message>.+)$", re.MULTILINE)


def outcome_of_test(value: Any) -> str | None:
    """The verdict on a test rule's value, as `opa test` gives it: None when it is true, else why not."""
    if value is True:
        return None
    if value is False:
        return "false"
    return f"not true: {json.dumps(value, sort_keys=True)}"


def findings_of(value: Any, where: str) -> list[dict[str, Any]]:
    """Check that the entrypoint's value is a set (JSON list) of objects and return it."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise EngineError(f"{where}: {ENTRYPOINT} is not a set of objects: {json.dumps(value)[:200]}")
    return value


def findings_from_json(text: str) -> list[dict[str, Any]]:
    """The findings in regorus' JSON text of an entrypoint's value (undefined: none)."""
    value = json.loads(text)
    return [] if value == _UNDEFINED else findings_of(value, "embedded engine")


def one_line(message: str) -> str:
    """Collapse a multi-line engine message into one line, dropping any Rust stack backtrace."""
    message = message.split("Stack backtrace:", 1)[0]
    return " ".join(message.split())


def regorus_message(error: Exception) -> str:
    """regorus' error as `file:line:col: message`, else the message on one line."""
    text = str(error).split("Stack backtrace:", 1)[0]
    location, problem = _LOCATION.search(text), _ERROR_LINE.search(text)
    if location and problem:
        return f"{location.group('where')}: {problem.group('message').strip()}"
    return one_line(text) or type(error).__name__


def _regorus() -> Any:
    """Import regorus with Rust backtraces turned off (they would follow every error message)."""
    os.environ["RUST_BACKTRACE"] = "0"
    try:
        import regorus  # type: ignore[import-untyped,unused-ignore]
    except ImportError as error:
        raise EngineError(f"the embedded engine needs regorus (gordon-to-regorus): {error}") from None
    return regorus


class EmbeddedEngine:
    """Evaluates bundles in-process with regorus; the parsed bundle is reused across evaluations.

    regorus engines belong to the thread that made them: use (and drop) an EmbeddedEngine on one thread.
    """

    name = "embedded"

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers  # worker processes for a large run (None: COMPLIANCE_WORKERS, else one per CPU)
        self._key: str | None = None
        self._loaded: Any = None

    def evaluate(self, bundle: PolicyBundle, input_document: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Return the raw findings of ENTRYPOINT for input_document, or raise EngineError."""
        value = self.document(bundle, input_document, ENTRYPOINT)
        return [] if value is None else findings_of(value, "embedded engine")

    def document(self, bundle: PolicyBundle, input_document: Mapping[str, Any], path: str) -> Any:
        """The value of `path` (data.x.y) for input_document; None when undefined."""
        text = self.evaluate_json_text(bundle, to_json(dict(input_document), "the input document"), path)
        value = json.loads(text)
        return None if value == _UNDEFINED else value

    def evaluate_json(
        self, bundle: PolicyBundle, input_json: str, entrypoint: str = ENTRYPOINT
    ) -> list[dict[str, Any]]:
        """The raw findings of `entrypoint` for an input given as JSON text (large inputs are built as text)."""
        return findings_from_json(self.evaluate_json_text(bundle, input_json, entrypoint))

    def evaluate_json_text(self, bundle: PolicyBundle, input_json: str, path: str) -> str:
        """The value of `path` as regorus' JSON text, for an input given as JSON text."""
        engine = self._engine_for(bundle).clone()
        try:
            engine.set_input_json(input_json)
        except (RuntimeError, ValueError) as error:
            problem = one_line(str(error))
            raise EngineError(f"embedded engine: the input document is not valid JSON: {problem}") from None
        try:
            return _evaluate_raw(engine, path)
        except _Undefined:
            raise EngineError(f"embedded engine: the bundle does not define {path}") from None
        except _Failed as error:
            raise EngineError(f"embedded engine: evaluating {path}: {error}") from None

    def run_tests(
        self, bundle: PolicyBundle, tests: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], str | None]:
        """Evaluate each data.<package>.<test>: None when true, else "undefined", "false" or the error."""
        loaded = self._engine_for(bundle)
        return {(pkg, test): _run_test(loaded.clone(), f"data.{pkg}.{test}") for pkg, test in tests}

    def _engine_for(self, bundle: PolicyBundle) -> Any:
        """The regorus engine holding bundle, parsed once and kept while the same bundle is used."""
        if bundle.key != self._key:
            self._loaded, self._key = _load(bundle), bundle.key
        return self._loaded

    @contextlib.contextmanager
    def workers(self, bundle: PolicyBundle, jobs: int) -> Iterator[Workers]:
        """This engine, in-process, for few jobs; from POOL_MIN_CHUNKS jobs on, worker processes (as many
        as EngineOptions.workers, COMPLIANCE_WORKERS or the CPUs say), each with its own regorus engine.

        regorus holds the GIL while it evaluates, so threads alone would not help: each worker is a
        process. They are stopped when the context ends (killed when it ends by an error).
        """
        from compliance import engine as engines

        count = min(engines.worker_count(engines.EngineOptions(workers=self._workers)), jobs)
        if count <= 1 or jobs < engines.POOL_MIN_CHUNKS:
            yield Workers((lambda job: self.evaluate_json(bundle, job.input_json, job.entrypoint),))
            return
        spec = {"modules": [[module.path, module.source] for module in bundle.modules], "data": bundle.data}
        frame = to_json(spec, "the bundle").encode()
        processes: list[_Worker] = []
        try:
            processes = [_Worker(frame) for _ in range(count)]
            yield Workers(tuple(process.evaluate_job for process in processes))
        except BaseException:
            for process in processes:
                process.process.kill()
            raise
        finally:
            for process in processes:
                process.close()


class _Undefined(Exception):
    """Nothing in the bundle defines the rule asked for."""


class _Failed(Exception):
    """Evaluation raised an error; the message is regorus' `file:line:col: message`."""


_NO_VALUE = object()  # the rule exists but is undefined for this input


def _evaluate(engine: Any, rule: str) -> Any:
    """The rule's value; _NO_VALUE when undefined; _Undefined when no module defines it, else _Failed."""
    value = json.loads(_evaluate_raw(engine, rule))
    return _NO_VALUE if value == _UNDEFINED else value


def _evaluate_raw(engine: Any, rule: str) -> str:
    """The rule's value as regorus' JSON text (`"<undefined>"` when undefined); raises like _evaluate."""
    try:
        raw: str = engine.eval_rule_as_json(rule)
    except (RuntimeError, ValueError) as error:
        if one_line(str(error)) == _NOT_A_RULE:
            raise _Undefined(rule) from None
        raise _Failed(regorus_message(error)) from None
    return raw


def _run_test(engine: Any, rule: str) -> str | None:
    try:
        value = _evaluate(engine, rule)
    except _Undefined:
        return "undefined"
    except _Failed as error:
        return f"error: {error}"
    return "undefined" if value is _NO_VALUE else outcome_of_test(value)


def _load(bundle: PolicyBundle) -> Any:
    """A regorus engine with every module and the data of bundle; parse errors name file and line."""
    engine = _regorus().Engine()
    _raise_limits_if_needed(engine, bundle)
    for module in bundle.modules:
        try:
            engine.add_policy(module.path, module.source)
        except RuntimeError as error:
            problem = regorus_message(error)
            raise EngineError(f"embedded engine: cannot load {module.path}: {problem}") from None
    try:
        engine.add_data_json(to_json(bundle.data, "the bundle data"))
    except RuntimeError as error:
        raise EngineError(f"embedded engine: cannot load the bundle data: {regorus_message(error)}") from None
    _prepare(engine)
    return engine


_PREPARE_RULE = "data.compliance.__prepare__.nothing"  # a rule no bundle defines


def _prepare(engine: Any) -> None:
    """Let regorus prepare the loaded policies once, before the engine is cloned for each evaluation.

    regorus analyses the policies on an engine's first evaluation; a clone of an engine never
    evaluated repeats that analysis on every evaluation (measured: about 10 ms per call with the
    shipped rules, half the cost of a 1,000-dataset chunk of the dataset rules). Asking for a rule
    that does not exist triggers the analysis and evaluates nothing; any error is left for the
    real evaluation to report.
    """
    with contextlib.suppress(RuntimeError, ValueError):
        engine.eval_rule_as_json(_PREPARE_RULE)


def _raise_limits_if_needed(engine: Any, bundle: PolicyBundle) -> None:
    """regorus refuses long lines, long files and big files unless told otherwise."""
    sources = [module.source for module in bundle.modules]
    columns = max((len(line) for source in sources for line in source.splitlines()), default=0)
    lines = max((source.count("\n") + 1 for source in sources), default=0)
    size = max((len(source.encode()) for source in sources), default=0)
    if columns > _MAX_COLUMNS or lines > _MAX_LINES or size > _MAX_FILE_BYTES:
        engine.set_policy_length_config(
            max_col=max(columns + 1, _MAX_COLUMNS),
            max_file_bytes=max(size + 1, _MAX_FILE_BYTES),
            max_lines=max(lines + 1, _MAX_LINES),
        )


# -- worker processes -----------------------------------------------------------------------------
#
# Plain subprocesses speaking length-prefixed frames on stdin/stdout, not multiprocessing: its
# "spawn" start re-runs the caller's __main__ module in every worker, which breaks any script that
# calls the runner without an `if __name__ == "__main__"` guard, and "fork" would copy a parent
# holding Arrow thread pools. A worker reads the bundle (JSON), then answers one request at a time:
# request `<entrypoint>\n<input JSON>`, reply `1<value JSON>` or `0<error message>`.

_FRAME = 8  # bytes of the big-endian length before each frame


def _send(stream: IO[bytes], body: bytes) -> None:
    stream.write(len(body).to_bytes(_FRAME, "big") + body)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    """The next frame; None at the end of the stream."""
    header = stream.read(_FRAME)
    if len(header) < _FRAME:
        return None
    body = stream.read(int.from_bytes(header, "big"))
    return body


def worker_main() -> None:
    """A worker process: load the bundle sent first, then evaluate each request until stdin closes."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    spec = json.loads(_receive(source) or b"{}")
    bundle = PolicyBundle(tuple(PolicyModule(path, text) for path, text in spec.get("modules", [])),
                          spec.get("data", {}))
    engine = EmbeddedEngine()  # made, used and freed on this process's one thread
    while (request := _receive(source)) is not None:
        entrypoint, _, input_json = request.partition(b"\n")
        try:
            reply = b"1" + engine.evaluate_json_text(bundle, input_json.decode(), entrypoint.decode()).encode()
        except EngineError as error:
            reply = b"0" + error.format_message().encode()
        _send(sink, reply)


class _Worker:
    """One worker process holding the bundle in its own regorus engine."""

    def __init__(self, bundle_frame: bytes) -> None:
        env = dict(os.environ)
        # The parent's import path (which may have been extended at run time), so the worker finds
        # this package wherever the parent found it.
        env["PYTHONPATH"] = os.pathsep.join(entry for entry in sys.path if entry and os.path.isdir(entry))
        env["RUST_BACKTRACE"] = "0"
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from compliance.engine.embedded import worker_main; worker_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )
        self._send(bundle_frame)

    def _send(self, body: bytes) -> None:
        assert self.process.stdin is not None
        try:
            _send(self.process.stdin, body)
        except (BrokenPipeError, OSError):
            raise self._died() from None

    def evaluate(self, entrypoint: str, input_json: str) -> str:
        """The entrypoint's value as regorus' JSON text; EngineError when it fails or the worker dies."""
        self._send(entrypoint.encode() + b"\n" + input_json.encode())
        assert self.process.stdout is not None
        reply = _receive(self.process.stdout)
        if not reply:
            raise self._died()
        if reply[:1] != b"1":
            raise EngineError(reply[1:].decode(errors="replace"))
        return reply[1:].decode()

    def evaluate_job(self, job: Job) -> RawFindings:
        return findings_from_json(self.evaluate(job.entrypoint, job.input_json))

    def _died(self) -> EngineError:
        code = self.process.poll()
        return EngineError(f"embedded engine: a worker process died (exit code {code}; out of memory?)")

    def close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
