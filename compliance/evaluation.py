"""The engine input of a run, chunk by chunk, and where its findings point.

A run evaluates the datasets of its inventories in chunks (runner.py, docs/performance.md): the
JSON text of each chunk is built here, by Arrow kernels for a tabular inventory (its rows never
become Python dicts), by json.dumps for a YAML one. A finding about `dataset:<id>` is located
through a resource index that looks first among its chunk's rows.

Dataset rules judge one dataset at a time and read its id only to name it, so the datasets of an
inventory that agree on everything else (their configuration) get the same findings but for the
id: `Configurations` groups them (Arrow's hash group-by for a tabular inventory), the engine
evaluates one representative of each group under a placeholder id, and every member then gets
those findings with its own id (runner.py).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import arrow
from compliance.engine.interface import EngineError
from compliance.findings import Location
from compliance.loaders.document import Document
from compliance.loaders.inventory_table import BLOCK_ROWS, COLUMNS, DatasetTable, TabularDocument
from compliance.locate import ResourceIndex

if TYPE_CHECKING:
    import pyarrow as pa

# Fields of a dataset that no dataset rule reads (tests/test_grouping.py holds the shipped rules to it): left
# out of the configuration a dataset is grouped by, and of the representative the engine evaluates. A rule
# that reads one of them, or reads the id other than to name the dataset, says `custom.reads_id: true`.
UNREAD_FIELDS = ("name", "description", "owner", "rows", "table_type", "provenance")
# The same, one level down: how `compliance discover` found each reader (a path that names the table,
# so every table of a snapshot would otherwise be a configuration of its own).
UNREAD_NESTED = (("access", "reader_paths"),)
GROUPING_ENV = "COMPLIANCE_GROUPING"  # "0": evaluate every dataset, as before grouping (to compare)


def grouping_enabled() -> bool:
    """Whether dataset rules are evaluated once per distinct configuration (COMPLIANCE_GROUPING, default on)."""
    return os.environ.get(GROUPING_ENV, "").strip() != "0"

# -- chunks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    """Consecutive datasets of one inventory, as JSON objects joined by ',' (each with its "inventory")."""

    document: Document
    start: int  # index of the first dataset in the document
    count: int
    text: str


def dataset_chunks(documents: Iterable[Document], size: int) -> Iterator[Chunk]:
    """The datasets of every StorageInventory, `size` at a time; a chunk never spans two inventories."""
    for document in documents:
        if document.kind != "StorageInventory":
            continue
        inventory = document.id or ""
        start = 0
        if isinstance(document, TabularDocument):
            for count, text in table_json_chunks(document.table, size, inventory):
                yield Chunk(document, start, count, text)
                start += count
            continue
        datasets = document.value.get("datasets", [])
        for start in range(0, len(datasets), size):
            part = [{**dataset, "inventory": inventory} for dataset in datasets[start:start + size]]
            yield Chunk(document, start, len(part), json.dumps(part, ensure_ascii=False)[1:-1])


def table_json_chunks(table: DatasetTable, size: int, inventory: str) -> Iterator[tuple[int, str]]:
    """(number of datasets, their JSON objects joined by ',') for consecutive slices of `size` rows
    of a tabular inventory.

    Each object is the row's dataset dict plus {"inventory": inventory}, built by Arrow kernels.
    Blocks grow from one chunk to BLOCK_ROWS: the first chunk is ready at once, so the engine
    starts while the next blocks are built, and no block takes long to build (a block of 50,000
    rows took ~0.5 s, while the engine workers waited for their next chunk).
    """

    def block(start: int, count: int) -> pa.Array:
        return _json_rows({name: table.columns[name].slice(start, count) for name in COLUMNS}, inventory)

    return _joined_chunks(block, table.length, size)


def _joined_chunks(block: Callable[[int, int], pa.Array], length: int, size: int) -> Iterator[tuple[int, str]]:
    """(count, JSON objects joined by ',') for consecutive slices of `size` of the `length` rows that
    `block(start, count)` turns into JSON objects, a block at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc

    largest = max(size, (BLOCK_ROWS // size) * size)
    block_rows, start = size, 0
    while start < length:
        count = min(block_rows, length - start)
        rows = block(start, count)
        offsets = arrow.int32s([*range(0, count, size), count])
        joined = pc.binary_join(pa.ListArray.from_arrays(offsets, rows), arrow.string(",")).to_pylist()
        for index, text in enumerate(joined):
            yield min(size, count - index * size), str(text)
        start += count
        block_rows = min(largest, block_rows * 2)


def _json_rows(columns: dict[str, pa.Array], inventory: str) -> pa.Array:
    """Each row's dataset as a JSON object (text), with "inventory" added: the same as inventory_table._row_dict."""
    import pyarrow.compute as pc

    def text(name: str) -> pa.Array:
        return _json_string(columns[name])

    def listing(name: str) -> pa.Array:
        items = pc.replace_substring(_escaped(columns[name]), ";", '","')
        return pc.binary_join_element_wise(arrow.string('["'), items, arrow.string('"]'), empty)

    def boolean(name: str) -> pa.Array:
        return pc.if_else(columns[name], true, false)

    def integer(name: str) -> pa.Array:
        return pc.cast(columns[name], "string")

    def member(key: str, literal: pa.Array) -> pa.Array:
        return pc.fill_null(pc.binary_join_element_wise(arrow.string(f',"{key}":'), literal, empty), empty)

    def group(key: str, *members: pa.Array) -> pa.Array:
        inner = pc.binary_join_element_wise(*members, empty)
        wrapped = pc.binary_join_element_wise(arrow.string(f',"{key}":{{'), pc.utf8_slice_codeunits(inner, 1),
                                              arrow.string("}"), empty)
        return pc.if_else(pc.equal(inner, empty), empty, wrapped)

    empty, true, false = arrow.string(""), arrow.string("true"), arrow.string("false")
    parts = [
        pc.binary_join_element_wise(arrow.string('{"id":'), text("id"), empty),
        member("program", text("program")),
        member("data_categories", listing("data_categories")),
        member("personal_data", boolean("personal_data")),
        member("sensitivity", integer("sensitivity")),
        group("location", member("country", text("country")), member("region", text("region"))),
        group("encryption", member("at_rest", boolean("encryption_at_rest")), member("key_ref", text("key_ref")),
              member("in_transit", boolean("encryption_in_transit"))),
        group("access", member("readers", listing("readers")), member("writers", listing("writers"))),
        group("retention", member("ttl_days", integer("ttl_days"))),
        member("audit_logging", boolean("audit_logging")),
    ]
    if "rows" in columns:
        parts.append(member("rows", integer("rows")))
    suffix = arrow.string("," + json.dumps("inventory") + ":" + json.dumps(inventory) + "}")
    return pc.binary_join_element_wise(*parts, suffix, empty)


def _escaped(values: pa.Array) -> pa.Array:
    """The JSON-escaped body of each string (quotes and backslashes; control characters via json)."""
    import pyarrow.compute as pc

    escaped = pc.replace_substring(pc.replace_substring(values, "\\", "\\\\"), '"', '\\"')
    if pc.any(pc.match_substring_regex(values, "[\\x00-\\x1f]")).as_py():
        return arrow.strings(None if value is None else json.dumps(value, ensure_ascii=False)[1:-1]
                             for value in values.to_pylist())
    return escaped


def _json_string(values: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    quote = arrow.string('"')
    return pc.binary_join_element_wise(quote, _escaped(values), quote, arrow.string(""))


# -- distinct configurations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Configurations:
    """The distinct configurations of one inventory's datasets: everything but the id and UNREAD_FIELDS.

    Group g holds the rows `members[offsets[g]:offsets[g + 1]]`; the first of them is its representative.
    """

    document: Document
    number: int  # the inventory's place among the grouped ones, named in its placeholders
    offsets: Sequence[int]
    members: Sequence[int]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def rows(self, group: int) -> Sequence[int]:
        return self.members[self.offsets[group]:self.offsets[group + 1]]

    def ids(self, group: int) -> list[str]:
        """The ids of the group's members, in the order of rows(group)."""
        rows = self.rows(group)
        if isinstance(self.document, TabularDocument):
            return [str(value) for value in self.document.table.columns["id"].take(arrow.int64s(rows)).to_pylist()]
        datasets = self.document.value["datasets"]
        return [str(datasets[row]["id"]) for row in rows]

    def location(self, row: int) -> Location | None:
        """Where dataset `row` is, for a tabular inventory (its line); None: ask the resource index."""
        if isinstance(self.document, TabularDocument):
            return Location(self.document.path, self.document.first_line + row, 1)
        return None


def configurations(document: Document, number: int) -> Configurations | None:
    """The datasets of one StorageInventory grouped by configuration; None when they cannot be
    (a dataset without a string id: never after validation), and then each is evaluated on its own."""
    if isinstance(document, TabularDocument):
        offsets, members = _table_groups(document.table)
        return Configurations(document, number, offsets, members)
    groups: dict[str, list[int]] = {}
    for row, dataset in enumerate(document.value.get("datasets", [])):
        if not isinstance(dataset, dict) or not isinstance(dataset.get("id"), str):
            return None
        key = json.dumps(_configuration(dataset), sort_keys=True, ensure_ascii=False)
        groups.setdefault(key, []).append(row)
    offsets, members = [0], []
    for rows in groups.values():
        members.extend(rows)
        offsets.append(len(members))
    return Configurations(document, number, offsets, members)


def _configuration(dataset: Mapping[str, Any]) -> dict[str, Any]:
    kept = {key: value for key, value in dataset.items() if key != "id" and key not in UNREAD_FIELDS}
    for parent, child in UNREAD_NESTED:
        inner = kept.get(parent)
        if isinstance(inner, dict) and child in inner:
            kept[parent] = {key: value for key, value in inner.items() if key != child}
    return kept


def _table_groups(table: DatasetTable) -> tuple[list[int], Sequence[int]]:
    """(offsets, members) of a table's rows grouped by every column but the id and UNREAD_FIELDS, no Python
    per row: each key column is dictionary-encoded (nulls as a value of their own), the codes of the columns
    are combined into one code per row (mixed radix; re-encoded whenever the next column could overflow
    int64), and a stable sort of the codes lists each group's rows. Groups are numbered in the order of
    their first row, each listing its rows in order. (Arrow's hash group-by would do it, but it goes
    through pyarrow.dataset, which imports pandas.)"""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = [name for name in COLUMNS if name != "id" and name not in UNREAD_FIELDS]
    if table.length == 0:
        return [0], []
    codes, bound = None, 1  # every code is below bound
    for name in keys:
        encoded = pc.dictionary_encode(table.columns[name], null_encoding="encode")
        column_codes, width = pc.cast(encoded.indices, pa.int64()), len(encoded.dictionary)
        if codes is None:
            codes = column_codes
        else:
            if bound * width > _MAX_CODE:
                codes, bound = pc.cast(pc.dictionary_encode(codes).indices, pa.int64()), table.length
            codes = pc.add(pc.multiply(codes, arrow.integer(width)), column_codes)
        bound *= width
    assert codes is not None
    codes = pc.cast(pc.dictionary_encode(codes).indices, pa.int64())  # 0, 1, ... in order of first appearance
    members = arrow.integers(pc.sort_indices(codes))  # stable: a group's rows stay in order
    sizes = pc.value_counts(codes).field("counts").to_pylist()  # by code: codes appear in increasing order
    offsets = [0]
    for size in sizes:
        offsets.append(offsets[-1] + size)
    return offsets, members


_MAX_CODE = 2**62


class Grouping:
    """The inventories of a run grouped by configuration, and the placeholders their representatives carry.

    A representative is evaluated under the id `<token>i<inventory>g<group>e`. The token is random and
    checked against the programs, so it occurs nowhere but in placeholders; a finding naming a placeholder
    is about that group, and each member gets it with its own id in place of the placeholder.
    """

    def __init__(self, documents: Iterable[Document], avoid: str) -> None:
        self.grouped: list[Configurations] = []
        self.ungrouped: list[Document] = []  # each dataset evaluated on its own
        for document in documents:
            if document.kind != "StorageInventory":
                continue
            found = configurations(document, len(self.grouped))
            if found is None:
                self.ungrouped.append(document)
            else:
                self.grouped.append(found)
        self.token = _token(avoid)
        self._named = re.compile(re.escape(self.token) + r"i(\d+)g(\d+)e")

    @property
    def configurations(self) -> int:
        """How many distinct configurations the grouped inventories hold."""
        return sum(len(found) for found in self.grouped)

    def placeholder(self, found: Configurations, group: int) -> str:
        return f"{self.token}i{found.number}g{group}e"

    def named(self, text: str) -> set[tuple[int, int]]:
        """(inventory, group) of every placeholder in text."""
        return {(int(inventory), int(group)) for inventory, group in self._named.findall(text)}

    def chunks(self, size: int) -> Iterator[tuple[str, Representatives]]:
        """(JSON objects joined by ',', what they are) of the representatives, `size` at a time: each the
        first member of its group without UNREAD_FIELDS, with its "inventory", under its placeholder id;
        a dataset alone in its group under its own id (its findings need no rewriting)."""
        for found in self.grouped:
            single = [found.offsets[group + 1] - found.offsets[group] == 1 for group in range(len(found))]
            if isinstance(found.document, TabularDocument):
                parts = self._table_chunks(found, single, size)
            else:
                parts = self._value_chunks(found, single, size)
            start = 0
            for count, text in parts:
                placeholders = count - sum(single[start:start + count])
                if text.count(self.token) != placeholders:  # a value holding the token: never by chance
                    raise EngineError(f"a dataset value holds the grouping placeholder {self.token}; "
                                      f"run again, or with {GROUPING_ENV}=0")
                yield text, Representatives(found, count, self._single_rows(found, single, start, count))
                start += count

    @staticmethod
    def _single_rows(found: Configurations, single: Sequence[bool], start: int, count: int) -> dict[str, int]:
        """resource -> row of the datasets of a tabular chunk evaluated under their own id."""
        if not isinstance(found.document, TabularDocument):
            return {}
        rows = [found.members[found.offsets[group]] for group in range(start, start + count) if single[group]]
        if not rows:
            return {}
        ids = found.document.table.columns["id"].take(arrow.int64s(rows)).to_pylist()
        return {f"dataset:{dataset_id}": row for dataset_id, row in zip(ids, rows, strict=True)}

    def _value_chunks(self, found: Configurations, single: Sequence[bool], size: int) -> Iterator[tuple[int, str]]:
        datasets = found.document.value["datasets"]
        inventory = found.document.id or ""
        for start in range(0, len(found), size):
            part = []
            for group in range(start, min(start + size, len(found))):
                dataset = datasets[found.members[found.offsets[group]]]
                dataset_id = dataset["id"] if single[group] else self.placeholder(found, group)
                part.append({**_configuration(dataset), "id": dataset_id, "inventory": inventory})
            yield len(part), json.dumps(part, ensure_ascii=False)[1:-1]

    def _table_chunks(self, found: Configurations, single: Sequence[bool], size: int) -> Iterator[tuple[int, str]]:
        import pyarrow as pa
        import pyarrow.compute as pc

        assert isinstance(found.document, TabularDocument)
        table, inventory = found.document.table, found.document.id or ""
        representatives = [found.members[offset] for offset in found.offsets[:-1]]
        prefix, suffix, empty = arrow.string(f"{self.token}i{found.number}g"), arrow.string("e"), arrow.string("")

        def block(start: int, count: int) -> pa.Array:
            taken = arrow.int64s(representatives[start:start + count])
            columns = {name: table.columns[name].take(taken) for name in COLUMNS if name not in UNREAD_FIELDS}
            groups = pc.cast(arrow.int64s(range(start, start + count)), pa.string())
            placeholders = pc.binary_join_element_wise(prefix, groups, suffix, empty)
            columns["id"] = pc.if_else(arrow.bools(single[start:start + count]), columns["id"], placeholders)
            return _json_rows(columns, inventory)

        return _joined_chunks(block, len(found), size)


@dataclass(frozen=True)
class Representatives:
    """A job's representatives: of which inventory, how many, and the rows of those evaluated under their
    own id (alone in their group), by resource, to locate their findings (tabular inventories only)."""

    found: Configurations
    count: int
    single_rows: dict[str, int]

    def index(self, parent: ResourceIndex) -> ResourceIndex:
        """An index that finds the chunk's datasets evaluated under their own id, then asks parent."""
        return _RowsIndex(parent, self.found.document, self.single_rows) if self.single_rows else parent


def _token(avoid: str) -> str:
    while True:
        token = "cfg" + secrets.token_hex(10)
        if token not in avoid:
            return token


# -- locating findings ----------------------------------------------------------------------------


class TabularResourceIndex(ResourceIndex):
    """ResourceIndex that finds `dataset:<id>` of tabular inventories without a dict of every row.

    `rows(chunk)` gives an index that looks among the chunk's rows first (a dict of ~1,000 ids);
    only a lookup outside any chunk builds the dict of every row, once.
    """

    def __init__(self, documents: Iterable[Document]) -> None:
        documents = list(documents)
        super().__init__([document for document in documents if not isinstance(document, TabularDocument)])
        self._tables = [document for document in documents if isinstance(document, TabularDocument)]
        self._every_row: dict[str, tuple[TabularDocument, int]] | None = None

    def rows(self, chunk: Chunk) -> ResourceIndex:
        """This index, looking first among the rows of a tabular chunk."""
        if not isinstance(chunk.document, TabularDocument):
            return self
        return _ChunkIndex(self, chunk.document, chunk.start, chunk.count)

    def locate(self, resource: str, field: str) -> Location | None:
        if self._tables and resource.startswith("dataset:"):
            if self._every_row is None:
                self._every_row = {}
                for document in reversed(self._tables):
                    ids = document.table.ids
                    self._every_row.update(zip(ids, ((document, row) for row in range(len(ids))), strict=True))
            found = self._every_row.get(resource[len("dataset:"):])
            if found is not None:
                document, row = found
                return Location(document.path, document.first_line + row, 1)
        return super().locate(resource, field)


class _RowsIndex(ResourceIndex):
    def __init__(self, parent: ResourceIndex, document: Document, rows: dict[str, int]) -> None:
        self._parent = parent
        self._document = document
        self._rows = rows

    def locate(self, resource: str, field: str) -> Location | None:
        row = self._rows.get(resource)
        if row is not None and isinstance(self._document, TabularDocument):
            return Location(self._document.path, self._document.first_line + row, 1)
        return self._parent.locate(resource, field)


class _ChunkIndex(ResourceIndex):
    def __init__(self, parent: TabularResourceIndex, document: TabularDocument, start: int, count: int) -> None:
        self._parent = parent
        self._document = document
        ids = document.table.columns["id"].slice(start, count).to_pylist()
        self._rows = {f"dataset:{dataset_id}": start + offset for offset, dataset_id in enumerate(ids)}

    def locate(self, resource: str, field: str) -> Location | None:
        row = self._rows.get(resource)
        if row is not None:
            return Location(self._document.path, self._document.first_line + row, 1)
        return self._parent.locate(resource, field)
