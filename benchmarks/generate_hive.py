"""Generate a warehouse inventory shaped like a Hive metastore, with a known number of planted violations.

    python benchmarks/generate_hive.py OUT_DIR --datasets 45000 [--format parquet|csv] [--seed 0]

Real warehouses are repetitive: grants, encryption, retention and labels are set per database (or
schema), with a few per-table exceptions. Here about 300 databases (one per 150 tables below 45,000)
of very different sizes each carry one setting of every field; a few tables depart from their
database, cleanly (a shorter TTL, one more declared reader) or not (planted below). The files are those
of benchmarks/generate.py (the same program manifest and columns), so benchmarks/run.py checks both
the same way:

- `program.yaml`: the manifest (benchmarks/generate.PROGRAM_YAML),
- `warehouse.inventory.parquet` (or `.csv`): one table a row,
- `expected.json`: how many tables of each planted kind there are, which rule must report them, and how
  many distinct configurations (rows alike but for the id and the row count) the inventory holds.

Planted, each breaking exactly one dataset rule (two for a broad grant, as in generate.py):

- `broad_readers`: whole databases opened to group:all-employees by one grant (the incident);
- `no_ttl`: databases without a retention setting;
- `no_audit_logging`: databases labelled 3 or 4 with audit logging off;
- `unencrypted`: single tables left unencrypted in otherwise clean databases;
- `orphan`: single scratch tables that name no program.

A fifth of the databases hold no personal data and are left untidy (no rule may fire on them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

if __package__ in (None, ""):  # run as a script: the repository on the path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import CATEGORIES, INVENTORY_STEM, KINDS, PROGRAM_ID, PROGRAM_YAML, warehouse_table

DATABASES = 300
TABLES_PER_DATABASE = 150  # below 45,000 tables, fewer databases
# Databases of each planted kind (a share of the databases), and single tables of each kind (a share of the tables).
DATABASE_KINDS = {"broad_readers": 0.02, "no_ttl": 0.03, "no_audit_logging": 0.03}
TABLE_KINDS = {"unencrypted": 0.004, "orphan": 0.002}
CLEAN_EXCEPTIONS = 0.01  # tables that depart from their database without breaking a rule


def generate_hive(directory: Path, datasets: int, *, file_format: str = "parquet", seed: int = 0) -> dict[str, object]:
    """Write program.yaml, the inventory and expected.json; return what expected.json holds."""
    if file_format not in ("parquet", "csv"):
        raise ValueError(f"format must be parquet or csv, not {file_format!r}")
    directory.mkdir(parents=True, exist_ok=True)
    table, planted = hive_table(datasets, seed=seed)
    inventory = directory / f"{INVENTORY_STEM}.inventory.{file_format}"
    if file_format == "parquet":
        pq.write_table(table, inventory, compression="zstd")
    else:
        pa_csv.write_csv(table, inventory)
    (directory / "program.yaml").write_text(PROGRAM_YAML, encoding="utf-8")
    expected: dict[str, object] = {
        "datasets": datasets,
        "inventory": inventory.name,
        "shape": "hive",
        "configurations": distinct_configurations(table),
        "planted": {kind: {"rules": list(KINDS[kind].rules), "datasets": count, "how": KINDS[kind].how}
                    for kind, count in planted.items()},
    }
    (directory / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    return expected


def distinct_configurations(table: pa.Table) -> int:
    """Rows that differ in something besides the id and the row count (the key the check groups by)."""
    keys = [name for name in table.column_names if name not in ("id", "rows")]
    return int(table.group_by(keys, use_threads=False).aggregate([]).num_rows)


def hive_table(count: int, *, seed: int) -> tuple[pa.Table, dict[str, int]]:
    """The inventory as an Arrow table of text columns (lists joined with ';'), and the planted counts."""
    rng = np.random.default_rng(seed)
    databases = max(1, min(DATABASES, count // TABLES_PER_DATABASE))
    # Database sizes: a few large, many small (a log-normal spread), every database at least one table.
    weights = rng.lognormal(0.0, 1.2, databases)
    sizes = np.maximum(1, np.floor(weights / weights.sum() * (count - databases)).astype(np.int64) + 1)
    sizes[np.argmax(sizes)] += count - sizes.sum()
    database = np.repeat(np.arange(databases), sizes)

    # Per database: its kind, category, label, readers, TTL, key.
    order = rng.permutation(databases)
    kind_of = np.full(databases, "", dtype=object)
    taken = 0
    for kind, share in DATABASE_KINDS.items():
        chosen = order[taken:taken + max(1, round(databases * share))]
        kind_of[chosen] = kind
        taken += len(chosen)
    untidy = np.zeros(databases, dtype=bool)
    untidy[order[taken:taken + databases // 5]] = True
    category_names = np.array(list(CATEGORIES), dtype=object)
    chosen_category = rng.integers(0, len(CATEGORIES), databases)
    retention = np.array(list(CATEGORIES.values()))[chosen_category]
    db_sensitivity = rng.integers(1, 5, databases)
    db_sensitivity[kind_of == "no_audit_logging"] = rng.integers(3, 5, int((kind_of == "no_audit_logging").sum()))
    db_readers = np.where(rng.random(databases) < 0.5, "group:analytics-core", "group:analytics-core;svc:reporting")
    db_readers = db_readers.astype(object)
    db_readers[kind_of == "broad_readers"] = "group:analytics-core;group:all-employees"
    db_ttl = (rng.integers(1, 31, databases) * retention // 30).astype(np.int64)

    def per_table(values: np.ndarray) -> np.ndarray:
        return values[database]

    ttl_text = per_table(db_ttl).astype(str).astype(object)
    at_rest = np.full(count, "true", dtype=object)
    audit = np.full(count, "true", dtype=object)
    readers = per_table(db_readers).copy()
    program = np.full(count, PROGRAM_ID, dtype=object)
    personal = ~per_table(untidy)
    table_kind_of = per_table(kind_of)
    ttl_text[table_kind_of == "no_ttl"] = ""
    audit[table_kind_of == "no_audit_logging"] = "false"

    # Per-table departures, only in clean databases holding personal data.
    clean_tables = np.flatnonzero((table_kind_of == "") & personal)
    shuffled = rng.permutation(clean_tables)
    planted: dict[str, int] = {}
    taken = 0
    for table_kind, share in TABLE_KINDS.items():
        rows = shuffled[taken:taken + int(count * share)]
        taken += len(rows)
        planted[table_kind] = len(rows)
        if table_kind == "unencrypted":
            at_rest[rows] = "false"
        else:
            program[rows] = ""
    exceptions = shuffled[taken:taken + int(count * CLEAN_EXCEPTIONS)]
    half = len(exceptions) // 2
    shorter = per_table(retention)[exceptions[:half]] // 3  # a TTL shorter than its database's, still allowed
    ttl_text[exceptions[:half]] = shorter.astype(str).astype(object)
    readers[exceptions[half:]] = "group:analytics-core;svc:reporting"
    for database_kind in DATABASE_KINDS:
        planted[database_kind] = int(((table_kind_of == database_kind) & personal).sum())

    # Databases without personal data: untidy, never reported.
    at_rest[~personal] = "false"
    readers[~personal] = "*"
    ttl_text[~personal] = ""
    audit[~personal] = ""

    index = np.arange(count)
    ids = np.char.add(np.char.add("db", database.astype(str)), np.char.add(".table_", index.astype(str)))
    table = warehouse_table(ids, program, per_table(category_names[chosen_category]), personal,
                            per_table(db_sensitivity).astype(str).astype(object), at_rest,
                            np.char.add("kms://warehouse/db", database.astype(str)).astype(object), readers, ttl_text,
                            audit, rng)
    return table, {kind: planted[kind] for kind in KINDS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--datasets", type=int, default=45_000)
    parser.add_argument("--format", dest="file_format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    expected = generate_hive(options.directory, options.datasets, file_format=options.file_format, seed=options.seed)
    planted = expected["planted"]
    assert isinstance(planted, dict)
    print(f"{options.datasets:,} tables, {expected['configurations']:,} distinct configurations; planted: "
          + ", ".join(f"{kind} {value['datasets']:,}" for kind, value in planted.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
