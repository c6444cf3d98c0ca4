"""The engine input of a run, chunk by chunk, and where its findings point.

A run evaluates the datasets of its inventories in chunks (runner.py, docs/performance.md): the
JSON text of each chunk is built here, by Arrow kernels for a tabular inventory (its rows never
become Python dicts), by json.dumps for a YAML one. A finding about `dataset:<id>` is located
through a resource index that looks first among its chunk's rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.findings import Location
from compliance.loaders.document import Document
from compliance.loaders.inventory_table import BLOCK_ROWS, COLUMNS, DatasetTable, TabularDocument
from compliance.locate import ResourceIndex

if TYPE_CHECKING:
    import pyarrow as pa

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
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    # Blocks grow from one chunk to BLOCK_ROWS: the first chunk is ready at once, so the engine
    # starts while the next blocks are built, and no block takes long to build (a block of 50,000
    # rows took ~0.5 s, while the engine workers waited for their next chunk).
    largest = max(size, (BLOCK_ROWS // size) * size)
    block_rows, start = size, 0
    while start < table.length:
        count = min(block_rows, table.length - start)
        rows = _json_rows({name: table.columns[name].slice(start, count) for name in COLUMNS}, inventory)
        offsets = pa.array([*range(0, count, size), count], type=pa.int32())
        joined = pc.binary_join(pa.ListArray.from_arrays(offsets, rows), ",").to_pylist()
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
        return pc.binary_join_element_wise('["', items, '"]', "")

    def boolean(name: str) -> pa.Array:
        return pc.if_else(columns[name], "true", "false")

    def integer(name: str) -> pa.Array:
        return pc.cast(columns[name], "string")

    def member(key: str, literal: pa.Array) -> pa.Array:
        return pc.fill_null(pc.binary_join_element_wise(f',"{key}":', literal, ""), "")

    def group(key: str, *members: pa.Array) -> pa.Array:
        inner = pc.binary_join_element_wise(*members, "")
        wrapped = pc.binary_join_element_wise(f',"{key}":{{', pc.utf8_slice_codeunits(inner, 1), "}", "")
        return pc.if_else(pc.equal(inner, ""), "", wrapped)

    parts = [
        pc.binary_join_element_wise('{"id":', text("id"), ""),
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
        member("rows", integer("rows")),
    ]
    suffix = "," + json.dumps("inventory") + ":" + json.dumps(inventory) + "}"
    return pc.binary_join_element_wise(*parts, suffix, "")


def _escaped(values: pa.Array) -> pa.Array:
    """The JSON-escaped body of each string (quotes and backslashes; control characters via json)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    escaped = pc.replace_substring(pc.replace_substring(values, "\\", "\\\\"), '"', '\\"')
    if pc.any(pc.match_substring_regex(values, "[\\x00-\\x1f]")).as_py():
        return pa.array([None if value is None else json.dumps(value, ensure_ascii=False)[1:-1]
                         for value in values.to_pylist()], type=pa.string())
    return escaped


def _json_string(values: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    return pc.binary_join_element_wise('"', _escaped(values), '"', "")


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
