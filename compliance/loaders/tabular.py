"""Tabular storage inventories: `*.inventory.csv` and `*.inventory.parquet` (README, 'Tabular inventories').

One dataset a row, the columns of a StorageInventory dataset flattened (`COLUMNS`), lists separated
by `;`. The file is read with pyarrow (pyarrow.csv, pyarrow.parquet; no pandas) and becomes one
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
  a row's dict when asked; the engine input is built as JSON text, block by block
  (compliance/evaluation.py). The table model is in inventory_table.py.
- Positions are computed, not stored: any path under `("datasets", i)` is row i's line, column 1.

A cell left empty means the field is absent (as if the YAML did not write it); an object such as
`encryption` is present when any of its cells is filled.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from compliance import arrow
from compliance.errors import Problem
from compliance.loaders.document import API_VERSION, Document
from compliance.loaders.inventory_table import (
    COLUMNS,
    LIST_COLUMNS,
    DatasetTable,
    LazyDatasets,
    RowPositions,
    TabularDocument,
    is_tabular_document,
)
from compliance.loaders.syntax import not_utf8
from compliance.loaders.yaml_json import LoadError
from compliance.sources.interface import FileRequest, SourceResult

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["COLUMNS", "SUFFIXES", "DatasetTable", "TabularDocument", "TabularSource", "cross_reference_problems",
           "inventory_id", "is_tabular", "is_tabular_document", "load_inventory"]

SUFFIXES = (".inventory.csv", ".inventory.parquet")
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


class TabularSource:
    """The file source of tabular inventories: `*.inventory.csv` and `*.inventory.parquet`."""

    name: ClassVar[str] = "tabular"
    description: ClassVar[str] = "a tabular inventory"
    kinds: ClassVar[tuple[str, ...]] = ("StorageInventory",)

    def claims(self, path: Path) -> bool:
        return is_tabular(path)

    def read(self, request: FileRequest) -> SourceResult:
        """The inventory; one that is not a regular file (a pipe, /dev/stdin) is first copied, within the
        size limit, to a temporary file, since it is read more than once (digest, pyarrow, the columns
        of problems). Problems and the document still name the path given."""
        if request.path.is_file():
            inventory, problems = load_inventory(request.path, request.display)
        else:
            try:
                raw = request.content()
            except LoadError as error:
                return SourceResult(problems=(error.problem,))
            with tempfile.TemporaryDirectory(prefix="compliance-") as directory:
                copy = Path(directory) / request.path.name
                copy.write_bytes(raw)
                inventory, problems = load_inventory(copy, display=request.display)
        return SourceResult(documents=(inventory,) if inventory is not None else (), problems=tuple(problems))


def load_inventory(path: Path, display: str | None = None) -> tuple[TabularDocument | None, list[Problem]]:
    """Read a tabular inventory; (document, []) or (None, every problem found)."""
    name = display or str(path)
    csv = path.name.lower().endswith(".csv")
    try:
        digest = _sha256(path)
        names, text_columns, length = _read(path, csv)
    except OSError as error:
        return None, [Problem(name, None, None, "", f"cannot read: {error.strerror or error}")]
    except Exception as error:  # pyarrow's parse errors have no common base
        line, column, message = _csv_problem(path) if csv else (None, None, None)
        message = message or f"cannot read as {'CSV' if csv else 'Parquet'}: {' '.join(str(error).split())}"
        return None, [Problem(name, line, column, "", message)]
    first_line = 2 if csv else 1
    collector = _Collector(name, first_line, path if csv else None, names)
    header_ok = _check_header(names, collector, header_line=1 if csv else None)
    if not header_ok:
        return None, collector.finish()
    table = _parse(text_columns, length, collector)
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


def _read(path: Path, csv: bool) -> tuple[list[str], dict[str, pa.Array], int]:
    """The file's column names, its columns as Arrow text arrays (name -> array) and the row count.

    Read with pyarrow.csv (every column as text, no cell taken for null) or pyarrow.parquet, not pandas
    (compliance/arrow.py says why). A header cell left empty is named `Unnamed: <index>` and names are
    trimmed; a name listed twice keeps its first column here and is refused by _check_header.
    """
    table = _read_csv(path) if csv else _read_parquet(path)
    names = [str(name).strip() for name in _header_names(table.column_names)]
    columns: dict[str, pa.Array] = {}
    for name, chunked in zip(names, table.columns, strict=True):
        if name not in columns:
            columns[name] = _as_text(chunked.combine_chunks())
    return names, columns, table.num_rows


def _read_csv(path: Path) -> pa.Table:
    """Every column as text; an empty cell is an empty string (made null by _as_text), never "NA" or "null".
    Quoting, blank lines and the UTF-8 byte order mark as pyarrow.csv reads them."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    parse = pa_csv.ParseOptions(delimiter=",", quote_char='"', ignore_empty_lines=True)
    untyped = pa_csv.ConvertOptions(null_values=[], strings_can_be_null=False)
    try:
        with pa_csv.open_csv(path, parse_options=parse, convert_options=untyped) as reader:
            names = reader.schema.names  # the header (its first block read), to type every column as text
        convert = pa_csv.ConvertOptions(column_types={name: pa.string() for name in names}, null_values=[],
                                        strings_can_be_null=False)
        return pa_csv.read_csv(path, parse_options=parse, convert_options=convert)
    except pa.ArrowInvalid as error:
        if "Empty CSV file" in str(error):
            raise ValueError("No columns to parse from file") from error
        raise


def _read_parquet(path: Path) -> pa.Table:
    """The file's columns, without those that hold a pandas index (pandas metadata lists them).

    ParquetFile, not parquet.read_table: the latter goes through pyarrow.dataset, which imports pandas.
    """
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as reader:
        table = reader.read()
    metadata = table.schema.metadata or {}
    if b"pandas" in metadata:
        index = json.loads(metadata[b"pandas"]).get("index_columns", [])
        table = table.drop_columns([name for name in index if isinstance(name, str) and name in table.column_names])
    return table


def _header_names(names: Sequence[str]) -> list[str]:
    """A header cell left empty is named `Unnamed: <index>` (the name pandas gave it, as messages said)."""
    return [name if name != "" else f"Unnamed: {index}" for index, name in enumerate(names)]


def _as_text(values: pa.Array) -> pa.Array:
    """Any column as trimmed text, empty cells as null: lists joined by ';', integral floats as integers."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        values = pc.binary_join(pc.cast(values, pa.list_(pa.string())), arrow.string(";"))
    elif pa.types.is_floating(kind):
        finite = pc.fill_null(pc.is_finite(values), arrow.boolean(False))
        integral = pc.and_(finite, pc.equal(pc.floor(values), values))
        as_int = pc.cast(pc.if_else(integral, values, arrow.null(kind)), pa.int64(), safe=False)
        values = pc.if_else(integral, pc.cast(as_int, pa.string()), pc.cast(values, pa.string()))
    elif pa.types.is_dictionary(kind):
        values = pc.cast(values.dictionary_decode(), pa.string())
    else:
        values = pc.cast(values, pa.string())
    trimmed = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(trimmed, arrow.string("")), arrow.null(pa.string()), trimmed)


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
    good = pc.filter(unique, pc.fill_null(pc.match_substring_regex(unique, pattern), arrow.boolean(False)))
    return pc.if_else(pc.is_null(values), arrow.null(pa.bool_()), pc.is_in(values, value_set=good))


def _rows_where(mask: pa.Array) -> list[int]:
    import pyarrow.compute as pc

    return [int(row) for row in pc.indices_nonzero(pc.fill_null(mask, arrow.boolean(False))).to_pylist()]


def _count(mask: pa.Array) -> int:
    import pyarrow.compute as pc

    return int(pc.sum(pc.fill_null(mask, arrow.boolean(False))).as_py() or 0)


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
        truth = pc.is_in(lowered, value_set=arrow.strings(TRUE_WORDS))
        falsity = pc.is_in(lowered, value_set=arrow.strings(FALSE_WORDS))
        _report(collector, column, text[column], pc.and_(pc.is_valid(lowered), pc.invert(pc.or_(truth, falsity))),
                f"a boolean ({'/'.join(TRUE_WORDS)} or {'/'.join(FALSE_WORDS)})")
        columns[column] = pc.if_else(pc.is_null(lowered), arrow.null(pa.bool_()), truth)
    for column, (low, high) in INT_RANGES.items():
        values = text[column]
        well_formed = _matches(values, INTEGER_PATTERN)
        _report(collector, column, values, pc.invert(well_formed), "a whole number")
        digits = pc.if_else(well_formed, pc.utf8_trim(pc.replace_substring_regex(values, r"\.0*$", ""), "+"),
                            arrow.string("0"))
        numbers = pc.cast(pc.if_else(pc.is_null(values), arrow.null(pa.string()), digits), pa.int64())
        out_of_range = pc.less(numbers, arrow.integer(low))
        if high is not None:
            out_of_range = pc.or_(out_of_range, pc.greater(numbers, arrow.integer(high)))
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
    if not any(pc.any(pc.fill_null(mask, arrow.boolean(False))).as_py() for mask in untidy):
        return values
    tidy = pc.replace_substring_regex(values, r"\s*;[\s;]*", ";")
    tidy = pc.replace_substring_regex(tidy, r"^;|;$", "")
    return pc.if_else(pc.equal(tidy, arrow.string("")), arrow.null(pa.string()), tidy)


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
    from compliance.loaders.validate import accepts, strict_schema

    count = len(table)
    if count <= SCHEMA_SAMPLE:
        rows = list(range(count))
    else:
        step = count / SCHEMA_SAMPLE
        rows = sorted({int(index * step) for index in range(SCHEMA_SAMPLE)} | {count - 1})
    sample = [table.dicts(row, row + 1)[0] for row in rows]
    document = {"apiVersion": API_VERSION, "kind": "StorageInventory", "metadata": {"id": "sample"},
                "datasets": sample}
    if accepts("StorageInventory", document):  # jsonschema (imported only now) would find nothing
        return
    from jsonschema import Draft202012Validator

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
                               + [arrow.strings(yaml_ids)], pa.string())
    if len(pc.unique(all_ids)) == len(all_ids):
        repeated = arrow.strings([])
    else:
        counts = pc.value_counts(all_ids)
        repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), arrow.integer(1)))
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
        unknown = pc.and_(pc.is_valid(program), pc.invert(pc.is_in(program, value_set=arrow.strings(programs))))
        if _count(unknown):
            known = ", ".join(programs) or "none"
            collector.cells("program", _rows_where(unknown),
                            lambda row, p=program, k=known: f"names program {p[row].as_py()!r}, but no Program "
                            f"with that id was given (programs given: {k}); pass its manifest too", _count(unknown))
        problems.extend(collector.finish())
    return problems
