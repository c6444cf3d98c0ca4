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
