"""Tabular inventories (*.inventory.csv, *.inventory.parquet): loading, problems, positions, findings."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from compliance.errors import InputProblems
from compliance.evaluation import table_json_chunks
from compliance.loaders import tabular
from compliance.loaders.inputs import load_inputs
from compliance.loaders.tabular import COLUMNS, TabularDocument, inventory_id, load_inventory
from compliance.runner import RunOptions, run_check
from tests.conftest import AS_OF

HEADER = ",".join(COLUMNS)

PROGRAM = """\
apiVersion: privacy.compliance/v1
kind: Program
metadata: {id: mci}
controller: {name: Northwind, establishments: [{country: DE}]}
data_categories:
  - {id: keystrokes, name: Keystrokes, type: keystrokes, retention_days: 30}
  - {id: clicks, name: Clicks, type: clicks, retention_days: 90}
"""

ROWS = [
    # Clean: encrypted, need-to-know readers, TTL within 30 days, audit logging.
    "mci_raw.clean,mci,keystrokes,true,4,DE,eu-central-1,true,kms://k/1,true,group:core,svc:ingest,30,true,10",
    # Unencrypted, world-readable, no TTL, no audit log at sensitivity 4; lists with spaces and empty items.
    "mci_raw.open,mci,keystrokes; clicks;,TRUE,4,,,false,,yes,group:core;  group:all-employees ;,,,no,",
    # No personal data: nothing applies; empty cells are absent fields.
    "ops.metrics,,,false,,,,,,,,,,,",
]


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


@pytest.fixture
def inventory(write: Callable[[str, str], Path]) -> Path:
    write("program.yaml", PROGRAM)
    return write("mci-warehouse.inventory.csv", csv_text(*ROWS))


def test_rows_become_the_datasets_a_yaml_inventory_would_give(inventory: Path) -> None:
    document, problems = load_inventory(inventory)
    assert problems == []
    assert document is not None
    assert document.kind == "StorageInventory"
    assert document.id == "mci-warehouse"
    datasets = list(document.value["datasets"])
    assert datasets[1] == {
        "id": "mci_raw.open", "program": "mci", "data_categories": ["keystrokes", "clicks"],
        "personal_data": True, "sensitivity": 4, "encryption": {"at_rest": False, "in_transit": True},
        "access": {"readers": ["group:core", "group:all-employees"]}, "audit_logging": False,
    }
    assert datasets[2] == {"id": "ops.metrics", "personal_data": False}
    assert datasets[0]["location"] == {"country": "DE", "region": "eu-central-1"}
    assert datasets[0]["retention"] == {"ttl_days": 30}
    assert document.value["datasets"][-1] == datasets[2]
    assert document.value["datasets"][0:2] == datasets[0:2]


def test_the_engine_json_equals_the_rows(inventory: Path) -> None:
    document, _ = load_inventory(inventory)
    assert isinstance(document, TabularDocument)
    chunks = list(table_json_chunks(document.table, 2, "mci-warehouse"))
    assert [count for count, _ in chunks] == [2, 1]
    rows = [row for _, text in chunks for row in json.loads(f"[{text}]")]
    assert rows == [{**dataset, "inventory": "mci-warehouse"} for dataset in document.value["datasets"]]


def test_quotes_backslashes_and_control_characters_survive_the_json(write: Callable[[str, str], Path]) -> None:
    path = write("odd.inventory.csv", csv_text(
        'a.b,"pro""g\\\\x",c,true,,,"line\nbreak",,,,,,,,',
    ))
    document, problems = load_inventory(path)
    assert problems == []
    assert isinstance(document, TabularDocument)
    (_, text), = table_json_chunks(document.table, 10, "odd")
    assert json.loads(f"[{text}]")[0] == {**document.value["datasets"][0], "inventory": "odd"}
    assert document.value["datasets"][0]["program"] == 'pro"g\\\\x'


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    table = pa.table({
        "id": ["a.one", "a.two"], "program": ["mci", None], "data_categories": [["keystrokes"], []],
        "personal_data": [True, False], "sensitivity": [4.0, None], "country": ["DE", None],
        "region": [None, None], "encryption_at_rest": [False, None], "key_ref": [None, None],
        "encryption_in_transit": [True, None], "readers": [["group:all-employees", "group:core"], None],
        "writers": [None, None], "ttl_days": pa.array([None, 7], pa.int64()), "audit_logging": [None, None],
        "rows": pa.array([12, None], pa.int64()),
    })
    path = tmp_path / "lake.inventory.parquet"
    pq.write_table(table, path)
    document, problems = load_inventory(path)
    assert problems == []
    assert document is not None
    assert list(document.value["datasets"]) == [
        {"id": "a.one", "program": "mci", "data_categories": ["keystrokes"], "personal_data": True,
         "sensitivity": 4, "location": {"country": "DE"}, "encryption": {"at_rest": False, "in_transit": True},
         "access": {"readers": ["group:all-employees", "group:core"]}, "rows": 12},
        {"id": "a.two", "personal_data": False, "retention": {"ttl_days": 7}},
    ]
    assert document.locate(("datasets", 1, "retention", "ttl_days")).line == 2  # Parquet: the row number


def test_inventory_id_comes_from_the_file_name() -> None:
    assert inventory_id(Path("x/MCI Warehouse.Inventory.CSV")) == "mci-warehouse"
    assert inventory_id(Path("__.inventory.parquet")) == "inventory"


def test_positions_are_computed_per_row(inventory: Path) -> None:
    document, _ = load_inventory(inventory)
    assert document is not None
    assert document.locate(("datasets", 1, "encryption", "at_rest")).line == 3  # CSV: row + 2
    assert document.locate(("datasets", 0)).line == 2
    assert document.locate(("metadata", "id")).line == 1


# -- problems: every one, with file, line, column --------------------------------------------------


def problems_of(path: Path) -> list[str]:
    """The problems shown, file names relative to the file's directory."""
    document, problems = load_inventory(path)
    assert document is None
    return [str(problem).replace(f"{path.parent}/", "") for problem in problems]


def test_missing_and_unknown_columns(write: Callable[[str, str], Path]) -> None:
    header = HEADER.replace("ttl_days", "ttl_dayz").replace(",rows", "")
    shown = problems_of(write("w.inventory.csv", csv_text(header=header)))
    assert shown == [
        "w.inventory.csv:1:1: (header): unknown column 'ttl_dayz'; did you mean 'ttl_days'?",
        "w.inventory.csv:1:1: (header): missing column(s): ttl_days, rows (every column is required; "
        "leave cells empty where a value is unknown)",
    ]


def test_a_column_listed_twice_is_refused(write: Callable[[str, str], Path], tmp_path: Path) -> None:
    """Neither column is taken silently, also when the names differ only by the spaces around them."""
    shown = problems_of(write("w.inventory.csv", csv_text(header=HEADER.replace("program", " id "))))
    assert shown == [
        "w.inventory.csv:1:1: (header): column(s) listed twice: id",
        "w.inventory.csv:1:1: (header): missing column(s): program (every column is required; "
        "leave cells empty where a value is unknown)",
    ]
    assert problems_of(write("x.inventory.csv", csv_text(header=HEADER + ",rows"))) == [
        "x.inventory.csv:1:1: (header): column(s) listed twice: rows"]
    twice = tmp_path / "y.inventory.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array([name]) for name in (*COLUMNS, "rows")], names=[*COLUMNS, "rows"]),
                   twice)
    assert problems_of(twice) == ["y.inventory.parquet: (header): column(s) listed twice: rows"]


def test_text_as_written(write: Callable[[str, str], Path]) -> None:
    """A UTF-8 byte order mark is not part of the first name; NA, null, N/A are text; quoted cells keep
    their commas and quotes; an empty header cell is named as the messages always named it."""
    path = write("w.inventory.csv", csv_text('"a,b",NA,,false,,,null,,N/A,,,,,,', '"x""y",,,no,,,,,,,,,,,'))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    document, problems = load_inventory(path)
    assert [str(problem) for problem in problems] == [
        f'{path}:2:1: id: "a,b" is not a valid dataset id (pattern ^[A-Za-z0-9][A-Za-z0-9._:/-]*$) (row 1)',
        f'{path}:3:1: id: "x\\"y" is not a valid dataset id (pattern ^[A-Za-z0-9][A-Za-z0-9._:/-]*$) (row 2)',
    ]
    path.write_bytes(b"\xef\xbb\xbf" + csv_text("a.b,NA,,false,,,null,,N/A,,,,,,").encode())
    document, problems = load_inventory(path)
    assert problems == [] and document is not None
    assert list(document.value["datasets"]) == [
        {"id": "a.b", "program": "NA", "personal_data": False, "location": {"region": "null"},
         "encryption": {"key_ref": "N/A"}}]
    assert problems_of(write("v.inventory.csv", csv_text(header=HEADER + ","))) == [
        "v.inventory.csv:1:1: (header): unknown column 'Unnamed: 15'; expected only: " + ", ".join(COLUMNS)]
    assert problems_of(write("e.inventory.csv", "")) == ["e.inventory.csv: cannot read as CSV: No columns to parse "
                                                         "from file"]


def test_a_pandas_index_in_parquet_is_not_a_column(tmp_path: Path) -> None:
    """pandas writes a frame's index as a column its metadata names: left out, as pandas reads it."""
    frame = pa.table({name: pa.array(["t.1", "t.2"] if name == "id" else ["false", "no"] if name == "personal_data"
                                      else [None, None], pa.string()) for name in COLUMNS}).to_pandas()
    path = tmp_path / "w.inventory.parquet"
    frame.set_axis(["second", "first"]).iloc[[1, 0]].to_parquet(path)
    assert "__index_level_0__" in pq.read_schema(path).names
    document, problems = load_inventory(path)
    assert problems == [] and document is not None
    assert [dataset["id"] for dataset in document.value["datasets"]] == ["t.2", "t.1"]


def test_bad_cells_name_line_column_and_field(write: Callable[[str, str], Path]) -> None:
    rows = [
        "ok.table,mci,,true,2,DE,,true,,true,group:core,,30,true,",
        "bad.table,mci,,maybe,7,Germany,,true,,true,group:core;everyone,,-3,true,1.5",
        "bad/id!,mci,,,,,,,,,,,,,",
    ]
    shown = problems_of(write("w.inventory.csv", csv_text(*rows)))
    assert shown == [
        'w.inventory.csv:3:16: personal_data: "maybe" is not a boolean (true/yes/1 or false/no/0) (row 2)',
        'w.inventory.csv:3:22: sensitivity: "7" is not a whole number between 1 and 4 (row 2)',
        'w.inventory.csv:3:24: country: "Germany" is not an ISO 3166-1 alpha-2 country code such as DE (row 2)',
        'w.inventory.csv:3:44: readers: "everyone" is not a principal (user:NAME, group:NAME, svc:NAME, "*" or '
        '"authenticated") (row 2)',
        'w.inventory.csv:3:65: ttl_days: "-3" is not a whole number (row 2)',
        'w.inventory.csv:3:73: rows: "1.5" is not a whole number (row 2)',
        'w.inventory.csv:4:1: id: "bad/id!" is not a valid dataset id (pattern ^[A-Za-z0-9][A-Za-z0-9._:/-]*$) (row 3)',
        "w.inventory.csv:4:14: personal_data: personal_data is required but empty (row 3)",
    ]


def test_many_bad_rows_are_listed_then_counted(write: Callable[[str, str], Path]) -> None:
    rows = [f"t{n},,,perhaps,,,,,,,,,,," for n in range(25)]
    shown = problems_of(write("w.inventory.csv", csv_text(*rows)))
    assert len(shown) == 11
    assert shown[-1].endswith("personal_data: ... and 15 more rows with the same problem in this column")


def test_unreadable_files_are_one_problem(write: Callable[[str, str], Path], tmp_path: Path) -> None:
    broken = tmp_path / "x.inventory.parquet"
    broken.write_bytes(b"not parquet")
    assert problems_of(broken)[0].startswith("x.inventory.parquet: cannot read as Parquet:")


def test_the_schema_runs_on_a_sample(inventory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value the column checks let through is still caught by the schema on the sampled rows."""
    monkeypatch.setattr(tabular, "COUNTRY_PATTERN", r"^.*$")
    path = inventory.with_name("w.inventory.csv")
    path.write_text(csv_text("x.y,,,true,,de,,,,,,,,,"), encoding="utf-8")
    assert problems_of(path) == [
        "w.inventory.csv:2:13: country: location.country: 'de' does not match '^[A-Z]{2}$' (schema check of a "
        "sample of rows) (row 1)",
    ]


# -- with the other inputs -------------------------------------------------------------------------


def test_directories_pick_up_tabular_inventories(inventory: Path) -> None:
    (inventory.parent / "notes.csv").write_text("not,an,inventory\n", encoding="utf-8")
    inputs = load_inputs([str(inventory.parent)])
    assert sorted((document.kind or "", document.id or "") for document in inputs.documents) == [
        ("Program", "mci"), ("StorageInventory", "mci-warehouse"),
    ]


def test_unknown_programs_and_repeated_ids_are_cross_checked(write: Callable[[str, str], Path]) -> None:
    write("program.yaml", PROGRAM)
    write("storage.yaml", """\
        apiVersion: privacy.compliance/v1
        kind: StorageInventory
        metadata: {id: yaml-side}
        datasets:
          - {id: shared.table, personal_data: false}
        """)
    csv = write("w.inventory.csv", csv_text(
        "shared.table,mci,,false,,,,,,,,,,,",
        "twice,ghost,,false,,,,,,,,,,,",
        "twice,mci,,false,,,,,,,,,,,",
    ))
    with pytest.raises(InputProblems) as raised:
        load_inputs([str(csv.parent)])
    shown = [str(problem) for problem in raised.value.problems]
    assert shown == [
        f"{csv}:2:1: id: dataset 'shared.table' is listed twice (also in {csv.parent / 'storage.yaml'}) (row 1)",
        f"{csv}:3:1: id: dataset 'twice' is listed twice (again below, or in another inventory) (row 2)",
        f"{csv}:3:7: program: names program 'ghost', but no Program with that id was given (programs given: "
        "mci); pass its manifest too (row 2)",
        f"{csv}:4:1: id: dataset 'twice' is listed twice (first in row 2) (row 3)",
    ]


def test_check_reports_findings_at_the_row(inventory: Path) -> None:
    result = run_check(RunOptions(paths=(str(inventory.parent),), as_of=datetime.date.fromisoformat(AS_OF)))
    on_rows = {(f.resource, f.location.line if f.location else None) for f in result.findings
               if f.resource.startswith("dataset:")}
    assert ("dataset:mci_raw.open", 3) in on_rows
    assert "dataset:ops.metrics" not in {resource for resource, _ in on_rows}
    opened = {f.rule for f in result.findings if f.resource == "dataset:mci_raw.open"}
    assert {"GDPR-SEC-001", "GDPR-PD-002", "GDPR-PR-005", "GDPR-SEC-004"} <= opened
    assert all(f.location and f.location.path == str(inventory) for f in result.findings
               if f.resource.startswith("dataset:"))


def test_a_piped_inventory_gives_the_findings_of_the_file(inventory: Path, tmp_path: Path) -> None:
    """A CSV arriving through a pipe (a FIFO, /dev/stdin) is read once and judged as the file is."""
    import os
    import threading

    fifo = tmp_path / "piped" / "mci-warehouse.inventory.csv"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    feeder = threading.Thread(target=lambda: fifo.write_bytes(inventory.read_bytes()), daemon=True)
    feeder.start()
    as_of = datetime.date.fromisoformat(AS_OF)
    piped = run_check(RunOptions(paths=(str(fifo), str(inventory.parent / "program.yaml")), as_of=as_of))
    feeder.join(timeout=10)
    from_file = run_check(RunOptions(paths=(str(inventory), str(inventory.parent / "program.yaml")), as_of=as_of))
    assert [(f.rule, f.resource, f.message) for f in piped.findings] == \
        [(f.rule, f.resource, f.message) for f in from_file.findings]
    assert {f.location.path for f in piped.findings if f.location and f.resource.startswith("dataset:")} == {str(fifo)}
