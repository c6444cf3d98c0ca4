"""YAML and JSON files into Documents that remember each value's line and column.

YAML is composed with PyYAML's safe (C where available) parser and constructed here, so that
duplicate keys are errors, dates stay ISO strings (validated by the schema, compared as strings
in Rego), alias expansion is bounded, and every mapping key and list item keeps its position.

`null` means "not declared" (README, "Writing a manifest"): a key whose value is null (`null`, `~`,
an empty value, JSON `null`) is left out of the document, exactly as if it had not been written,
and a null list item is dropped; the key's position is kept, so a finding about the undeclared
field points at the line that leaves it open. Schemas, rules and engines never see a null.

A `.json` file is read by json_reader.py (the C json parser, positions found when asked) where that
gives exactly what this path gives; anything that could differ is read here.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml

from compliance.errors import Problem
from compliance.limits import DEFAULT_MAX_BYTES, MAX_NODES, over_read_limit, over_size_limit, too_many_values
from compliance.loaders import json_reader
from compliance.loaders.document import Document, PathKey, Position, format_path
from compliance.loaders.syntax import excerpt, json_problem, json_too_deep, not_utf8, yaml_problem
from compliance.sources.interface import FileRequest, SourceResult

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader whose resolver keeps timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_SCALARS = yaml.constructor.SafeConstructor()


class LoadError(Exception):
    """A file that cannot be read into documents; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _expanded_size(root: yaml.Node) -> tuple[int, yaml.Node | None]:
    """How many values the document holds once aliases are expanded, in time linear in its nodes,
    and the innermost node that holds over MAX_NODES of them (None when none does)."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    first_over: list[yaml.Node] = []

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise _Recursive(node)
        in_progress.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_NODES:
                if not first_over:
                    first_over.append(node)
                break
        in_progress.discard(key)
        sizes[key] = total
        return total

    return size(root), (first_over[0] if first_over else None)


class _Recursive(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class PackedPositions(Mapping[PathKey, Position]):
    """Positions kept as one int each (0-based line << 32 | 0-based column): a Position object per
    value cost more time and memory than the rest of building it."""

    def __init__(self) -> None:
        self.packed: dict[PathKey, int] = {}

    def __getitem__(self, path: PathKey) -> Position:
        packed = self.packed[path]
        return Position((packed >> 32) + 1, (packed & 0xFFFFFFFF) + 1)

    def __contains__(self, path: object) -> bool:
        return path in self.packed

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


class _Builder:
    """Turns composed nodes into plain values and a position map for one document."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.positions = PackedPositions()
        self.packed = self.positions.packed
        self.nodes = 0
        self.composed = 1  # every node, keys and nulls included: _expanded_size's count where no alias is

    def build(self, node: yaml.Node, key: PathKey) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise LoadError(Problem(self.path, None, None, "", too_many_values()))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            self.composed += len(node.value)
            result: list[Any] = []
            for item in node.value:
                if _is_null(item):
                    continue  # an empty item declares nothing; the items after it keep their order
                child = (*key, len(result))
                mark = item.start_mark
                self.packed[child] = (mark.line << 32) | mark.column
                result.append(self.build(item, child))
            return result
        if node.tag == _STR:
            return node.value
        if node.tag not in _SAFE_SCALAR_TAGS:
            raise self._problem(node, key, f"unsupported YAML tag {node.tag}")
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, key: PathKey) -> dict[str, Any]:
        self.composed += 2 * len(node.value)
        _SCALARS.flatten_mapping(node)  # YAML merge keys (<<)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._problem(key_node, key, "a mapping key must be a plain string")
            name = key_node.value if key_node.tag == _STR else str(_scalar(key_node))
            child = (*key, name)
            if name in result:
                first = self.positions[child]
                raise self._problem(key_node, child, f"duplicate key '{name}' (first at line {first.line})")
            mark = key_node.start_mark
            self.packed[child] = (mark.line << 32) | mark.column
            if _is_null(value_node):
                continue  # `null`, `~` or nothing: not declared, as if absent; its position stays for messages
            result[name] = self.build(value_node, child)
        return result

    def _problem(self, node: yaml.Node, key: PathKey, message: str) -> LoadError:
        position = _position(node)
        return LoadError(Problem(self.path, position.line, position.column, format_path(key), message))


def _scalar(node: yaml.Node) -> Any:
    """The scalar's value, as SafeConstructor.construct_object gives it, but through the tag's
    constructor directly: construct_object keeps every node it constructed (in the shared
    constructor, for the life of the process)."""
    construct = _SCALAR_CONSTRUCTORS.get(node.tag)
    return construct(node) if construct is not None else _SCALARS.construct_object(node)


_STR = "tag:yaml.org,2002:str"
_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SCALAR_CONSTRUCTORS: dict[str, Callable[[Any], Any]] = {
    "tag:yaml.org,2002:str": _SCALARS.construct_yaml_str,
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SCALARS.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": _SCALARS.construct_yaml_timestamp,
}


def _is_null(node: yaml.Node) -> bool:
    """A plain YAML null (`null`, `Null`, `NULL`, `~` or no value at all), or JSON's `null`."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line_end = raw.find(b"\n", error.start)
        column, message = not_utf8(raw[line_start:len(raw) if line_end < 0 else line_end], error.start - line_start,
                                   error.start)
        raise LoadError(Problem(path, raw[: error.start].count(b"\n") + 1, column, "", message)) from None


def _check_json(path: str, text: str) -> None:
    """JSON syntax and duplicate keys, reported with json's own line and column."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for name, value in pairs:
            if name in seen:
                raise ValueError(f"duplicate key {name!r}")
            seen[name] = value
        return seen

    try:
        json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise LoadError(json_problem(path, text, error)) from None
    except RecursionError:
        raise LoadError(json_too_deep(path, text)) from None
    except ValueError as error:
        # Duplicate keys: the YAML pass below finds their position.
        del error


def _refuse_bombs(name: str, node: yaml.Node, text: str) -> None:
    """Refuse alias bombs and recursive aliases before constructing anything."""
    try:
        total, over = _expanded_size(node)
    except _Recursive as recursive:
        position = _position(recursive.node)
        raise LoadError(Problem(name, position.line, position.column, "", "recursive YAML alias")) from None
    except RecursionError:
        raise LoadError(Problem(name, None, None, "", "YAML nested too deeply")) from None
    if total > MAX_NODES:
        culprit = over if over is not None else node
        position = _position(culprit)
        what = "list" if isinstance(culprit, yaml.SequenceNode) else "mapping"
        raise LoadError(Problem(name, position.line, position.column, "", f"this {what}, "
                                f"{excerpt(text, culprit.start_mark)}, holds more than {MAX_NODES:,} values once "
                                "its aliases are expanded; refusing the file (an alias bomb?)"))


def check_size(path: Path, name: str, max_bytes: int) -> None:
    """Refuse a file over the size limit before reading it."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise LoadError(Problem(name, None, None, "", f"cannot read: {error.strerror}")) from None
    if size > max_bytes:
        raise LoadError(Problem(name, None, None, "", over_size_limit(size, max_bytes)))


def read_limited(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refused over max_bytes: by its size before reading, and while reading for
    what has no size ahead (a pipe, /dev/stdin, a device such as /dev/zero that never ends)."""
    check_size(path, name, max_bytes)
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise LoadError(Problem(name, None, None, "", f"cannot read: {error.strerror}")) from None
    if len(raw) > max_bytes:
        raise LoadError(Problem(name, None, None, "", over_read_limit(max_bytes)))
    return raw


def load_file(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              raw: bytes | None = None) -> list[Document]:
    """Every document of a YAML or JSON file. Raises LoadError for a file that cannot be read.

    `raw`: the file's bytes when the caller has read them already.
    """
    name = display or str(path)
    if raw is None:
        raw = read_limited(path, name, max_bytes)
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(name, raw)
    # Millions of nodes, values and paths and no cycle among them: the cyclic GC would rescan them
    # all again and again (a 45,000-table YAML snapshot composes in 3.5 s without it, 15 s with it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if path.suffix.lower() == ".json":
            read = json_reader.read(text)
            if read is not None:
                value, positions = read
                return [] if value is None else [Document(name, 0, value, digest, positions)]
            _check_json(name, text)
        return yaml_documents(name, text, digest)
    finally:
        if collecting:
            gc.enable()


def yaml_documents(name: str, text: str, digest: str) -> list[Document]:
    """Every document of a YAML text (JSON included), each value and position built in Python."""
    documents = []
    aliases = "*" in text or "<<" in text  # without them, a document is a tree: no bomb, no merge
    try:
        for index, node in enumerate(yaml.compose_all(text, Loader=_Loader)):
            if node is None or (node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null")):
                continue  # an empty document, e.g. after a trailing ---
            builder = _Builder(name)
            builder.packed[()] = (node.start_mark.line << 32) | node.start_mark.column
            if aliases:
                _refuse_bombs(name, node, text)
                value = builder.build(node, ())
            else:
                value = _build_tree(builder, name, node, text)
            documents.append(Document(name, index, value, digest, builder.positions))
    except yaml.MarkedYAMLError as error:
        raise LoadError(yaml_problem(name, text, error)) from None
    except yaml.YAMLError as error:
        raise LoadError(Problem(name, None, None, "", f"invalid YAML: {error}")) from None
    return documents


def _build_tree(builder: _Builder, name: str, node: yaml.Node, text: str) -> Any:
    """The value of a document with no alias and no merge key, built in one walk: its size is
    counted while it is built, and where _refuse_bombs would have refused it before (too many
    values, nested too deeply) it does here, with its words, whatever the walk met first."""
    try:
        value = builder.build(node, ())
    except (LoadError, RecursionError):
        _refuse_bombs(name, node, text)
        raise
    if builder.composed > MAX_NODES:
        _refuse_bombs(name, node, text)
    return value


class YamlJsonSource:
    """The file source of YAML and JSON files: every document they hold, of whatever kind it says.

    It also reads a file named explicitly that no source claims by its name (a pipe, /dev/stdin).
    """

    name: ClassVar[str] = "yaml-json"
    description: ClassVar[str] = "a YAML or JSON file"
    kinds: ClassVar[tuple[str, ...]] = ()

    def claims(self, path: Path) -> bool:
        return path.suffix.lower() in DOCUMENT_SUFFIXES

    def read(self, request: FileRequest) -> SourceResult:
        try:
            documents = load_file(request.path, request.display, request.max_bytes, raw=request.content())
        except LoadError as error:
            return SourceResult(problems=(error.problem,))
        return SourceResult(documents=tuple(documents))
