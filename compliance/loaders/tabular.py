"""Tabular storage inventories: `*.inventory.csv` and `*.inventory.parquet` (SPEC.md 2.2).

One dataset a row, the columns of a StorageInventory dataset flattened (`COLUMNS`), lists separated
by `;`. The file is read with pandas (the pyarrow engine, Arrow-backed columns) and becomes one
synthetic StorageInventory Document whose metadata id comes from the file name
(`mci-warehouse.inventory.csv` -> `mci-warehouse`).

A warehouse export holds up to millions of rows, so nothing here runs Python per row where a
vectorised Arrow kernel serves:

- Cells are checked column by column (booleans, integers and their ranges, principals, ids,
  country codes); every problem names the file, the line (CSV: row + 2, below the header; Parquet:
  the row number) and the column. At most `MAX_ROWS_SHOWN` rows are listed per column and kind of
  problem, then a count.
- The JSON Schema of StorageInventory runs on a sample of `SCHEMA_SAMPLE` rows only (running it on a
  million rows would take minutes): a guard that the vectorised checks and the schema agree.
- The datasets stay in Arrow columns. `Document.value["datasets"]` is a lazy sequence that builds
  a row's dict when asked; the engine input is built as JSON text, block by block (`json_chunks`).
- Positions are computed, not stored: any path under `("datasets", i)` is row i's line, column 1.

A cell left empty means the field is absent (as if the YAML did not write it); an object such as
`encryption` is present when any of its cells is filled.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from compliance.errors import Problem
from compliance.findings import Location
from compliance.loaders.document import API_VERSION, Document, PathKey, Position
from compliance.loaders.syntax import not_utf8
from compliance.locate import ResourceIndex

if TYPE_CHECKING:
    import pyarrow as pa

SUFFIXES = (".inventory.csv", ".inventory.parquet")
COLUMNS = ("id", "program", "data_categories", "personal_data", "sensitivity", "country", "region",
           "encryption_at_rest", "key_ref", "encryption_in_transit", "readers", "writers", "ttl_days",
           "audit_logging", "rows")
LIST_COLUMNS = ("data_categories", "readers", "writers")
BOOL_COLUMNS = ("personal_data", "encryption_at_rest", "encryption_in_transit", "audit_logging")
INT_RANGES = {"sensitivity": (1, 4), "ttl_days": (0, None), "rows": (0, None)}
REQUIRED = ("id", "personal_data")
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")

# The patterns of storage_inventory.schema.json.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"
PRINCIPAL_PATTERN = r"^((user|group|svc):[^\s]+|\*|authenticated)$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
INTEGER_PATTERN = r"^\+?[0-9]{1,18}(\.0*)?$"

MAX_ROWS_SHOWN = 10
SCHEMA_SAMPLE = 100
BLOCK_ROWS = 8_000  # rows turned into JSON per batch of Arrow kernels (at most; see json_chunks)

_SLUG_INVALID = re.compile(r"[^a-z0-9._-]+")


def is_tabular(path: Path | str) -> bool:
    """A file named `*.inventory.csv` or `*.inventory.parquet` (any case)."""
    return str(path).lower().endswith(SUFFIXES)


def inventory_id(path: Path) -> str:
    """The metadata id of the inventory: the file name before `.inventory.<ext>`, as a slug."""
    name = path.name
    stem = name[: len(name) - len(next(s for s in SUFFIXES if name.lower().endswith(s)))]
    slug = _SLUG_INVALID.sub("-", stem.lower()).strip("-._")
    return slug or "inventory"


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

    def json_chunks(self, size: int, inventory: str) -> Iterator[tuple[int, str]]:
        """(number of datasets, their JSON objects joined by ',') for consecutive slices of `size` rows.

        Each object is the row's dataset dict plus {"inventory": inventory}, built by Arrow kernels.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        # Blocks grow from one chunk to BLOCK_ROWS: the first chunk is ready at once, so the engine
        # starts while the next blocks are built, and no block takes long to build (a block of 50,000
        # rows took ~0.5 s, while the engine workers waited for their next chunk).
        largest = max(size, (BLOCK_ROWS // size) * size)
        block_rows, start = size, 0
        while start < self.length:
            count = min(block_rows, self.length - start)
            rows = _json_rows({name: self.columns[name].slice(start, count) for name in COLUMNS}, inventory)
            offsets = pa.array([*range(0, count, size), count], type=pa.int32())
            joined = pc.binary_join(pa.ListArray.from_arrays(offsets, rows), ",").to_pylist()
            for index, text in enumerate(joined):
                yield min(size, count - index * size), str(text)
            start += count
            block_rows = min(largest, block_rows * 2)


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


def _json_rows(columns: dict[str, pa.Array], inventory: str) -> pa.Array:
    """Each row's dataset as a JSON object (text), with "inventory" added: the same as _row_dict."""
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


# -- reading --------------------------------------------------------------------------------------


class _Collector:
    """Problems of one file: cells listed up to MAX_ROWS_SHOWN per column and kind, then counted."""

    def __init__(self, path: str, first_line: int, csv_file: Path | None, names: Sequence[str]) -> None:
        self.path = path
        self.first_line = first_line
        self.csv_file = csv_file
        self.names = list(names)
        self.problems: list[Problem] = []
        self._cells: list[tuple[int, str, str]] = []  # (row, column, message), positions resolved at the end

    def file(self, message: str, line: int | None = None, field_name: str = "") -> None:
        self.problems.append(Problem(self.path, line, 1 if line else None, field_name, message))

    def cells(self, column: str, rows: Sequence[int], describe: Any, total: int) -> None:
        """describe(row) -> message for the first rows; a count of the rest."""
        for row in rows[:MAX_ROWS_SHOWN]:
            self._cells.append((row, column, f"{describe(row)} (row {row + 1})"))
        if total > MAX_ROWS_SHOWN:
            self._cells.append((rows[MAX_ROWS_SHOWN - 1], column,
                                f"... and {total - MAX_ROWS_SHOWN:,} more rows with the same problem in this column"))

    @property
    def clean(self) -> bool:
        return not self.problems and not self._cells

    def finish(self) -> list[Problem]:
        columns = self._character_columns({row for row, _, _ in self._cells})
        for row, column, message in sorted(self._cells, key=lambda cell: (cell[0], self._ordinal(cell[1]))):
            ordinal = self._ordinal(column)
            character = columns.get(row, [])
            at = character[ordinal - 1] if self.csv_file and ordinal - 1 < len(character) else ordinal
            self.problems.append(Problem(self.path, self.first_line + row, at, column, message))
        return self.problems

    def _ordinal(self, column: str) -> int:
        return self.names.index(column) + 1 if column in self.names else 1

    def _character_columns(self, rows: set[int]) -> dict[int, list[int]]:
        """CSV: the character column where each cell of the given rows starts (read only on errors)."""
        if self.csv_file is None or not rows:
            return {}
        wanted = {row + self.first_line: row for row in rows}
        last = max(wanted)
        found: dict[int, list[int]] = {}
        with self.csv_file.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                if number in wanted:
                    found[wanted[number]] = _cell_starts(line)
                if number >= last:
                    break
        return found


def _cell_starts(line: str) -> list[int]:
    """1-based character columns where the cells of a CSV line start (quotes respected)."""
    starts = [1]
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def load_inventory(path: Path, display: str | None = None) -> tuple[TabularDocument | None, list[Problem]]:
    """Read a tabular inventory; (document, []) or (None, every problem found)."""
    name = display or str(path)
    csv = path.name.lower().endswith(".csv")
    try:
        digest = _sha256(path)
        frame_columns, length = _read(path, csv)
    except OSError as error:
        return None, [Problem(name, None, None, "", f"cannot read: {error.strerror or error}")]
    except Exception as error:  # pandas / pyarrow parse errors have no common base
        line, column, message = _csv_problem(path) if csv else (None, None, None)
        message = message or f"cannot read as {'CSV' if csv else 'Parquet'}: {' '.join(str(error).split())}"
        return None, [Problem(name, line, column, "", message)]
    first_line = 2 if csv else 1
    collector = _Collector(name, first_line, path if csv else None, list(frame_columns))
    header_ok = _check_header(list(frame_columns), collector, header_line=1 if csv else None)
    if not header_ok:
        return None, collector.finish()
    table = _parse(frame_columns, length, collector)
    if collector.clean:
        _check_sample(table, collector)
    problems = collector.finish()
    if problems:
        return None, problems
    inventory = inventory_id(path)
    value = {
        "apiVersion": API_VERSION,
        "kind": "StorageInventory",
        "metadata": {"id": inventory, "name": path.name},
        "datasets": LazyDatasets(table),
    }
    positions = RowPositions(first_line, length)
    return TabularDocument(name, 0, value, digest, positions, table=table, first_line=first_line), []


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _csv_problem(path: Path) -> tuple[int | None, int | None, str | None]:
    """Where a CSV file that pyarrow refused goes wrong (pyarrow's messages name no line): (line, column, message).

    The first line that is not UTF-8 (with a message saying so, as for YAML), else the first record
    with another number of fields than the header (the line it ends on, pyarrow's message kept);
    (None, None, None) when neither is found. Only run once reading has failed.
    """
    import csv as csv_module

    try:
        offset = 0
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    return number, *not_utf8(raw, error.start, offset + error.start)
                offset += len(raw)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv_module.reader(handle)
            try:
                header = next(reader, None)
                for row in reader:
                    if header is not None and len(row) != len(header):
                        return reader.line_num, 1, None
            except csv_module.Error:
                return reader.line_num, 1, None
    except OSError:
        pass
    return None, None, None


def _read(path: Path, csv: bool) -> tuple[dict[str, pa.Array], int]:
    """The file's columns as Arrow text arrays (name -> array), read with pandas, and the row count."""
    import pandas as pd
    import pyarrow as pa

    if csv:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow", encoding="utf-8")
    else:
        frame = pd.read_parquet(path, engine="pyarrow", dtype_backend="pyarrow")
    columns: dict[str, pa.Array] = {}
    for column in frame.columns:
        label = str(column).strip()
        chunked = pa.chunked_array(pa.array(frame[column])) if len(frame) else pa.chunked_array([], pa.string())
        columns[label] = _as_text(chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0))
    return columns, len(frame)


def _as_text(values: pa.Array) -> pa.Array:
    """Any column as trimmed text, empty cells as null: lists joined by ';', integral floats as integers."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        values = pc.binary_join(pc.cast(values, pa.list_(pa.string())), ";")
    elif pa.types.is_floating(kind):
        finite = pc.fill_null(pc.is_finite(values), False)
        integral = pc.and_(finite, pc.equal(pc.floor(values), values))
        as_int = pc.cast(pc.if_else(integral, values, 0.0), pa.int64(), safe=False)
        values = pc.if_else(integral, pc.cast(as_int, pa.string()), pc.cast(values, pa.string()))
    elif pa.types.is_dictionary(kind):
        values = pc.cast(values.dictionary_decode(), pa.string())
    else:
        values = pc.cast(values, pa.string())
    trimmed = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def _check_header(names: list[str], collector: _Collector, header_line: int | None) -> bool:
    ok = True
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        collector.file(f"column(s) listed twice: {', '.join(duplicates)}", header_line, "(header)")
        ok = False
    missing = [name for name in COLUMNS if name not in names]
    for extra in (name for name in names if name not in COLUMNS):
        hint = difflib.get_close_matches(extra, missing or COLUMNS, n=1)
        suggestion = f"did you mean {hint[0]!r}?" if hint else f"expected only: {', '.join(COLUMNS)}"
        collector.file(f"unknown column {extra!r}; {suggestion}", header_line, "(header)")
        ok = False
    if missing:
        collector.file(f"missing column(s): {', '.join(missing)} (every column is required; "
                       "leave cells empty where a value is unknown)", header_line, "(header)")
        ok = False
    return ok


def _matches(values: pa.Array, pattern: str, distinct: bool = True) -> pa.Array:
    """match_substring_regex, run on the distinct values only where a column repeats itself (most do)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not distinct:
        return pc.match_substring_regex(values, pattern)
    unique = pc.unique(values)
    if len(unique) * 2 > len(values):
        return pc.match_substring_regex(values, pattern)
    good = pc.filter(unique, pc.fill_null(pc.match_substring_regex(unique, pattern), False))
    return pc.if_else(pc.is_null(values), pa.scalar(None, pa.bool_()), pc.is_in(values, value_set=good))


def _rows_where(mask: pa.Array) -> list[int]:
    import pyarrow.compute as pc

    return [int(row) for row in pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()]


def _count(mask: pa.Array) -> int:
    import pyarrow.compute as pc

    return int(pc.sum(pc.fill_null(mask, False)).as_py() or 0)


def _report(collector: _Collector, column: str, values: pa.Array, mask: pa.Array, expected: str) -> None:
    """Cells where mask is true do not hold what is expected."""
    total = _count(mask)
    if total:
        rows = _rows_where(mask)
        collector.cells(column, rows, lambda row: f"{json.dumps(values[row].as_py())} is not {expected}", total)


def _parse(text: dict[str, pa.Array], length: int, collector: _Collector) -> DatasetTable:
    """Check and convert the text columns; problems go to the collector."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns: dict[str, pa.Array] = {}
    for column in REQUIRED:
        missing = pc.is_null(text[column])
        total = _count(missing)
        if total:
            collector.cells(column, _rows_where(missing), lambda _row, c=column: f"{c} is required but empty", total)
    ids = text["id"]
    _report(collector, "id", ids, pc.invert(_matches(ids, ID_PATTERN, distinct=False)),
            f"a valid dataset id (pattern {ID_PATTERN})")
    columns["id"] = ids
    for column in ("program", "region", "key_ref"):
        columns[column] = text[column]
    country = text["country"]
    _report(collector, "country", country, pc.invert(_matches(country, COUNTRY_PATTERN)),
            "an ISO 3166-1 alpha-2 country code such as DE")
    columns["country"] = country
    for column in BOOL_COLUMNS:
        lowered = pc.utf8_lower(text[column])
        truth = pc.is_in(lowered, value_set=pa.array(TRUE_WORDS))
        falsity = pc.is_in(lowered, value_set=pa.array(FALSE_WORDS))
        _report(collector, column, text[column], pc.and_(pc.is_valid(lowered), pc.invert(pc.or_(truth, falsity))),
                f"a boolean ({'/'.join(TRUE_WORDS)} or {'/'.join(FALSE_WORDS)})")
        columns[column] = pc.if_else(pc.is_null(lowered), pa.scalar(None, pa.bool_()), truth)
    for column, (low, high) in INT_RANGES.items():
        values = text[column]
        well_formed = _matches(values, INTEGER_PATTERN)
        _report(collector, column, values, pc.invert(well_formed), "a whole number")
        digits = pc.if_else(well_formed, pc.utf8_trim(pc.replace_substring_regex(values, r"\.0*$", ""), "+"), "0")
        numbers = pc.cast(pc.if_else(pc.is_null(values), pa.scalar(None, pa.string()), digits), pa.int64())
        out_of_range = pc.less(numbers, low)
        if high is not None:
            out_of_range = pc.or_(out_of_range, pc.greater(numbers, high))
        bounds = f"between {low} and {high}" if high is not None else f"{low} or more"
        _report(collector, column, values, pc.and_(well_formed, out_of_range), f"a whole number {bounds}")
        columns[column] = numbers
    for column in LIST_COLUMNS:
        columns[column] = _clean_list(text[column])
    for column in ("readers", "writers"):
        _check_principals(collector, column, columns[column])
    return DatasetTable(columns, length)


def _clean_list(values: pa.Array) -> pa.Array:
    """';'-separated items, each trimmed, empty items dropped; null when nothing is left."""
    import pyarrow as pa
    import pyarrow.compute as pc

    untidy = [pc.starts_with(values, ";"), pc.ends_with(values, ";"),
              *(pc.match_substring(values, pattern) for pattern in (";;", " ;", "; ", "\t"))]
    if not any(pc.any(pc.fill_null(mask, False)).as_py() for mask in untidy):
        return values
    tidy = pc.replace_substring_regex(values, r"\s*;[\s;]*", ";")
    tidy = pc.replace_substring_regex(tidy, r"^;|;$", "")
    return pc.if_else(pc.equal(tidy, ""), pa.scalar(None, pa.string()), tidy)


def _check_principals(collector: _Collector, column: str, values: pa.Array) -> None:
    import pyarrow.compute as pc

    items = pc.split_pattern(values, ";")
    flat = pc.list_flatten(items)
    bad = pc.invert(_matches(flat, PRINCIPAL_PATTERN))
    if not pc.any(bad).as_py():
        return
    parents = pc.filter(pc.list_parent_indices(items), bad)
    rows = sorted({int(row) for row in parents.to_pylist()})
    first_bad: dict[int, str] = {}
    for row, item in zip(parents.to_pylist(), pc.filter(flat, bad).to_pylist(), strict=True):
        first_bad.setdefault(int(row), item)
    collector.cells(column, rows, lambda row: f"{json.dumps(first_bad[row])} is not a principal "
                    "(user:NAME, group:NAME, svc:NAME, \"*\" or \"authenticated\")", len(rows))


def _check_sample(table: DatasetTable, collector: _Collector) -> None:
    """Run the StorageInventory JSON Schema on a sample of rows (all of them in a small table)."""
    from jsonschema import Draft202012Validator

    from compliance.loaders.validate import strict_schema

    count = len(table)
    if count <= SCHEMA_SAMPLE:
        rows = list(range(count))
    else:
        step = count / SCHEMA_SAMPLE
        rows = sorted({int(index * step) for index in range(SCHEMA_SAMPLE)} | {count - 1})
    sample = [table.dicts(row, row + 1)[0] for row in rows]
    document = {"apiVersion": API_VERSION, "kind": "StorageInventory", "metadata": {"id": "sample"},
                "datasets": sample}
    for error in Draft202012Validator(strict_schema("StorageInventory")).iter_errors(document):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == "datasets" and isinstance(path[1], int):
            where = ".".join(str(part) for part in path[2:]) or "(row)"
            message = f"{where}: {error.message} (schema check of a sample of rows)"
            collector.cells(_column_of(path[2:]), [rows[path[1]]], lambda _row, m=message: m, 1)
        else:
            collector.file(error.message)


def _column_of(path: Sequence[Any]) -> str:
    """The table column behind a path inside a dataset, e.g. ("encryption", "at_rest") -> encryption_at_rest."""
    names = [str(part) for part in path if not isinstance(part, int)]
    for candidate in ("_".join(names), names[-1] if names else "", f"encryption_{names[-1]}" if names else ""):
        if candidate in COLUMNS:
            return candidate
    return names[0] if names else "id"


# -- across documents -----------------------------------------------------------------------------


def cross_reference_problems(documents: Sequence[Document]) -> list[Problem]:
    """Dataset ids listed twice (within or across inventories) and program names no Program defines.

    Checks the tabular inventories against every document, vectorised; the YAML inventories among
    themselves are checked by validate.cross_reference_problems.
    """
    tables = [document for document in documents if isinstance(document, TabularDocument)]
    if not tables:
        return []
    import pyarrow as pa
    import pyarrow.compute as pc

    programs = sorted({document.id for document in documents if document.kind == "Program" and document.id})
    yaml_ids: dict[str, str] = {}
    for document in documents:
        if document.kind == "StorageInventory" and not isinstance(document, TabularDocument):
            for dataset in document.value.get("datasets", []):
                yaml_ids.setdefault(str(dataset.get("id")), document.path)
    all_ids = pa.chunked_array([document.table.columns["id"] for document in tables]
                               + [pa.array(list(yaml_ids), pa.string())], pa.string())
    if len(pc.unique(all_ids)) == len(all_ids):
        repeated = pa.array([], pa.string())
    else:
        counts = pc.value_counts(all_ids)
        repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    problems: list[Problem] = []
    for document in tables:
        collector = _Collector(document.path, document.first_line,
                               Path(document.path) if document.path.lower().endswith(".csv") else None, COLUMNS)
        ids = document.table.columns["id"]
        twice = pc.is_in(ids, value_set=repeated)
        if _count(twice):
            rows = _rows_where(twice)
            first_row: dict[str, int] = {}
            for row in rows:
                first_row.setdefault(str(ids[row].as_py()), row)

            def describe(row: int, ids: pa.Array = ids, first_row: dict[str, int] = first_row,
                         where: str = document.path) -> str:
                dataset_id = str(ids[row].as_py())
                if dataset_id in yaml_ids:
                    return f"dataset {dataset_id!r} is listed twice (also in {yaml_ids[dataset_id]})"
                first = first_row[dataset_id]
                if first != row:
                    return f"dataset {dataset_id!r} is listed twice (first in row {first + 1})"
                return f"dataset {dataset_id!r} is listed twice (again below, or in another inventory)"

            collector.cells("id", rows, describe, len(rows))
        program = document.table.columns["program"]
        unknown = pc.and_(pc.is_valid(program), pc.invert(pc.is_in(program, value_set=pa.array(programs, pa.string()))))
        if _count(unknown):
            known = ", ".join(programs) or "none"
            collector.cells("program", _rows_where(unknown),
                            lambda row, p=program, k=known: f"names program {p[row].as_py()!r}, but no Program "
                            f"with that id was given (programs given: {k}); pass its manifest too", _count(unknown))
        problems.extend(collector.finish())
    return problems


# -- the engine input -----------------------------------------------------------------------------


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
            for count, text in document.table.json_chunks(size, inventory):
                yield Chunk(document, start, count, text)
                start += count
            continue
        datasets = document.value.get("datasets", [])
        for start in range(0, len(datasets), size):
            part = [{**dataset, "inventory": inventory} for dataset in datasets[start:start + size]]
            yield Chunk(document, start, len(part), json.dumps(part, ensure_ascii=False)[1:-1])


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
