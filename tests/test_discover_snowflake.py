"""`compliance discover snowflake` on recorded ACCOUNT_USAGE rows: no Snowflake account can be
reached from the test machines, so the connection is replaced by one that answers each query with
rows in the views' documented column order (TABLES, GRANTS_TO_ROLES, GRANTS_TO_USERS,
TAG_REFERENCES, USERS). The SQL itself is therefore not exercised here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compliance.sources import snowflake
from tests.conftest import AS_OF, MCI, datasets_by_id, run_cli, snapshot_of

EVERYONE = "group:all-employees"
ROWS: dict[str, list[tuple[Any, ...]]] = {
    ".tables ": [
        ("WAREHOUSE", "MCI_RAW", "KEYSTROKES", "SYSADMIN", "BASE TABLE", 1200, None),
        ("WAREHOUSE", "MCI_RAW", "SCREENSHOTS", "SYSADMIN", "BASE TABLE", 300, None),
        ("WAREHOUSE", "CURATED", "SESSIONS", "SYSADMIN", "BASE TABLE", 90, None),
        ("WAREHOUSE", "HR", "REVIEWS", "SYSADMIN", "BASE TABLE", 40,
         "compliance: program=mci categories=performance sensitivity=4"),
    ],
    ".grants_to_roles ": [
        ("USAGE", "DATABASE", "WAREHOUSE", None, None, "ROLE", "PUBLIC"),
        ("USAGE", "SCHEMA", "MCI_RAW", "WAREHOUSE", None, "ROLE", "PUBLIC"),
        ("SELECT", "TABLE", "KEYSTROKES", "WAREHOUSE", "MCI_RAW", "ROLE", "PUBLIC"),
        ("USAGE", "ROLE", "LEGACY_ALL", None, None, "ROLE", "PUBLIC"),  # a role every user holds
        ("SELECT", "TABLE", "SCREENSHOTS", "WAREHOUSE", "MCI_RAW", "ROLE", "LEGACY_ALL"),
        ("USAGE", "SCHEMA", "CURATED", "WAREHOUSE", None, "ROLE", "MCI_READER"),
        ("SELECT", "TABLE", "SESSIONS", "WAREHOUSE", "CURATED", "ROLE", "MCI_READER"),
        ("USAGE", "ROLE", "MCI_READER", None, None, "ROLE", "TEAM_LEAD"),
        ("USAGE", "SCHEMA", "HR", "WAREHOUSE", None, "ROLE", "ANALYST"),
        ("SELECT", "TABLE", "REVIEWS", "WAREHOUSE", "HR", "ROLE", "ANALYST"),
        ("OWNERSHIP", "TABLE", "REVIEWS", "WAREHOUSE", "HR", "ROLE", "SYSADMIN"),  # no USAGE on HR: not a reader
        ("SELECT", "TABLE", "REVIEWS", "WAREHOUSE", "HR", "APPLICATION", "SOME_APP"),  # not a role: ignored
    ],
    ".grants_to_users ": [("ANALYST", "ALICE"), ("ANALYST", "BOB"), ("TEAM_LEAD", "CAROL"), ("PUBLIC", "DAVE")],
    ".tag_references ": [
        ("WAREHOUSE", "MCI_RAW", "KEYSTROKES", "PROGRAM", "mci"),
        ("WAREHOUSE", "MCI_RAW", "KEYSTROKES", "DATA_CATEGORIES", "keystrokes"),
        ("WAREHOUSE", "MCI_RAW", "KEYSTROKES", "SENSITIVITY", "4"),
    ],
    ".users ": [(5,)],
}
CONFIG = """
apiVersion: privacy.compliance/v1
kind: Config
metadata: {id: org}
discover: {tags: {program: PROGRAM, data_categories: DATA_CATEGORIES, sensitivity: SENSITIVITY}}
"""


class _Cursor:
    def __init__(self, queries: list[str]) -> None:
        self.queries = queries
        self.rows: list[tuple[Any, ...]] = []

    def execute(self, query: str) -> None:
        self.queries.append(query)
        (self.rows,) = [rows for view, rows in ROWS.items() if view in query.replace("\n", " ") + " "]

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def close(self) -> None:
        pass


class _Connection:
    def __init__(self) -> None:
        self.queries: list[str] = []
        self.closed = False

    def cursor(self) -> _Cursor:
        return _Cursor(self.queries)

    def close(self) -> None:
        self.closed = True



@pytest.fixture
def snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    connection = _Connection()
    monkeypatch.setattr(snowflake, "_connect", lambda account: connection)
    config = tmp_path / "c.yaml"
    config.write_text(CONFIG)
    output = tmp_path / "sf.yaml"
    code, _, err = run_cli(capsys, "discover", "snowflake", "acme-prod", "--config", str(config), "-o", str(output))
    assert code == 0, err
    assert connection.closed and all("account_usage" in query for query in connection.queries)
    return snapshot_of(output, err)



def test_readers_through_roles_and_containers(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    assert {name: d["access"]["readers"] for name, d in found.items()} == {
        "WAREHOUSE.MCI_RAW.KEYSTROKES": [EVERYONE],
        "WAREHOUSE.MCI_RAW.SCREENSHOTS": [EVERYONE, "group:LEGACY_ALL"],  # through a role granted to PUBLIC
        "WAREHOUSE.CURATED.SESSIONS": ["group:MCI_READER", "group:TEAM_LEAD", "user:CAROL"],
        "WAREHOUSE.HR.REVIEWS": ["group:ANALYST", "user:ALICE", "user:BOB"],  # SYSADMIN owns it, without USAGE on HR
    }
    sessions = found["WAREHOUSE.CURATED.SESSIONS"]["access"]
    assert sessions["reader_identities"] == 1
    assert sessions["reader_paths"]["user:CAROL"] == " -> ".join([
        "user:CAROL", "group:TEAM_LEAD", "group:MCI_READER", "SELECT on WAREHOUSE.CURATED.SESSIONS"])
    assert found["WAREHOUSE.HR.REVIEWS"]["access"]["reader_identities"] == 2
    assert found["WAREHOUSE.MCI_RAW.KEYSTROKES"]["access"]["reader_identities"] == 5  # every user (USERS)
    assert "two hours" in snapshot["_err"]


def test_a_table_needs_usage_on_its_database(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    grants = [row for row in ROWS[".grants_to_roles "] if row[:3] != ("USAGE", "DATABASE", "WAREHOUSE")]
    monkeypatch.setitem(ROWS, ".grants_to_roles ", [
        *grants, ("USAGE", "DATABASE", "WAREHOUSE", None, None, "ROLE", "ANALYST")])
    monkeypatch.setattr(snowflake, "_connect", lambda account: _Connection())
    output = tmp_path / "sf.json"
    assert run_cli(capsys, "discover", "snowflake", "acme-prod", "-o", str(output))[0] == 0
    found = {d["id"]: d["access"]["readers"] for d in json.loads(output.read_text())["datasets"]}
    analysts = ["group:ANALYST", "user:ALICE", "user:BOB"]  # granted to PUBLIC, but only ANALYST uses the database
    assert found == {"WAREHOUSE.MCI_RAW.KEYSTROKES": analysts, "WAREHOUSE.MCI_RAW.SCREENSHOTS": analysts,
                     "WAREHOUSE.CURATED.SESSIONS": [], "WAREHOUSE.HR.REVIEWS": analysts}


def test_tags_comments_and_observed_encryption(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    keystrokes = found["WAREHOUSE.MCI_RAW.KEYSTROKES"]
    assert (keystrokes["program"], keystrokes["data_categories"], keystrokes["sensitivity"]) == (
        "mci", ["keystrokes"], 4)
    assert keystrokes["provenance"]["program"] == "tag:PROGRAM"
    assert keystrokes["encryption"] == {"at_rest": True, "in_transit": True}
    assert keystrokes["rows"] == 1200
    assert found["WAREHOUSE.HR.REVIEWS"]["provenance"]["program"] == "comment"
    assert found["WAREHOUSE.MCI_RAW.SCREENSHOTS"]["personal_data"] is None


def test_check_after_discover(snapshot: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                       "--as-of", AS_OF)
    assert code == 1
    findings = json.loads(out)["findings"]
    broad = {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:WAREHOUSE.MCI_RAW.KEYSTROKES"}
    assert [f["resource"] for f in findings if f["rule"] == "GDPR-ROPA-002" and "unclassified" in f["message"]] == [
        "dataset:WAREHOUSE.CURATED.SESSIONS", "dataset:WAREHOUSE.MCI_RAW.SCREENSHOTS"]


def test_connection_errors_hide_secrets(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sf-Secret-3c9d"
    monkeypatch.setenv("SNOWFLAKE_PASSWORD", secret)

    def refuse(account: str) -> Any:
        raise RuntimeError(f"250001: Could not connect to Snowflake backend after 2 attempt(s) with password {secret}")

    monkeypatch.setattr(snowflake, "_connect", refuse)
    code, out, err = run_cli(capsys, "discover", "snowflake", "acme-prod", "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and secret not in out + err and "Could not connect" in err
    code, _, err = run_cli(capsys, "discover", "snowflake", "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "give the account identifier" in err
