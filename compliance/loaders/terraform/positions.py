"""Where a plan's values sit in its file, found when asked rather than recorded for every key.

`parse_plan` reads a plan's JSON text with the C scanner of the `json` module, as `json.loads`
does, but walks the top-level object and the module tree of `planned_values` itself, so it learns
the offset of each top-level key, module, resource list and resource on the way (a few per
resource; `terraform show -json` output runs to millions of keys). `PlanPositions` gives the
1-based line and column of any path the plan holds (every key and list item below
`planned_values`, each top-level key), exactly as recording every key would, by walking only the
text of the resource the path lies in, the first time the path is asked for. `InventoryPositions`
points the fields of the datasets made from a plan at the plan paths that decided them, also
when asked.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from compliance.loaders.document import Document, PathKey, Position

_SPACE = re.compile(r"[ \t\n\r]*")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')  # a key JSON writes without escapes (when not \u-escaped)
# The C scanner of the json module: scan_once(text, offset) -> (value, end); scanstring(text, offset after
# the opening quote) -> (string, end).
_SCANNER: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

# What each container walked by parse_plan holds: the role of a child by its key (objects) or of every
# item (lists, key None). A child without a role is read whole by the C scanner.
_ROLES: dict[str, dict[str | None, str]] = {
    "top": {"planned_values": "planned"},
    "planned": {"root_module": "module"},
    "module": {"resources": "resources", "child_modules": "children"},
    "resources": {},
    "children": {None: "module"},
}
# Offsets of a node: where its position points (its key, or the item itself), where its value starts and
# where it ends.
Node = tuple[int, int, int]


def parse_plan(text: str) -> tuple[Any, Mapping[PathKey, Position]]:
    """The JSON value of text and the positions of a plan in it. Raises ValueError (json's) when
    text is not JSON; a top level other than an object gets the position of its start only."""
    start = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if not text.startswith("{", start):
        return json.loads(text), {(): Position(1, 1)}
    try:
        return _Parser(text).parse(start)
    except (ValueError, IndexError, StopIteration):
        value = json.loads(text)  # raises ValueError saying what is wrong, as without the walk
    # Not reached (what json reads, the walk reads); were it, positions would still be exact, found
    # by walking from the top.
    return value, PlanPositions(text, {(): (start, start, len(text))}, set(), [start])


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes: dict[PathKey, Node] = {}
        self.complete: set[PathKey] = set()
        self.anchors: list[int] = []

    def parse(self, start: int) -> tuple[Any, PlanPositions]:
        text = self.text
        self.anchors.append(start)
        value, end = self._object(start, (), "top")
        self.nodes[()] = (start, start, end)
        if _SPACE.match(text, end).end() != len(text):  # type: ignore[union-attr]
            raise ValueError("extra data")
        return value, PlanPositions(text, self.nodes, self.complete, self.anchors)

    def _child(self, start: int, path: PathKey, role: str | None) -> tuple[Any, int]:
        char = self.text[start]
        if role is not None and char == "{":
            return self._object(start, path, role)
        if role is not None and char == "[":
            return self._array(start, path, role)
        return _SCANNER(self.text, start)

    def _object(self, offset: int, path: PathKey, role: str) -> tuple[dict[str, Any], int]:
        text, skip, nodes, anchors = self.text, _SPACE.match, self.nodes, self.anchors
        roles = _ROLES[role]
        result: dict[str, Any] = {}
        self.complete.add(path)
        offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
        if text[offset] == "}":
            return result, offset + 1
        while True:
            if text[offset] != '"':
                raise ValueError("a key expected")
            key, end = _scanstring(text, offset + 1)
            end = skip(text, end).end()  # type: ignore[union-attr]
            if text[end] != ":":
                raise ValueError("':' expected")
            start = skip(text, end + 1).end()  # type: ignore[union-attr]
            child = (*path, key)
            anchors.append(offset)
            result[key], end = self._child(start, child, roles.get(key))
            nodes[child] = (offset, start, end)
            offset = skip(text, end).end()  # type: ignore[union-attr]
            if text[offset] == "}":
                return result, offset + 1
            if text[offset] != ",":
                raise ValueError("',' expected")
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]

    def _array(self, offset: int, path: PathKey, role: str) -> tuple[list[Any], int]:
        text, skip, nodes, anchors = self.text, _SPACE.match, self.nodes, self.anchors
        item_role = _ROLES[role].get(None)
        result: list[Any] = []
        self.complete.add(path)
        offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
        if text[offset] == "]":
            return result, offset + 1
        scan, append = _SCANNER, result.append
        while True:
            child = (*path, len(result))
            anchors.append(offset)
            item, end = scan(text, offset) if item_role is None else self._child(offset, child, item_role)
            append(item)
            nodes[child] = (offset, offset, end)
            offset = skip(text, end).end()  # type: ignore[union-attr]
            if text[offset] == "]":
                return result, offset + 1
            if text[offset] != ",":
                raise ValueError("',' expected")
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]


class PlanPositions(Mapping[PathKey, Position]):
    """1-based positions of a plan's top-level keys and of every key and list item below
    `planned_values`, each found in the text the first time it is asked for (then remembered)."""

    def __init__(self, text: str, nodes: dict[PathKey, Node], complete: set[PathKey], anchors: list[int]) -> None:
        self._text = text
        self._nodes = nodes  # known paths (all containers parse_plan walked, and what was asked since)
        self._complete = complete  # containers whose every child is in _nodes
        self._missing: set[PathKey] = set()
        self._anchors = anchors  # offsets, ascending, whose lines are counted once (_lines)
        self._lines: list[int] = []
        self._line_starts: list[int] = []

    def nearest(self, path: Sequence[str | int]) -> tuple[PathKey, Position]:
        """The longest prefix of path that the plan holds (at least `()`), and its position."""
        key = tuple(path)
        nodes = self._nodes
        limit = len(key) if key[:1] == ("planned_values",) else min(len(key), 1)
        depth = limit
        while depth and key[:depth] not in nodes:
            depth -= 1
        node = nodes[key[:depth]]
        while depth < limit:
            parent, child = key[:depth], key[: depth + 1]
            if parent in self._complete or child in self._missing:
                break
            found = self._child(node, key[depth])
            if found is None:
                self._missing.add(child)
                break
            nodes[child] = node = found
            depth += 1
        return key[:depth], self._position(node[0])

    def _child(self, node: Node, part: str | int) -> Node | None:
        """Offsets of the child `part` of the JSON value of node (the last of equal keys), if any."""
        text, skip = self._text, _SPACE.match
        _, offset, stop = node
        char = text[offset]
        if char == "{" and isinstance(part, str):
            found = None
            # The text of the key as written when it has no escape: then, if no backslash follows either,
            # an equal key later in the object would show as this text.
            literal = f'"{part}"' if _PLAIN.fullmatch(part) else None
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
            if text[offset] == "}":
                return None
            while True:
                key, end = _scanstring(text, offset + 1)
                start = skip(text, skip(text, end).end() + 1).end()  # type: ignore[union-attr]
                end = _SCANNER(text, start)[1]
                if key == part:
                    found = (offset, start, end)
                    if literal is not None and text.find(literal, end, stop) < 0 and text.find("\\", end, stop) < 0:
                        return found  # no equal key follows
                offset = skip(text, end).end()  # type: ignore[union-attr]
                if text[offset] == "}":
                    return found
                offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
        if char == "[" and isinstance(part, int) and part >= 0:
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
            if text[offset] == "]":
                return None
            index = 0
            while True:
                end = _SCANNER(text, offset)[1]
                if index == part:
                    return offset, offset, end
                offset = skip(text, end).end()  # type: ignore[union-attr]
                if text[offset] == "]":
                    return None
                offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
                index += 1
        return None

    def _position(self, offset: int) -> Position:
        """Line and column of an offset: counted from the nearest anchor before it."""
        text, anchors = self._text, self._anchors
        if not self._lines:  # once: the line of each anchor, counting from the one before
            line, line_start, previous = 1, 0, 0
            for anchor in anchors:
                line += text.count("\n", previous, anchor)
                newline = text.rfind("\n", previous, anchor)
                if newline >= 0:
                    line_start = newline + 1
                self._lines.append(line)
                self._line_starts.append(line_start)
                previous = anchor
        index = bisect.bisect_right(anchors, offset) - 1
        anchor = anchors[index]
        line = self._lines[index] + text.count("\n", anchor, offset)
        newline = text.rfind("\n", anchor, offset)
        line_start = newline + 1 if newline >= 0 else self._line_starts[index]
        return Position(line, offset - line_start + 1)

    # Mapping: what a dict of every position would answer.

    def __getitem__(self, path: PathKey) -> Position:
        found, position = self.nearest(path)
        if len(found) != len(path):
            raise KeyError(path)
        return position

    def __iter__(self) -> Iterator[PathKey]:
        yield ()
        for key, start in self._members(self._nodes[()][1]):
            yield (key,)
            if key == "planned_values":
                yield from self._paths(start, (key,))

    def _paths(self, offset: int, path: PathKey) -> Iterator[PathKey]:
        """Every key and list item below the value at offset (walks it all: for comparisons, not checks)."""
        for part, start in self._members(offset):
            yield (*path, part)
            yield from self._paths(start, (*path, part))

    def _members(self, offset: int) -> list[tuple[str | int, int]]:
        """(key or index, offset of its value) of each child of the JSON value at offset; of equal keys, the last."""
        text, skip = self._text, _SPACE.match
        members: dict[str | int, int] = {}
        char = text[offset]
        if char not in "{[":
            return []
        close = "}" if char == "{" else "]"
        offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
        while text[offset] != close:
            if char == "{":
                key, end = _scanstring(text, offset + 1)
                start = skip(text, skip(text, end).end() + 1).end()  # type: ignore[union-attr]
                members.pop(key, None)
                members[key] = start
            else:
                start = offset
                members[len(members)] = start
            offset = skip(text, _SCANNER(text, start)[1]).end()  # type: ignore[union-attr]
            if text[offset] == ",":
                offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
        return list(members.items())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def locate(plan: Document, source: PathKey) -> Position:
    """Position of a plan path, or of its nearest ancestor; an attribute the plan omits (unknown until
    apply) points at its resource's address rather than at the `values` object."""
    return locate_in(plan.positions, source)


def locate_in(positions: Mapping[PathKey, Position], source: PathKey) -> Position:
    """locate() in a plan's positions: a PlanPositions, or a dict of every position (the general loader's)."""
    if isinstance(positions, PlanPositions):
        key, position = positions.nearest(source)
        return positions.nearest((*key[:-1], "address"))[1] if key and key[-1] == "values" else position
    key = source
    while key:
        if key in positions:
            if key[-1] == "values":
                key = (*key[:-1], "address")
                while key and key not in positions:
                    key = key[:-1]
            return positions[key] if key else positions.get((), Position(1, 1))
        key = key[:-1]
    return positions.get((), Position(1, 1))


class InventoryPositions(Mapping[PathKey, Position]):
    """Positions of the synthetic StorageInventory made from a plan: the document's own keys (given),
    and each dataset field at the plan path that decided it (`sources[i]`: field -> plan path),
    located in the plan when first asked for."""

    def __init__(self, plan: Mapping[PathKey, Position], header: dict[PathKey, Position],
                 sources: list[dict[PathKey, PathKey]]) -> None:
        self._plan = plan
        self._header = header
        self._sources = sources
        self._located: dict[PathKey, Position] = {}

    def __getitem__(self, key: PathKey) -> Position:
        found = self._header.get(key)
        if found is not None:
            return found
        if len(key) >= 2 and key[0] == "datasets" and isinstance(key[1], int) and 0 <= key[1] < len(self._sources):
            source = self._sources[key[1]].get(key[2:])
            if source is not None:
                position = self._located.get(source)
                if position is None:
                    position = self._located[source] = locate_in(self._plan, source)
                return position
        raise KeyError(key)

    def __iter__(self) -> Iterator[PathKey]:
        yield from self._header
        for index, fields in enumerate(self._sources):
            for field in fields:
                yield ("datasets", index, *field)

    def __len__(self) -> int:
        return len(self._header) + sum(len(fields) for fields in self._sources)
