"""The parsed table of a tabular inventory (tabular.py reads and checks it): its columns as Arrow
arrays, the `Document.value["datasets"]` that builds a row's dict only when asked, and positions
computed rather than stored (any path under `("datasets", i)` is row i's line, column 1).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from compliance.loaders.document import Document, PathKey, Position

if TYPE_CHECKING:
    import pyarrow as pa

COLUMNS = ("id", "program", "data_categories", "personal_data", "sensitivity", "country", "region",
           "encryption_at_rest", "key_ref", "encryption_in_transit", "readers", "writers", "ttl_days",
           "audit_logging", "rows")
LIST_COLUMNS = ("data_categories", "readers", "writers")
BLOCK_ROWS = 8_000  # rows turned into JSON per batch of Arrow kernels (at most; see evaluation.py)



# -- positions ------------------------------------------------------------------------------------


class RowPositions(dict[PathKey, Position]):
    """Positions of a table: any path under ("datasets", i) is row i's line (first_line + i), column 1."""

    def __init__(self, first_line: int, rows: int) -> None:
        super().__init__({(): Position(1, 1), ("datasets",): Position(1, 1)})
        self.first_line = first_line
        self.rows = rows

    def _row(self, key: PathKey) -> Position | None:
        if len(key) >= 2 and key[0] == "datasets" and isinstance(key[1], int) and 0 <= key[1] < self.rows:
            return Position(self.first_line + key[1], 1)
        return None

    @overload
    def get(self, key: PathKey, default: None = None, /) -> Position | None: ...

    @overload
    def get(self, key: PathKey, default: Position, /) -> Position: ...

    @overload
    def get(self, key: PathKey, default: Any, /) -> Any: ...

    def get(self, key: PathKey, default: Any = None, /) -> Any:
        found = self._row(key)
        return found if found is not None else super().get(key, default)


# -- the table ------------------------------------------------------------------------------------


class DatasetTable:
    """The parsed columns of an inventory: Arrow arrays, one a column, nulls for empty cells.

    Text columns are strings; list columns are strings whose items are joined by ';' (trimmed, no
    empty items); booleans are bool; integers are int64.
    """

    def __init__(self, columns: dict[str, pa.Array], length: int) -> None:
        self.columns = columns
        self.length = length
        self._ids: list[str] | None = None

    def __len__(self) -> int:
        return self.length

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = [str(value) for value in self.columns["id"].to_pylist()]
        return self._ids

    def dicts(self, start: int, stop: int) -> list[dict[str, Any]]:
        """Rows [start, stop) as dataset dicts, the shape a YAML inventory would give."""
        values = {name: self.columns[name].slice(start, stop - start).to_pylist() for name in COLUMNS}
        return [_row_dict({name: values[name][offset] for name in COLUMNS}) for offset in range(stop - start)]


def _row_dict(cells: dict[str, Any]) -> dict[str, Any]:
    """One row's dataset dict: empty cells are absent, objects present when one of their cells is."""
    dataset: dict[str, Any] = {"id": cells["id"]}

    def put(target: dict[str, Any], key: str, value: Any) -> None:
        if value is not None:
            target[key] = value.split(";") if key in LIST_COLUMNS else value

    put(dataset, "program", cells["program"])
    put(dataset, "data_categories", cells["data_categories"])
    put(dataset, "personal_data", cells["personal_data"])
    put(dataset, "sensitivity", cells["sensitivity"])
    groups = (
        ("location", (("country", "country"), ("region", "region"))),
        ("encryption", (("at_rest", "encryption_at_rest"), ("key_ref", "key_ref"),
                        ("in_transit", "encryption_in_transit"))),
        ("access", (("readers", "readers"), ("writers", "writers"))),
        ("retention", (("ttl_days", "ttl_days"),)),
    )
    for group, members in groups:
        node: dict[str, Any] = {}
        for key, column in members:
            value = cells[column]
            if value is not None:
                node[key] = value.split(";") if column in LIST_COLUMNS else value
        if node:
            dataset[group] = node
    put(dataset, "audit_logging", cells["audit_logging"])
    put(dataset, "rows", cells["rows"])
    return dataset


class LazyDatasets(Sequence[dict[str, Any]]):
    """`Document.value["datasets"]` of a tabular inventory: each row's dict, built when asked for."""

    def __init__(self, table: DatasetTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            rows = self._table.dicts(start, stop) if start < stop else []
            return rows[::step]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("dataset index out of range")
        return self._table.dicts(index, index + 1)[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for start in range(0, len(self), BLOCK_ROWS):
            yield from self._table.dicts(start, min(start + BLOCK_ROWS, len(self)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} datasets of a tabular inventory>"


@dataclass(frozen=True)
class TabularDocument(Document):
    """A StorageInventory read from a table; `table` holds its columns."""

    table: DatasetTable = field(repr=False, compare=False, kw_only=True)
    first_line: int = field(default=2, kw_only=True)  # the line (CSV) or row number (Parquet) of row 0


def is_tabular_document(document: Document) -> bool:
    return isinstance(document, TabularDocument)
