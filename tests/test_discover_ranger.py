"""`compliance discover ranger`: a Hive policy export (written here in Ranger's documented export
format: tests/data/discover/ranger) joined to a table list and a roles export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import AS_OF, MCI, REPO, run_cli

DATA = REPO / "tests" / "data" / "discover" / "ranger"
EVERYONE = "group:all-employees"
ROLE_READERS = {"group:role/mci_readers", "group:role/team_leads", "group:role/leads_emea", "group:research",
                "user:carol"}  # roles nest (with a cycle back to mci_readers); mallory is denied by name
EXPECTED = {
    "mci_raw.keystrokes": {EVERYONE, "user:hive", "user:etl"},
    "mci_raw.screenshots": {EVERYONE, "user:hive", "user:etl"},
    "mci_curated.sessions": {*ROLE_READERS, "user:hive", "user:etl", "user:frank"},
    "mci_curated.features": {*ROLE_READERS, "user:hive", "user:etl", "group:analysts"},
    "hr.performance_reviews": {"user:alice", "user:bob", "user:hive", "user:hrsys"},
    "finance.ledger": {"user:auditor"},  # an override deny of public, except auditor, beats the open policy
    "scratch.tmp_export": {"user:hive"},  # {OWNER} unknown: no owner in the list
}



def discover(capsys: pytest.CaptureFixture[str], tmp_path: Path, policies: Path = DATA / "policies.json",
             tables: Path = DATA / "tables.csv", *extra: str) -> tuple[int, str, dict[str, Any]]:
    output = tmp_path / "inv.yaml"
    code, _, err = run_cli(capsys, "discover", "ranger", str(policies), "--tables", str(tables), "--roles",
                       str(DATA / "roles.json"), "--mapping", str(DATA / "mapping.yaml"), "-o", str(output), *extra)
    return code, err, yaml.safe_load(output.read_text()) if output.exists() else {}


def datasets(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {dataset["id"]: dataset for dataset in snapshot["datasets"]}


def test_effective_readers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, snapshot = discover(capsys, tmp_path)
    assert code == 0
    found = datasets(snapshot)
    assert {name: set(d["access"]["readers"]) for name, d in found.items()} == EXPECTED
    assert found["hr.performance_reviews"]["access"]["reader_identities"] == 4
    assert "reader_identities" not in found["mci_curated.sessions"]["access"]  # group members unknown
    assert found["mci_curated.sessions"]["access"]["reader_paths"]["user:carol"] == " -> ".join([
        "user:carol", "group:role/leads_emea", "group:role/team_leads", "group:role/mci_readers",
        "policy 11 'mci_curated sessions' allows select"])
    assert snapshot["metadata"]["source"] == "ranger:policies.json + tables.csv"


def test_approximate_results_say_why(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, err, snapshot = discover(capsys, tmp_path)
    found = datasets(snapshot)
    assert found["mci_curated.sessions"]["access"]["approximate_reasons"] == [
        "policy 17 'mci_curated sessions minutes column' allows some columns only"]
    assert found["mci_curated.features"]["access"]["approximate_reasons"] == [
        "policy 16 'mci_curated features: analysts except eve': exceptions may cover members of the groups it names"]
    assert found["scratch.tmp_export"]["access"]["approximate_reasons"] == [
        "policy 1 'all - database, table, column': {OWNER} is granted, and the table list names no owner"]
    assert "approximate" not in found["mci_raw.keystrokes"]["access"]
    assert "the readers of 3 tables are approximate" in err


def test_audit_and_classification(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, err, snapshot = discover(capsys, tmp_path)
    found = datasets(snapshot)
    assert found["mci_raw.keystrokes"]["audit_logging"] is False  # every matching policy has auditing off
    assert found["mci_curated.sessions"]["audit_logging"] is True
    assert found["mci_curated.sessions"]["drift"] == [
        {"field": "audit_logging", "declared": False, "observed": True, "declared_by": "mapping:hive-map#1"}]
    assert found["hr.performance_reviews"]["provenance"]["program"] == "comment"
    assert found["finance.ledger"]["personal_data"] is False
    assert found["scratch.tmp_export"]["personal_data"] is None
    assert "1 of 7 tables are unclassified" in err


def test_show_tables_output_and_the_one_line_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Ranger 2.5 writes one line without empty fields; the v2 API answers a bare array."""
    export = json.loads((DATA / "policies.json").read_text())

    def non_empty(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: non_empty(v) for k, v in value.items() if v not in ([], {}, "", None)}
        if isinstance(value, list):
            return [non_empty(v) for v in value]
        return value

    one_line = tmp_path / "one-line.json"
    one_line.write_text(json.dumps(non_empty(export), separators=(",", ":")))
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(export["policies"]))
    for policies in (one_line, bare):
        code, _, snapshot = discover(capsys, tmp_path, policies, DATA / "tables.txt")
        assert code == 0
        found = {name: set(d["access"]["readers"]) for name, d in datasets(snapshot).items()}
        # tables.txt has no owner column: {OWNER} is unknown for every table.
        assert found == {name: readers - {"user:etl", "user:hrsys"} for name, readers in EXPECTED.items()}


def test_check_after_discover(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, _, _ = discover(capsys, tmp_path)
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), str(tmp_path / "inv.yaml"), "--format", "json",
                       "--as-of", AS_OF)
    assert code == 1
    findings = json.loads(out)["findings"]
    broad = {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:mci_raw.keystrokes", "dataset:mci_raw.screenshots"}
    assert [f["resource"] for f in findings if f["rule"] == "GDPR-ROPA-002" and "unclassified" in f["message"]] == [
        "dataset:scratch.tmp_export"]
    drift = {(f["rule"], f["resource"]) for f in findings if "deployed catalog shows" in f["message"]}
    assert drift == {("GDPR-SEC-004", "dataset:mci_curated.sessions"), ("GDPR-SEC-004", "dataset:mci_curated.features")}


def test_bad_inputs_are_located(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policies = tmp_path / "p.json"
    policies.write_text('{\n  "policies": {"id": 1}\n}\n')
    tables = tmp_path / "t.txt"
    tables.write_text("mci_raw.keystrokes\nkeystrokes\n")
    code, _, err = run_cli(capsys, "discover", "ranger", str(policies), "--tables", str(tables), "-o",
                       str(tmp_path / "o.yaml"))
    assert code == 2
    assert f"{tables}:2:1: 'keystrokes': expected a qualified table name" in err
    policies.write_text('{"policies": [}')
    code, _, err = run_cli(capsys, "discover", "ranger", str(policies), "--tables", str(DATA / "tables.txt"), "-o",
                       str(tmp_path / "o.yaml"))
    assert code == 2 and f"{policies}:1:" in err and "Traceback" not in err
    policies.write_text('{\n  "policies": {"id": 1}\n}\n')
    code, _, err = run_cli(capsys, "discover", "ranger", str(policies), "--tables", str(DATA / "tables.txt"), "-o",
                       str(tmp_path / "o.yaml"))
    assert code == 2 and f"{policies}:2:3: policies: expected a list of policies" in err
    code, _, err = run_cli(capsys, "discover", "ranger", str(DATA / "policies.json"), "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "--tables FILE is required" in err
    assert not (tmp_path / "o.yaml").exists()


def test_unknown_source(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "discover", "oracle", "x", "-o", str(tmp_path / "o.yaml"))
    expected = "unknown source 'oracle'; expected one of: aws, bigquery, postgres, ranger, snowflake, unity"
    assert code == 2 and expected in err


def readers_of(capsys: pytest.CaptureFixture[str], tmp_path: Path, policies: list[dict[str, Any]],
               tables: str = "db.t\n", roles: list[dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """The access of each table under these policies (no mapping)."""
    (tmp_path / "p.json").write_text(json.dumps({"policies": policies}))
    (tmp_path / "t.txt").write_text(tables)
    extra = []
    if roles is not None:
        (tmp_path / "r.json").write_text(json.dumps({"roles": roles}))
        extra = ["--roles", str(tmp_path / "r.json")]
    code, _, err = run_cli(capsys, "discover", "ranger", str(tmp_path / "p.json"), "--tables", str(tmp_path / "t.txt"),
                       *extra, "-o", str(tmp_path / "o.json"), "--quiet")
    assert code == 0, err
    return {d["id"]: d["access"] for d in json.loads((tmp_path / "o.json").read_text())["datasets"]}


def allow(*users: str, groups: tuple[str, ...] = (), access: str = "select") -> dict[str, Any]:
    return {"accesses": [{"type": access}], "users": list(users), "groups": list(groups)}


def hive(database: str, table: str, **fields: Any) -> dict[str, Any]:
    resources = {"database": {"values": [database]}, "table": {"values": [table]}}
    resources.update(fields.pop("resources", {}))
    return {"service": "hive", "name": f"{database}.{table}", "resources": resources, **fields}


def test_override_allow_beats_a_normal_deny(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    found = readers_of(capsys, tmp_path, [
        hive("db", "t", policyItems=[allow("ann", "bob")], denyPolicyItems=[allow("ann", "bob")]),
        hive("db", "t", policyPriority=1, policyItems=[allow("ann")]),
    ])
    assert found["db.t"]["readers"] == ["user:ann"]


def test_deny_all_else_keeps_only_those_it_allows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    found = readers_of(capsys, tmp_path, [
        hive("db", "*", policyItems=[allow(groups=("public",))]),
        hive("db", "t", isDenyAllElse=True, policyItems=[allow("ann")]),
    ], tables="db.t\ndb.u\n")
    assert found["db.t"]["readers"] == ["user:ann"]
    assert found["db.u"]["readers"] == ["group:all-employees"]


def test_resource_matching(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Case-insensitive wildcards, isExcludes, and `all` implying select; `update` alone reads nothing."""
    found = readers_of(capsys, tmp_path, [
        hive("DB", "keys?", policyItems=[allow("ann")]),
        hive("db", "keys1", resources={"table": {"values": ["keys1"], "isExcludes": True}},
             policyItems=[allow("bob", access="all")]),
        hive("db", "*", policyItems=[allow("cid", access="update")]),
    ], tables="db.keys1\ndb.keys22\ndb.other\n")
    assert found["db.keys1"]["readers"] == ["user:ann"]
    assert found["db.keys22"]["readers"] == ["user:bob"]
    assert found["db.other"]["readers"] == ["user:bob"]


def test_validity_schedules(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    found = readers_of(capsys, tmp_path, [
        hive("db", "t", policyItems=[allow("ann")],
             validitySchedules=[{"startTime": "2020/01/01 00:00:00", "endTime": "2021/01/01 00:00:00"}]),
        hive("db", "t", policyItems=[allow("bob")],
             validitySchedules=[{"startTime": "2020/01/01 00:00:00", "endTime": "2999/01/01 00:00:00",
                                 "recurrences": [{"schedule": {"dayOfWeek": "2"}}]}]),
    ])
    assert found["db.t"]["readers"] == ["user:bob"]
    assert found["db.t"]["approximate_reasons"] == ["policy 1 'db.t' applies only at recurring times"]


def test_public_inside_a_role_is_everyone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    found = readers_of(capsys, tmp_path, [hive("db", "t", policyItems=[{"accesses": [{"type": "select"}],
                                                                         "roles": ["staff"]}])],
                       roles=[{"name": "staff", "groups": [{"name": "public"}]}])
    assert found["db.t"]["readers"][0] == "group:all-employees"


def test_deny_on_a_group_makes_a_user_reader_approximate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    found = readers_of(capsys, tmp_path, [hive("db", "t", policyItems=[allow("ann")],
                                               denyPolicyItems=[allow(groups=("contractors",))])])
    assert found["db.t"]["readers"] == ["user:ann"]
    assert found["db.t"]["approximate_reasons"] == [
        "a deny item takes away users or groups whose members the export does not list"]
    assert found["db.t"]["reader_identities"] == 1


def test_row_filter_grants_nothing_and_makes_readers_approximate(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    found = readers_of(capsys, tmp_path, [
        hive("db", "t", policyItems=[allow("ann")]),
        hive("db", "t", policyType=2, rowFilterPolicyItems=[{**allow("bob"), "rowFilterInfo": {"filterExpr": "1=0"}}]),
    ])
    assert found["db.t"]["readers"] == ["user:ann"]
    assert found["db.t"]["approximate_reasons"] == ["policy 1 'db.t' filters the rows some readers see"]


def test_tags_from_the_tag_service_classify(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The tag export in Ranger's ServiceTags shape: a database tag, a table tag that beats it, a
    column tag left out."""
    tags = {
        "serviceName": "warehouse_hive",
        "tags": {"1": {"type": "program", "attributes": {"value": "mci"}},
                 "2": {"type": "sensitivity", "attributes": {"level": "4"}},
                 "3": {"type": "sensitivity", "attributes": {"level": "2"}},
                 "4": {"type": "data_categories", "attributes": {"value": "screenshots"}}},
        "serviceResources": [
            {"id": 1, "resourceElements": {"database": {"values": ["scratch"]}}},
            {"id": 2, "resourceElements": {"database": {"values": ["scratch"]}, "table": {"values": ["TMP_EXPORT"]}}},
            {"id": 3, "resourceElements": {"database": {"values": ["scratch"]}, "table": {"values": ["tmp_export"]},
                                           "column": {"values": ["x"]}}},
        ],
        "resourceToTagIds": {"1": [1, 3], "2": [2], "3": [4]},
    }
    (tmp_path / "tags.json").write_text(json.dumps(tags))
    code, _, snapshot = discover(capsys, tmp_path, DATA / "policies.json", DATA / "tables.csv",
                                 "--tags", str(tmp_path / "tags.json"))
    assert code == 0
    scratch = datasets(snapshot)["scratch.tmp_export"]
    assert (scratch["program"], scratch["sensitivity"], scratch.get("data_categories")) == ("mci", 4, None)
    assert scratch["provenance"]["program"] == "tag:program"
    assert scratch["provenance"]["sensitivity"] == "tag:sensitivity"
    assert scratch["personal_data"] is True


def test_a_tag_export_of_another_shape_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "tags.json").write_text('{"tags": []}')
    code, err, _ = discover(capsys, tmp_path, DATA / "policies.json", DATA / "tables.csv",
                            "--tags", str(tmp_path / "tags.json"))
    assert code == 2 and "expected a Ranger tag export (ServiceTags)" in err
