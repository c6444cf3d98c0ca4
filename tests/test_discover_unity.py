"""`compliance discover unity` on recorded information_schema rows: no Databricks workspace can be
reached from the test machines, so the connection is replaced by one that answers each query with
rows in the views' documented column order. The SQL itself is therefore not exercised here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compliance.sources import unity
from tests.conftest import AS_OF, MCI, run_cli, snapshot_of

EVERYONE = "group:all-employees"
SP = "6f1b3c2a-1d2e-4f5a-8b9c-0d1e2f3a4b5c"
ROWS: dict[str, list[tuple[Any, ...]]] = {
    "tables": [
        ("main", "mci_raw", "keystrokes", "etl@acme.example", "MANAGED", None),
        ("main", "hr", "reviews", "hr-admins", "MANAGED", "compliance: program=mci categories=performance"),
        ("main", "hr", "payroll", "hr-admins", "MANAGED", None),
    ],
    "schemas": [("main", "mci_raw", "etl@acme.example"), ("main", "hr", "hr-admins")],
    "catalogs": [("main", "platform-admins")],
    "table_privileges": [
        ("alice@acme.example", "main", "hr", "reviews", "SELECT"),
        ("bob@acme.example", "main", "hr", "reviews", "SELECT"),
        ("carol@acme.example", "main", "hr", "payroll", "SELECT"),  # no USE SCHEMA on hr: not a reader
        ("bob@acme.example", "main", "hr", "reviews", "MODIFY"),
    ],
    "schema_privileges": [
        ("account users", "main", "mci_raw", "SELECT"),  # the incident: every account user
        ("account users", "main", "mci_raw", "USE SCHEMA"),
        ("alice@acme.example", "main", "hr", "USE SCHEMA"),
        ("bob@acme.example", "main", "hr", "USE SCHEMA"),
        (SP, "main", "hr", "ALL PRIVILEGES"),
    ],
    "catalog_privileges": [("account users", "main", "USE CATALOG")],
    "metastores": [("metastore-admins",)],
    "tags": [("main", "mci_raw", "keystrokes", "program", "mci"),
             ("main", "mci_raw", "keystrokes", "data_categories", "keystrokes"),
             ("main", "mci_raw", "keystrokes", "sensitivity", "4")],
}


class _Cursor:
    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []

    def execute(self, query: str) -> None:
        if query == unity.METASTORE_QUERY:
            if "metastores" not in ROWS:
                raise RuntimeError("[TABLE_OR_VIEW_NOT_FOUND] system.information_schema.metastores")
            self.rows = ROWS["metastores"]
            return
        (self.rows,) = [ROWS[name] for name, text in unity.QUERIES.items() if text == query]

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def close(self) -> None:
        pass


class _Connection:
    def cursor(self) -> _Cursor:
        return _Cursor()

    def close(self) -> None:
        pass



@pytest.fixture
def snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(unity, "_connect", lambda host: _Connection())
    output = tmp_path / "uc.json"
    code, _, err = run_cli(capsys, "discover", "unity", "dbc-1234.cloud.databricks.com", "-o", str(output))
    assert code == 0, err
    return snapshot_of(output, err)


def test_readers_with_inherited_privileges(snapshot: dict[str, Any]) -> None:
    found = {d["id"]: d for d in snapshot["datasets"]}
    # platform-admins owns the catalog: it may grant itself SELECT, but reads no table until it does
    assert {name: d["access"]["readers"] for name, d in found.items()} == {
        # every account user reads keystrokes, platform-admins too (the privileges it holds are listed)
        "main.mci_raw.keystrokes": [EVERYONE, "group:platform-admins", "user:etl@acme.example"],
        # the service principal: ALL PRIVILEGES on the schema, USE CATALOG as one of the account users
        "main.hr.reviews": ["group:hr-admins", f"svc:{SP}", "user:alice@acme.example", "user:bob@acme.example"],
        "main.hr.payroll": ["group:hr-admins", f"svc:{SP}"],
    }
    reviews = found["main.hr.reviews"]
    assert "reader_identities" not in reviews["access"]  # groups: members unknown
    assert reviews["access"]["reader_paths"]["user:alice@acme.example"] == " -> ".join([
        "user:alice@acme.example", "SELECT on main.hr.reviews"])
    assert reviews["provenance"]["program"] == "comment"
    keystrokes = found["main.mci_raw.keystrokes"]
    assert (keystrokes["program"], keystrokes["sensitivity"]) == ("mci", 4)
    # the metastore admin manages every grant but reads nothing by default: named, not a reader
    assert ("metastore admin metastore-admins reads no table by default and is not listed as a reader, but can "
            "grant itself SELECT on any table") in snapshot["_err"]
    assert all("group:metastore-admins" not in d["access"]["readers"] for d in found.values())


def test_owners_read_only_what_they_own_or_are_granted(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog's owner holds USE CATALOG and USE SCHEMA through ownership: one SELECT grant on a table
    makes it a reader of that table; the schema owner reads the table it owns, not its neighbours."""
    monkeypatch.setitem(ROWS, "table_privileges", [*ROWS["table_privileges"],
                                                   ("platform-admins", "main", "hr", "payroll", "SELECT")])
    monkeypatch.setitem(ROWS, "tables", [*ROWS["tables"],
                                         ("main", "hr", "bonuses", "carol@acme.example", "MANAGED", None)])
    monkeypatch.setattr(unity, "_connect", lambda host: _Connection())
    output = tmp_path / "uc.json"
    code, _, err = run_cli(capsys, "discover", "unity", "dbc-1234.cloud.databricks.com", "-o", str(output))
    assert code == 0, err
    found = {d["id"]: d for d in snapshot_of(output, err)["datasets"]}
    assert found["main.hr.payroll"]["access"]["readers"] == ["group:hr-admins", "group:platform-admins", f"svc:{SP}"]
    assert found["main.hr.payroll"]["access"]["reader_paths"]["group:platform-admins"] == (
        "group:platform-admins -> SELECT on main.hr.payroll")
    # carol owns bonuses but holds no USE SCHEMA on hr; hr-admins owns the schema but holds no SELECT on it
    assert found["main.hr.bonuses"]["access"]["readers"] == [f"svc:{SP}"]


def test_without_the_metastores_view(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(ROWS, "metastores")
    monkeypatch.setattr(unity, "_connect", lambda host: _Connection())
    code, _, err = run_cli(capsys, "discover", "unity", "dbc-1234.cloud.databricks.com",
                           "-o", str(tmp_path / "o.json"))
    assert code == 0
    assert ("the metastore admin could not be read from system.information_schema.metastores "
            "([TABLE_OR_VIEW_NOT_FOUND] system.information_schema.metastores)") in err


def test_check_after_discover(snapshot: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                       "--as-of", AS_OF)
    assert code == 1
    findings = json.loads(out)["findings"]
    broad = {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:main.mci_raw.keystrokes"}
    assert [f["resource"] for f in findings if f["rule"] == "GDPR-ROPA-002" and "unclassified" in f["message"]] == [
        "dataset:main.hr.payroll"]


def test_token_never_shown(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token = "dapi-0123456789abcdef"
    monkeypatch.setenv("DATABRICKS_TOKEN", token)

    def refuse(host: str) -> Any:
        raise RuntimeError(f"Error during request to server: invalid access token {token}")

    monkeypatch.setattr(unity, "_connect", refuse)
    code, out, err = run_cli(capsys, "discover", "unity", "dbc-1234.cloud.databricks.com",
                             "-o", str(tmp_path / "o.json"))
    assert code == 2 and token not in out + err and "invalid access token ***" in err
