"""`compliance export ropa`: the Art. 30(1) register as xlsx, ods and csv, read back with pandas."""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from compliance.cli import main
from compliance.export.ropa import HEADERS, MISSING_HEADER, PURPOSE_HEADER
from compliance.runner import RunOptions, execute
from tests.conftest import AS_OF, MCI, SAMPLES

Write = Callable[[str, str], Path]


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def export(target: Path, *paths: Path, extra: tuple[str, ...] = ()) -> Path:
    assert cli("export", "ropa", *map(str, paths), "-o", str(target), "--as-of", AS_OF, "-q", *extra) == 0
    return target


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.read_excel(path, dtype=str, keep_default_na=False, engine="odf" if path.suffix == ".ods" else "openpyxl")


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("ropa")
    return {suffix: export(root / f"ropa.{suffix}", SAMPLES) for suffix in ("xlsx", "ods", "csv")}


def sample_programs() -> list[str]:
    documents = execute(RunOptions(paths=(str(SAMPLES),), quiet=True)).inputs.of_kind("Program")
    return sorted(str(document.id) for document in documents)


def test_one_row_per_program_of_every_sample(registers: dict[str, Path]) -> None:
    frame = read(registers["xlsx"])
    assert list(frame["Program"]) == sample_programs()
    assert len(sample_programs()) == len([p for p in SAMPLES.iterdir() if p.is_dir()])
    assert list(frame.columns) == [*HEADERS, MISSING_HEADER]


def test_columns_follow_art_30_1_a_to_g(registers: dict[str, Path]) -> None:
    columns = list(read(registers["xlsx"]).columns)
    letters = [column[1] for column in columns if column.startswith("(")]
    assert letters == sorted(letters) and set(letters) == set("abcdefg")
    assert columns[-1] == MISSING_HEADER


def test_the_three_formats_hold_the_same_table(registers: dict[str, Path]) -> None:
    xlsx, ods, csv = (read(registers[suffix]) for suffix in ("xlsx", "ods", "csv"))
    pd.testing.assert_frame_equal(xlsx, ods)
    pd.testing.assert_frame_equal(xlsx, csv)


def test_mci_row_says_what_is_declared_and_flags_what_is_not(registers: dict[str, Path]) -> None:
    frame = read(registers["xlsx"]).set_index("Program")
    mci = frame.loc["mci"]
    assert mci["(a) Controller"] == "Northwind Social, Inc."
    assert mci["(a) Controller contact"] == "privacy@northwind-social.example"
    assert mci["Record entry"] == "ROPA-HR-0417"
    assert mci["(e) Transfers to third countries"] == "US: Northwind Social, Inc. (US parent)"
    assert "EU-US Data Privacy Framework" in mci["(e) Transfer safeguards"]
    assert "processor: Lakeshore Labeling LLC" in mci["(d) Categories of recipients"]
    assert "internal: group:all-employees (23,400 people)" in mci["(d) Categories of recipients"]
    # Retention: keystrokes, screenshots and prompts have none; never a made-up period.
    erasure = mci["(f) Time limits for erasure"]
    assert "screen_content: 400 days" in erasure and "keystrokes" not in erasure
    for category in ("keystrokes", "screenshots", "prompts_and_transcripts"):
        assert f"(f) erasure time limit of {category}" in mci[MISSING_HEADER]
    assert "(b) lawful basis of agent_training" in mci[MISSING_HEADER]
    # Security: only what is in place (TLS in transit); at-rest encryption is declared false.
    assert mci["(g) Security measures"].splitlines() == ["encryption in transit",
                                                        "access rights reviewed every 365 days"]
    assert "DPO name and contact" in mci[MISSING_HEADER]


def test_null_and_absent_fields_are_empty_and_flagged(tmp_path: Path, write: Write) -> None:
    write("p/program.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Program
        metadata: {id: sparse}
        controller: {name: Acme GmbH, contact: null, joint_controllers: null, establishments: [{country: DE}]}
        data_categories:
          - {id: logs, name: Logs, retention_days: null}
        purposes:
          - {id: p1, description: "=HYPERLINK(\\"http://x.example\\")", lawful_basis: legitimate_interests}
        transfers: []
        processors: []
        dpo: {designated: false}
        """)
    frame = read(export(tmp_path / "r.xlsx", tmp_path / "p"))
    row = frame.iloc[0]
    missing = row[MISSING_HEADER]
    assert row["(a) Controller"] == "Acme GmbH"
    assert row["(a) Controller contact"] == "" and "(a) controller contact" in missing
    assert row["(a) Joint controllers"] == "" and "(a) joint controllers" in missing
    assert row["(f) Time limits for erasure"] == "" and "(f) erasure time limit of logs" in missing
    assert row["(e) Transfers to third countries"] == "none" and "(e) transfers" not in missing  # [] is declared
    assert row["(a) Data protection officer"] == "none designated" and "DPO" not in missing
    assert row["(a) Representative (Art. 27)"] == "" and "representative" not in missing  # established in DE
    assert row["(g) Security measures"] == "" and "(g) security measures" in missing
    assert "(d) internal recipients (access.readers)" in missing and "(d) processors" not in missing
    assert row["(b) Purposes"].startswith('p1: =HYPERLINK(')  # text, not a formula
    sheet = zipfile.ZipFile(tmp_path / "r.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    csv_text = export(tmp_path / "r.csv", tmp_path / "p").read_text(encoding="utf-8")
    assert "'p1: =HYPERLINK" not in csv_text  # only a cell that starts like a formula is prefixed
    assert read(tmp_path / "r.csv").iloc[0]["(b) Purposes"] == row["(b) Purposes"]


def test_a_formula_like_cell_is_inert_in_csv(tmp_path: Path, write: Write) -> None:
    write("p/program.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Program
        metadata: {id: f, name: "=1+1"}
        """)
    frame = read(export(tmp_path / "r.csv", tmp_path / "p"))
    assert frame.iloc[0]["Name"] == "'=1+1"
    assert read(export(tmp_path / "r.ods", tmp_path / "p")).iloc[0]["Name"] == "=1+1"


def test_rows_by_purpose(tmp_path: Path) -> None:
    frame = read(export(tmp_path / "r.csv", MCI, extra=("--rows", "purpose")))
    assert list(frame[PURPOSE_HEADER]) == ["agent_training", "agent_evaluation", "assistant_transcript_reuse",
                                           "security_monitoring"]
    security = frame.set_index(PURPOSE_HEADER).loc["security_monitoring"]
    assert security["(c) Categories of personal data"].count("\n") == 1  # application_usage and identifiers only
    assert security["(f) Time limits for erasure"].startswith("application_usage: 90 days\nidentifiers: 730 days")
    assert "keystrokes" not in security[MISSING_HEADER]  # not this purpose's data


def test_same_bytes_private_and_never_over_an_input(tmp_path: Path, registers: dict[str, Path]) -> None:
    for suffix, first in registers.items():
        again = export(tmp_path / f"again.{suffix}", SAMPLES)
        assert again.read_bytes() == first.read_bytes(), suffix
        assert stat.S_IMODE(again.stat().st_mode) == 0o600
    members = zipfile.ZipFile(io.BytesIO(registers["ods"].read_bytes())).infolist()
    assert members[0].filename == "mimetype" and members[0].compress_type == zipfile.ZIP_STORED
    sample = tmp_path / "mci"
    shutil.copytree(MCI, sample)
    before = (sample / "storage.yaml").read_bytes()
    assert cli("export", "ropa", str(sample), "-o", str(sample / "storage.yaml"), "--format", "csv", "-q") == 2
    assert (sample / "storage.yaml").read_bytes() == before


def test_format_from_extension_or_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("export", "ropa", str(MCI), "-o", str(tmp_path / "r.txt"), "-q") == 2
    assert "name the file .xlsx, .ods or .csv" in capsys.readouterr().err
    assert not (tmp_path / "r.txt").exists()
    written = export(tmp_path / "r.txt", MCI, extra=("--format", "csv"))
    assert read(written.rename(tmp_path / "r.csv"))["Program"].tolist() == ["mci"]


def test_no_program_is_bad_input(tmp_path: Path, write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    inventory = write("storage.yaml", """
        apiVersion: privacy.compliance/v1
        kind: StorageInventory
        metadata: {id: lonely}
        datasets:
          - {id: t1, personal_data: false}
        """)
    assert cli("export", "ropa", str(inventory), "-o", str(tmp_path / "r.csv"), "-q") == 2
    assert "no Program document" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()


def test_samples_readme_lists_what_each_row_misses(registers: dict[str, Path]) -> None:
    text = (SAMPLES / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### The record of processing"):]
    lines = section[section.index("| program |"):].split("\n\n")[0].splitlines()[2:]
    documented = {cells[0].strip("`"): cells[2] for cells in
                  ([cell.strip() for cell in line.strip().strip("|").split(" | ")] for line in lines)}
    frame = read(registers["xlsx"]).set_index("Program")
    assert documented == dict(frame[MISSING_HEADER])
