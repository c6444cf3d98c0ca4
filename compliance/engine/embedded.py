"""The default engine: the bundle's Rego evaluated in-process by regorus (Microsoft's Rust engine).

regorus is imported on first use, after RUST_BACKTRACE is set to 0, so that importing this module
stays cheap and no Rust stack trace is ever appended to an error message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from compliance.engine.interface import ENTRYPOINT, EngineError, PolicyBundle

# regorus' own limits (ENGINES.md); raised only for a bundle that exceeds them.
_MAX_COLUMNS = 1024
_MAX_LINES = 20_000
_MAX_FILE_BYTES = 1 << 20

_UNDEFINED = "<undefined>"  # what eval_rule_as_json returns for an undefined rule
_NOT_A_RULE = "not a valid rule path"  # regorus' error when nothing defines the rule
_LOCATION = re.compile(r"-->\s*(?P<where>\S+:\d+:\d+)")
_ERROR_LINE = re.compile(r"^error:\s*(?P<message>.+)$", re.MULTILINE)


def bundle_key(bundle: PolicyBundle) -> str:
    """sha256 over every module (tests included) and the data: what a loaded engine is cached by."""
    hasher = hashlib.sha256()
    for module in bundle.modules:
        hasher.update(module.path.encode() + b"\0" + module.source.encode() + b"\0")
    hasher.update(_to_json(bundle.data, "the bundle data").encode())
    return hasher.hexdigest()


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


def _to_json(value: Any, what: str) -> str:
    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise EngineError(f"{what} cannot be passed to the policy engine: {error}") from None


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

    def __init__(self) -> None:
        self._key: str | None = None
        self._loaded: Any = None

    def evaluate(self, bundle: PolicyBundle, input_document: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Return the raw findings of ENTRYPOINT for input_document, or raise EngineError."""
        value = self.document(bundle, input_document, ENTRYPOINT)
        return [] if value is None else findings_of(value, "embedded engine")

    def document(self, bundle: PolicyBundle, input_document: Mapping[str, Any], path: str) -> Any:
        """The value of `path` (data.x.y) for input_document; None when undefined."""
        engine = self._engine_for(bundle).clone()
        engine.set_input_json(_to_json(input_document, "the input document"))
        try:
            value = _evaluate(engine, path)
        except _Undefined:
            raise EngineError(f"embedded engine: the bundle does not define {path}") from None
        except _Failed as error:
            raise EngineError(f"embedded engine: evaluating {path}: {error}") from None
        return None if value is _NO_VALUE else value

    def run_tests(
        self, bundle: PolicyBundle, tests: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], str | None]:
        """Evaluate each data.<package>.<test>: None when true, else "undefined", "false" or the error."""
        loaded = self._engine_for(bundle)
        return {(pkg, test): _run_test(loaded.clone(), f"data.{pkg}.{test}") for pkg, test in tests}

    def _engine_for(self, bundle: PolicyBundle) -> Any:
        """The regorus engine holding bundle, parsed once and kept while the same bundle is used."""
        key = bundle_key(bundle)
        if key != self._key:
            self._loaded, self._key = _load(bundle), key
        return self._loaded


class _Undefined(Exception):
    """Nothing in the bundle defines the rule asked for."""


class _Failed(Exception):
    """Evaluation raised an error; the message is regorus' `file:line:col: message`."""


_NO_VALUE = object()  # the rule exists but is undefined for this input


def _evaluate(engine: Any, rule: str) -> Any:
    """The rule's value; _NO_VALUE when undefined; _Undefined when no module defines it, else _Failed."""
    try:
        raw = engine.eval_rule_as_json(rule)
    except (RuntimeError, ValueError) as error:
        if one_line(str(error)) == _NOT_A_RULE:
            raise _Undefined(rule) from None
        raise _Failed(regorus_message(error)) from None
    value = json.loads(raw)
    return _NO_VALUE if value == _UNDEFINED else value


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
        engine.add_data_json(_to_json(bundle.data, "the bundle data"))
    except RuntimeError as error:
        raise EngineError(f"embedded engine: cannot load the bundle data: {regorus_message(error)}") from None
    return engine


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
