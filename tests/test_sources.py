"""The file sources behind one contract (compliance/sources): which source reads which file."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from compliance.errors import InputProblems
from compliance.loaders.inputs import load_inputs
from compliance.loaders.tabular import TabularSource
from compliance.loaders.terraform import TerraformPlanSource
from compliance.loaders.yaml_json import YamlJsonSource
from compliance.sources import FILE_SOURCES, file_sources
from compliance.sources.interface import FileRequest, FileSource
from tests.conftest import SAMPLES

PROGRAM = SAMPLES / "terraform" / "program.yaml"
PLAN = SAMPLES / "terraform" / "analytics.tfplan.json"


def test_the_registry_lists_each_file_source_in_claiming_order() -> None:
    typed: list[FileSource] = [TabularSource(), TerraformPlanSource(), YamlJsonSource()]  # mypy checks the contract
    assert [type(source) for source in file_sources()] == [type(source) for source in typed]
    assert len(FILE_SOURCES) == len({source.name for source in typed})


@pytest.mark.parametrize(("name", "claimants"), [
    ("storage.inventory.csv", ["tabular"]),
    ("STORE.INVENTORY.PARQUET", ["tabular"]),
    ("analytics.tfplan.json", ["terraform", "yaml-json"]),
    ("package.json", ["terraform", "yaml-json"]),
    ("program.yml", ["yaml-json"]),
    ("notes.txt", []),
    ("inventory.csv", []),
])
def test_sources_claim_files_by_name(name: str, claimants: list[str]) -> None:
    assert [source.name for source in file_sources() if source.claims(Path(name))] == claimants


def test_a_request_reads_the_file_once(tmp_path: Path) -> None:
    path = tmp_path / "program.yaml"
    path.write_bytes(b"kind: Program\n")
    request = FileRequest(path, str(path), 1024)
    assert request.content() == b"kind: Program\n"
    path.unlink()
    assert request.content() == b"kind: Program\n"  # kept, not read again


@contextmanager
def piped(path: Path, content: bytes) -> Iterator[Path]:
    """A FIFO at path that yields content once (a second read would find it empty)."""
    os.mkfifo(path)
    writer = threading.Thread(target=path.write_bytes, args=(content,), daemon=True)
    writer.start()
    try:
        yield path
    finally:
        writer.join(timeout=30)


def test_json_through_a_pipe_that_is_no_plan_is_read_by_yaml_json_from_the_same_bytes(tmp_path: Path) -> None:
    """The plan source looks inside and answers None; the YAML/JSON source gets the bytes it read."""
    import json

    from compliance.loaders.yaml_json import load_file

    program = json.dumps(load_file(PROGRAM)[0].value)
    with piped(tmp_path / "program.json", program.encode()) as fifo:
        inputs = load_inputs([str(fifo)])
    assert [(document.kind, document.path) for document in inputs.documents] == [("Program", str(fifo))]


def test_a_plan_through_a_pipe_is_read_as_a_storage_inventory(tmp_path: Path) -> None:
    with piped(tmp_path / "plan.json", PLAN.read_bytes()) as fifo:
        inputs = load_inputs([str(PROGRAM), str(fifo)])
    assert sorted(document.kind or "" for document in inputs.documents) == ["Program", "StorageInventory"]
    assert inputs.warnings  # the plan's notes on values unknown until apply


def test_a_tabular_inventory_named_where_it_is_not_read_is_refused(tmp_path: Path) -> None:
    table = SAMPLES / "contact_centre" / "storage.inventory.csv"
    with pytest.raises(InputProblems) as raised:
        load_inputs([str(table)], kinds=("Waivers",))
    assert f"{table}: a tabular inventory is not read here" in str(raised.value)


def test_a_file_named_explicitly_that_no_source_claims_is_read_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "program.txt"
    path.write_bytes(PROGRAM.read_bytes())
    assert [document.kind for document in load_inputs([str(path)]).documents] == ["Program"]
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "program.txt").write_bytes(PROGRAM.read_bytes())
    with pytest.raises(InputProblems, match="no Program or StorageInventory documents found"):
        load_inputs([str(tmp_path / "other")])  # in a directory, only files a source claims are read
