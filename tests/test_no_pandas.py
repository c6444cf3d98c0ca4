"""`compliance check` of a tabular inventory never imports pandas (about 0.3 s of CPU a run), and finds
what it found with it: the sample CSV inventory (its golden output), the same inventory as Parquet, and
a Hive-like warehouse in both formats (exactly its planted violations).

Each check runs in a fresh interpreter, which then says whether pandas was imported; pyarrow imports it
behind the caller's back (compliance/arrow.py says when), so only a whole run can tell.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from benchmarks.generate_hive import generate_hive
from benchmarks.run import verify
from tests.conftest import AS_OF, REPO, SAMPLES
from tests.golden import GOLDEN, normalised

# Runs the command line, then prints whether pandas was imported and the exit status.
WRAPPER = """\
import sys
from compliance.cli import main
try:
    main(sys.argv[1:])
    status = 0
except SystemExit as exited:
    status = exited.code
print("pandas imported:", "pandas" in sys.modules, status)
"""


def check(*arguments: str, cwd: Path = REPO) -> int:
    """`compliance check ARGUMENTS --quiet` in a fresh interpreter: its exit status, once it imported no pandas."""
    shown = subprocess.run([sys.executable, "-c", WRAPPER, "check", *arguments, "--quiet"], cwd=cwd,
                           capture_output=True, text=True, check=False)
    last = shown.stdout.strip().splitlines()[-1] if shown.stdout.strip() else ""
    assert last.startswith("pandas imported:"), shown.stderr
    _, _, imported, status = last.split()
    assert imported == "False", f"compliance check {' '.join(arguments)} imported pandas"
    return int(status)


def test_the_wrapper_sees_pandas_imported(tmp_path: Path) -> None:
    """The check below can fail: a run that imports pandas is reported as such."""
    shown = subprocess.run([sys.executable, "-c", "import pandas\n" + WRAPPER, "--version"], cwd=REPO,
                           capture_output=True, text=True, check=False)
    assert shown.stdout.strip().splitlines()[-1] == "pandas imported: True 0"


def test_the_sample_csv_inventory(tmp_path: Path) -> None:
    output = tmp_path / "findings.json"
    status = check("samples/contact_centre", "--as-of", AS_OF, "--format", "json", "-o", str(output))
    assert status == 1  # findings
    golden = (GOLDEN / "check" / "contact_centre.json").read_text(encoding="utf-8")
    assert normalised(output.read_text(encoding="utf-8"), "samples/contact_centre") == golden


def test_the_sample_inventory_as_parquet(tmp_path: Path) -> None:
    """The sample's inventory written as Parquet, typed as pyarrow infers it (booleans, integers, text)."""
    sample = tmp_path / "contact_centre"
    shutil.copytree(SAMPLES / "contact_centre", sample)
    csv = sample / "storage.inventory.csv"
    table = pa_csv.read_csv(csv)
    assert {str(kind) for kind in table.schema.types} >= {"bool", "int64", "string"}
    pq.write_table(table, sample / "storage.inventory.parquet")
    csv.unlink()
    output = tmp_path / "findings.json"
    assert check(str(sample), "--as-of", AS_OF, "--format", "json", "-o", str(output)) == 1

    golden = json.loads((GOLDEN / "check" / "contact_centre.json").read_text(encoding="utf-8"))["findings"]
    found = json.loads(output.read_text(encoding="utf-8"))["findings"]
    for finding in golden:  # a CSV row's line is its row number + 1 (the header), a Parquet row's its row number
        location = finding["location"]
        if location["path"].endswith("storage.inventory.csv"):
            location["path"] = str(sample / "storage.inventory.parquet")
            location["line"] -= 1
        else:
            location["path"] = str(sample / Path(location["path"]).name)
    assert any(finding["location"]["path"].endswith(".parquet") for finding in golden)
    assert found == golden


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_a_hive_like_warehouse(tmp_path: Path, file_format: str) -> None:
    generate_hive(tmp_path, 3_000, file_format=file_format, seed=7)
    output = tmp_path / "findings.json"
    assert check(str(tmp_path), "--as-of", AS_OF, "--format", "json", "-o", str(output)) == 1
    planted, findings, differences = verify(output, tmp_path)
    assert planted, differences
    assert findings > 0
