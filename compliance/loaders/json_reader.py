"""A JSON file read with the C `json` parser, giving what the YAML path gives it (yaml_json.py).

The YAML path composes a JSON file as YAML and builds every value and every position in Python:
on a 60 MB snapshot of 45,000 tables that is most of a `check`. Here the value is parsed by the C
scanner, nulls are left out as the YAML path leaves them out (object hook), and a position is found
only when it is asked for (`JsonPositions`: a container's children are scanned once, on the first
question about one of them).

The result must be the YAML path's, value and positions. JSON is YAML, with differences this
module does not reproduce; it answers None for any file where one could show, and the caller
reads that file the YAML way (same value, same positions, same errors):

- what the YAML reader refuses or reads differently: characters it does not accept, the line
  breaks it counts that JSON does not (NEL, U+2028, U+2029, a lone CR), an escaped surrogate that
  is not half of a pair (a pair, as `json.dumps` writes an emoji, is read here: the YAML path refuses it);
- a key that YAML does not take as a key: one followed by a line break or by many spaces before
  its colon, or longer than libyaml's 1,024-character limit for a simple key;
- numbers YAML 1.1 reads as strings (`1e5`: its floats need a dot and a signed exponent) are kept
  strings, as there; NaN and Infinity (not JSON, but accepted by `json`) are left to the YAML path;
- duplicate keys, syntax errors, nesting too deep for the C parser, more values than the loader
  takes (MAX_NODES): the YAML path's errors.

tests/test_json_reader.py compares both readers, value and every position, on generated files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml

from compliance.limits import MAX_NODES
from compliance.loaders.document import PathKey, Position

# What YAML's reader refuses or counts as a line break where JSON does not (NEL, U+2028, U+2029).
_NOT_PLAIN = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LONE_CR = re.compile(r"\r(?!\n)")
# An escaped surrogate that is not half of a pair (`\ud83d\ude00`, as json.dumps writes an emoji, is
# one character): the YAML path refuses it with its own words.
_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                        r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
# A key whose colon is on a later line, or far after it: libyaml does not read it as a key.
_FAR_COLON = re.compile(r'"[ \t\r]*\n[ \t\r\n]*:|"[ \t]{64,}:')
_LONGEST_KEY = 128  # characters; with escapes (6 characters each) and 64 spaces, under 1,024

_YAML_FLOAT = next(regexp for tag, regexp in yaml.SafeLoader.yaml_implicit_resolvers["1"]
                   if tag == "tag:yaml.org,2002:float")

_SPACE = re.compile(r"[ \t\n\r]*")
_BLANK = frozenset(" \t\n\r")
# The C scanner of the json module: scan_once(text, offset) -> (value, end); scanstring(text, offset
# after the opening quote) -> (string, end). As compliance/loaders/terraform/reader.py uses them.
_SCANNER: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class _Unlike(Exception):
    """Something the YAML path could read differently: the file goes there."""


def read(text: str) -> tuple[Any, JsonPositions] | None:
    """The value of a JSON text without its nulls, and its positions; None where the YAML path must
    read it (module docstring). The value is None for a text that is only `null`."""
    if _NOT_PLAIN.search(text) or ("\r" in text and _LONE_CR.search(text)) or _SURROGATE.search(text) \
            or _FAR_COLON.search(text):
        return None
    size = 1  # values once composed, keys included, as yaml_json._expanded_size counts them

    def without_nulls(items: list[Any]) -> list[Any]:
        nonlocal size
        size += len(items)
        if None in items:
            items = [item for item in items if item is not None]
        for index, item in enumerate(items):
            if type(item) is list:
                items[index] = without_nulls(item)
        return items

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal size
        size += 2 * len(pairs)
        result = dict(pairs)
        if len(result) != len(pairs) or (pairs and max(map(len, result)) > _LONGEST_KEY):
            raise _Unlike  # a duplicate key (the YAML path names it), or a key too long for YAML
        if None in result.values():
            result = {key: value for key, value in pairs if value is not None}
        for key, value in result.items():
            if type(value) is list:
                result[key] = without_nulls(value)
        return result

    def number(text: str) -> float | str:
        return float(text) if _YAML_FLOAT.match(text) else text

    def constant(text: str) -> Any:
        raise _Unlike

    try:
        value = json.loads(text, object_pairs_hook=mapping, parse_float=number, parse_constant=constant)
    except (_Unlike, ValueError, RecursionError):
        return None
    if type(value) is list:
        value = without_nulls(value)
    if size > MAX_NODES:
        return None
    return value, JsonPositions(text)


class JsonPositions(Mapping[PathKey, Position]):
    """The 1-based position of every key and list item of a JSON text, as the YAML path records
    them (a key where it is written, also when its value is null; list items counted without the
    null ones), found on demand: the first question about a child of a container scans that
    container's children with the C scanner."""

    _BLOCK = 1 << 12

    def __init__(self, text: str) -> None:
        self._text = text
        start = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
        self._offsets: dict[PathKey, int] = {(): start}  # where each path's position is
        # where each container not scanned yet starts
        self._containers: dict[PathKey, int] = {(): start} if text[start:start + 1] in ("{", "[") else {}
        self._lines: list[int] = []  # newlines before each block of _BLOCK characters

    def __getitem__(self, path: PathKey) -> Position:
        offset = self._offsets.get(path)
        if offset is None:
            for depth in range(len(path)):
                parent = path[:depth]
                if parent in self._containers:
                    self._scan(parent)
            offset = self._offsets.get(path)
            if offset is None:
                raise KeyError(path)
        return self._position(offset)

    def __iter__(self) -> Iterator[PathKey]:
        while self._containers:
            self._scan(next(iter(self._containers)))
        return iter(list(self._offsets))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _scan(self, path: PathKey) -> int:
        """Record where each child of the container at path is, and give the container's end; a list
        among them is scanned too (skipping it needs its items anyway), an object is skipped with the
        C scanner."""
        text, skip = self._text, _SPACE.match
        offset = self._containers.pop(path)
        if text[offset] == "{":
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
            if text[offset] == "}":
                return offset + 1
            offsets, scan = self._offsets, _SCANNER
            while True:
                key, end = _scanstring(text, offset + 1)
                child = (*path, key)
                offsets[child] = offset
                if text.startswith(": ", end) and text[end + 2] not in _BLANK:
                    offset = end + 2  # as json.dumps writes it
                else:
                    offset = skip(text, skip(text, end).end() + 1).end()  # type: ignore[union-attr]  # after ":"
                # A container is remembered (or scanned, a list); a scalar only skipped.
                offset = self._skip(child, offset) if text[offset] in "{[" else scan(text, offset)[1]
                if text[offset] in _BLANK:
                    offset = skip(text, offset).end()  # type: ignore[union-attr]
                if text[offset] == "}":
                    return offset + 1
                offset = skip(text, offset + 1).end()  # type: ignore[union-attr]  # after ","
        offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
        if text[offset] == "]":
            return offset + 1
        index = 0
        while True:
            if text.startswith("null", offset):
                offset += 4  # a null item is left out: the items after it keep their order
            else:
                child = (*path, index)
                self._offsets[child] = offset
                offset = self._skip(child, offset)
                index += 1
            offset = skip(text, offset).end()  # type: ignore[union-attr]
            if text[offset] == "]":
                return offset + 1
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]

    def _skip(self, path: PathKey, offset: int) -> int:
        """The end of the value at offset, remembered for a later scan when it is a container."""
        char = self._text[offset]
        if char == "[":
            self._containers[path] = offset
            return self._scan(path)
        if char == "{":
            self._containers[path] = offset
        return int(_SCANNER(self._text, offset)[1])

    def _position(self, offset: int) -> Position:
        text, block = self._text, self._BLOCK
        if not self._lines:
            counts = [0]
            for start in range(0, len(text), block):
                counts.append(counts[-1] + text.count("\n", start, start + block))
            self._lines = counts
        index = offset // block
        line = self._lines[index] + text.count("\n", index * block, offset)
        return Position(line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)
