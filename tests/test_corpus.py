"""Every file of the bad-input corpus gives exactly its expected message and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"

# file -> the first line printed on stderr (after the path prefix).
EXPECTED = {
    "alias_bomb.yaml": ": more than 5,000,000 values after expanding aliases; refusing the file (an alias bomb?)",
    "array.json": ":1:1: a document must be a mapping with apiVersion, kind and metadata; got a list",
    "bad_country.yaml": ':6:8: controller.establishments[0].country: "Germany" does not match the pattern ^[A-Z]{2}$',
    "bad_date.yaml": ':5:3: program.start_date: "next tuesday" is not a valid date (ISO 8601 expected)',
    "duplicate_key.yaml": ":4:1: metadata: duplicate key (first at line 3)",
    "empty.yaml": ": no Program or StorageInventory documents found",
    "latin1.yaml": ":3:1: not UTF-8 text (byte 0xe9 at offset 66)",
    "syntax.json": ":3:2: invalid JSON: Expecting ',' delimiter",
    "tabs.yaml": ":4:1: invalid YAML: while scanning for the next token; found character that cannot start any "
                 "token (a tab: YAML indents with spaces only)",
    "unknown_field.yaml": ":5:3: consent.usd: unknown field; did you mean 'used'?",
    "wrong_api.yaml": ":1:1: apiVersion: not a privacy.compliance/v1 document (apiVersion: privacy.compliance/v1 "
                      "expected)",
    "wrong_kind.yaml": ":2:1: kind: kind 'Programme' is not read here; expected one of: Program, StorageInventory, "
                       "Waivers",
    "wrong_type.yaml": ':5:3: program.covert: expected boolean, got "no"',
    "missing_column.inventory.csv": ":1:1: (header): missing column(s): rows (every column of SPEC 2.2 is required; "
                                    "leave cells empty where a value is unknown)",
    "extra_column.inventory.csv": ":1:1: (header): unknown column 'owner'; expected only: id, program, "
                                  "data_categories, personal_data, sensitivity, country, region, encryption_at_rest, "
                                  "key_ref, encryption_in_transit, readers, writers, ttl_days, audit_logging, rows",
    "ragged_row.inventory.csv": ":3:1: cannot read as CSV: CSV parse error: Expected 15 columns, got 8: "
                                "mci_raw.b,mci,keystrokes,true,4,DE,eu-central-1,true",
    "latin1.inventory.csv": ":2:1: not UTF-8 text (byte 0xe9 at offset 197)",
    "bad_boolean.inventory.csv": ':2:30: personal_data: "maybe" is not a boolean (true/yes/1 or false/no/0) (row 1)',
    "old_format.tfplan.json": ":2:3: format_version: Terraform JSON format_version '0.1' is not supported; this tool "
                              "reads format 1.x (`terraform show -json` of Terraform 1.1 or later)",
}


def test_every_corpus_file_has_an_expectation() -> None:
    files = {path.name for path in CORPUS.iterdir() if not path.name.endswith("_ok.yaml")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_entry(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / name
    with pytest.raises(SystemExit) as exited:
        main(["check", str(path)])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.splitlines()[0] == f"{path}{EXPECTED[name]}"
    assert "Traceback" not in err


def test_bom_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(CORPUS / "bom_ok.yaml")])
    assert exited.value.code == 0


def test_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compliance.loaders.yaml_json import LoadError, load_file

    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (2 * 2**20) + "\n")
    with pytest.raises(LoadError, match=r"2 MB is over the input size limit of 1 MB \(raise it with --max-input-mb\)"):
        load_file(big, max_bytes=2**20)


def test_parquet_with_wrong_column_types(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from compliance.loaders.tabular import COLUMNS

    columns = {name: pa.array([None], pa.string()) for name in COLUMNS}
    columns.update(id=pa.array(["ds.one"]), personal_data=pa.array([True]), sensitivity=pa.array(["high"]),
                   ttl_days=pa.array([1.5]), encryption_at_rest=pa.array([3]))
    path = tmp_path / "wrong.inventory.parquet"
    pq.write_table(pa.table(columns), path)
    with pytest.raises(SystemExit) as exited:
        main(["check", str(path)])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f'{path}:1:5: sensitivity: "high" is not a whole number (row 1)',
        f'{path}:1:8: encryption_at_rest: "3" is not a boolean (true/yes/1 or false/no/0) (row 1)',
        f'{path}:1:13: ttl_days: "1.5" is not a whole number (row 1)',
        "3 problems in the input; nothing was evaluated",
    ]


@pytest.mark.parametrize("command", ["check", "validate", "report"])
def test_max_input_mb_refuses_and_raises_the_limit(command: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A file over --max-input-mb is refused before it is read, in every format; raising the limit reads it."""
    big = tmp_path / "big.yaml"
    padding = "# " + "x" * 1022 + "\n"
    big.write_text((CORPUS.parent.parent / "samples" / "mci" / "program.yaml").read_text(encoding="utf-8")
                   + padding * 2048, encoding="utf-8")  # 2 MB of comments after a valid Program
    extra = ["-o", str(tmp_path / "r.pdf")] if command == "report" else []
    with pytest.raises(SystemExit) as exited:
        main([command, str(big), "--max-input-mb", "1", *extra])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{big}: 2.02 MB is over the input size limit of 1 MB (raise it with --max-input-mb)")
    if command == "validate":
        with pytest.raises(SystemExit) as exited:
            main([command, str(big), "--max-input-mb", "3"])
        assert exited.value.code == 0


@pytest.mark.parametrize("option", ["--waivers", "--baseline"])
def test_the_size_limit_covers_waivers_and_baselines(option: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--waivers and --baseline files are inputs too: refused over --max-input-mb, read under it."""
    big = tmp_path / ("w.yaml" if option == "--waivers" else "b.json")
    big.write_bytes(b" " * (2 * 2**20))
    mci = str(CORPUS.parent.parent / "samples" / "mci")
    with pytest.raises(SystemExit) as exited:
        main(["check", mci, option, str(big), "--max-input-mb", "1", "--as-of", "2026-11-22"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[0].removeprefix("error: ") == (
        f"{big}: 2 MB is over the input size limit of 1 MB (raise it with --max-input-mb)")
    with pytest.raises(SystemExit) as exited:  # under the limit it is read: and found empty
        main(["check", mci, option, str(big), "--max-input-mb", "3", "--as-of", "2026-11-22"])
    assert exited.value.code == 2
    assert "over the input size limit" not in capsys.readouterr().err


def test_the_size_limit_holds_for_a_stream_without_a_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pipe (or /dev/stdin, /dev/zero) has no size to check ahead: reading stops at the limit."""
    import os
    import threading

    fifo = tmp_path / "endless.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with fifo.open("wb") as stream:
                for _ in range(4):
                    stream.write(b"# " + b"x" * (2**20 - 3) + b"\n")
        except OSError:  # the reader stopped at the limit and closed its end
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    with pytest.raises(SystemExit) as exited:
        main(["check", str(fifo), "--max-input-mb", "1"])
    feeder.join(timeout=10)
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{fifo}: more than 1 MB, the input size limit (raise it with --max-input-mb)")


def test_the_size_limit_covers_tabular_inventories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.inventory.csv"
    path.write_bytes(b"x" * (2 * 2**20 + 2**19))
    with pytest.raises(SystemExit) as exited:
        main(["check", str(path), "--max-input-mb", "1.5"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{path}: 2.5 MB is over the input size limit of 1.5 MB (raise it with --max-input-mb)")
