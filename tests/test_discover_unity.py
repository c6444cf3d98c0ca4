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
    "tags": [("main", "mci_raw", "keystrokes", "program", "mci"),
             ("main", "mci_raw", "keystrokes", "data_categories", "keystrokes"),
             ("main", "mci_raw", "keystrokes", "sensitivity", "4")],
}


class _Cursor:
    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []

    def execute(self, query: str) -> None:
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
    assert {name: d["access"]["readers"] for name, d in found.items()} == {
        "main.mci_raw.keystrokes": [EVERYONE, "group:platform-admins", "user:etl@acme.example"],
        # the service principal: ALL PRIVILEGES on the schema, USE CATALOG as one of the account users
        "main.hr.reviews": ["group:hr-admins", "group:platform-admins", f"svc:{SP}", "user:alice@acme.example",
                            "user:bob@acme.example"],
        "main.hr.payroll": ["group:hr-admins", "group:platform-admins", f"svc:{SP}"],
    }
    reviews = found["main.hr.reviews"]
    assert "reader_identities" not in reviews["access"]  # groups: members unknown
    assert reviews["access"]["reader_paths"]["user:alice@acme.example"] == " -> ".join([
        "user:alice@acme.example", "SELECT on main.hr.reviews"])
    assert reviews["provenance"]["program"] == "comment"
    keystrokes = found["main.mci_raw.keystrokes"]
    assert (keystrokes["program"], keystrokes["sensitivity"]) == ("mci", 4)
    assert "metastore admin" in snapshot["_err"]


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
