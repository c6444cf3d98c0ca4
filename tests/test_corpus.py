"""Every file of the bad-input corpus gives exactly its expected message and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"

# file -> every line printed on stderr (after the path prefix) before the count of problems. Each names
# the line where the mistake starts and the value refused (or, for what is missing, what is missing).
EXPECTED: dict[str, tuple[str, ...]] = {
    "alias_bomb.yaml": (
        ":7:4: this list, `&g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]`, holds more than 5,000,000 values once its aliases "
        "are expanded; refusing the file (an alias bomb?)",),
    "array.json": (
        ':1:1: a document must be a mapping with apiVersion, kind and metadata; got a list: '
        '[{"apiVersion": "privacy.compliance/v1"}]',),
    "bad_country.yaml": (
        ':6:8: controller.establishments[0].country: "Germany" does not match the pattern ^[A-Z]{2}$',),
    "bad_date.yaml": (':5:3: program.start_date: "next tuesday" is not a valid date (ISO 8601 expected)',),
    "bad_indent.yaml": (
        ":5:2: invalid YAML: `program:` is indented to column 2, unlike the keys of the mapping that starts at "
        "line 1, column 1 (did not find expected key)",),
    "duplicate_item.yaml": (
        ':5:48: program.technologies[2]: "keystroke_events" is listed twice (first at program.technologies[0]); '
        "each item may appear once",),
    "duplicate_key.yaml": (":4:1: metadata: duplicate key 'metadata' (first at line 3)",),
    "empty.yaml": (": no Program or StorageInventory documents found",),
    "empty_reason.waivers.yaml": (':7:5: waivers[0].reason: "" is empty; expected at least 1 character',),
    "latin1.yaml": (":3:19: not UTF-8 text (byte 0xe9 at offset 66, in `metadata: {id: caf\\xe9}`); save the file "
                    "as UTF-8",),
    "missing_api.yaml": (":1:1: apiVersion: missing; expected privacy.compliance/v1",),
    "missing_required.yaml": (":5:5: purposes[0]: 'id' is required but not declared",),
    "null_kind.yaml": (":2:1: kind: null (not declared); expected one of: Program, StorageInventory, Waivers",),
    "out_of_range.inventory.yaml": (":7:5: datasets[0].sensitivity: 7 is above the maximum of 4",),
    "syntax.json": (":2:19: invalid JSON: a ',' is missing after `\"Program\"`, before `\"metadata\"` at line 3 "
                    "(column 2)",),
    "tabs.yaml": (':4:1: invalid YAML: found character "\\t" that cannot start any token (a tab: YAML indents '
                  "with spaces only)",),
    "trailing_comma.json": (":4:39: invalid JSON: a trailing ',' before `}` at line 5 (column 1); JSON allows none",),
    "unclosed_flow_list.yaml": (
        ":6:17: invalid YAML: the flow list opened at line 6 (column 17) is never closed (no ']' after "
        "`[keystroke_events,`); the parser gave up at line 9 (column 9), in `covert: false`",),
    "unclosed_flow_mapping.yaml": (
        ":3:11: invalid YAML: the flow mapping opened at line 3 (column 11) is never closed (no '}' after "
        "`{id: unclosed-flow-mapping, owner: hr`); the parser gave up at line 4 (column 8), in `program:`",),
    "unclosed_list.json": (
        ":5:31: invalid JSON: the list opened at line 5 (column 31) is never closed (a ']' is missing); the parser "
        "gave up at line 5 (column 64), at `}` (Expecting ',' delimiter)",),
    "unclosed_mapping.json": (
        ":4:15: invalid JSON: the mapping opened at line 4 (column 15) is probably never closed: the '}' at line 8 "
        "(column 1) that closes it is indented for another bracket, and the parser reached the end of the file "
        "(Expecting ',' delimiter)",),
    "unclosed_quote.yaml": (
        ':6:16: invalid YAML: the quoted string opened at line 6 (column 16) is never closed (`"Keystroke '
        "monitoring of the support ...`); the parser reached the end of the file at line 10",),
    "unknown_field.yaml": (":5:3: consent.usd: unknown field 'usd'; did you mean 'used'?",),
    "unknown_fields.yaml": (":6:3: program.stauts: unknown field 'stauts'; did you mean 'status'?",
                            ":7:3: program.covret: unknown field 'covret'; did you mean 'covert'?"),
    "wrong_api.yaml": (':1:1: apiVersion: "privacy.compliance/v9" is not a version this tool reads; expected '
                       "privacy.compliance/v1",),
    "wrong_kind.yaml": (':2:1: kind: "Programme" is not a kind of document; did you mean Program?',),
    "wrong_type.yaml": (':5:3: program.covert: expected boolean, got "no"',),
    "missing_column.inventory.csv": (
        ":1:1: (header): missing column(s): rows (every column is required; leave cells empty where a value is "
        "unknown)",),
    "extra_column.inventory.csv": (
        ":1:1: (header): unknown column 'owner'; expected only: id, program, data_categories, personal_data, "
        "sensitivity, country, region, encryption_at_rest, key_ref, encryption_in_transit, readers, writers, "
        "ttl_days, audit_logging, rows",),
    "ragged_row.inventory.csv": (
        ":3:1: cannot read as CSV: CSV parse error: Expected 15 columns, got 8: "
        "mci_raw.b,mci,keystrokes,true,4,DE,eu-central-1,true",),
    "latin1.inventory.csv": (
        ":2:37: not UTF-8 text (byte 0xe9 at offset 197, in `...ystrokes,true,4,DE,r\\xe9gion,true,kms://...`); "
        "save the file as UTF-8",),
    "bad_boolean.inventory.csv": (
        ':2:30: personal_data: "maybe" is not a boolean (true/yes/1 or false/no/0) (row 1)',),
    "future_format.tfplan.json": (
        ":2:3: format_version: Terraform JSON format_version '2.0' is not supported; this tool reads formats 0.x "
        "and 1.x (`terraform show -json` of Terraform 0.12 or later)",),
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
    count = len(EXPECTED[name])
    assert err.splitlines() == [*(f"{path}{line}" for line in EXPECTED[name]),
                                f"{count} problem{'s' if count != 1 else ''} in the input; nothing was evaluated"]
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
