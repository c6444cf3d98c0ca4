"""`compliance discover postgres` against a real PostgreSQL server seeded with the incident
(tests/postgres_server.py): readers exactly as seeded, PostgreSQL's own privilege functions as the
oracle, classification, drift, the check that follows, and no secret anywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance.cli import main
from tests.conftest import AS_OF, MCI, REPO, run_cli
from tests.postgres_server import SUPERUSER_PASSWORD, Server

pytestmark = pytest.mark.postgres

MAPPING = REPO / "tests" / "data" / "discover" / "postgres-mapping.yaml"
DISCOVERY_PASSWORD = "discovery-pw-7c1e"
EVERYONE = "group:all-employees"
# Read every table: the superuser, and dave through pg_read_all_data.
IMPLICIT = {"user:postgres", "user:dave", "group:pg_read_all_data"}
# carol -> team_leads -> research -> mci_readers; erin is a NOINHERIT member of mci_readers.
CHAIN = {"group:mci_readers", "group:research", "group:team_leads", "user:carol"}
EXPECTED_READERS = {
    "mci_raw.keystrokes": {EVERYONE, "group:mci_owner", *IMPLICIT},
    "mci_raw.screenshots": {EVERYONE, "group:mci_owner", *IMPLICIT},
    "mci_raw.prompts": {EVERYONE, "group:mci_owner", *IMPLICIT},
    # ... and frank, through a view that reads it with its owner's privileges.
    "mci_curated.sessions": {"group:mci_owner", *CHAIN, *IMPLICIT, "user:frank"},
    # Granted to PUBLIC, but only mci_readers (and the owner) may use the schema.
    "mci_curated.features": {"group:mci_owner", *CHAIN, *IMPLICIT},
    "hr.performance_reviews": {"user:alice", "user:bob", *IMPLICIT},
    "public.scratch": {*IMPLICIT, "user:frank"},  # one column granted to frank
    "reporting.session_minutes": {"user:frank", *IMPLICIT},
}
LOGINS = 8  # postgres, discovery, alice, bob, carol, dave, erin, frank
EXPECTED_IDENTITIES = {
    "mci_raw.keystrokes": LOGINS, "mci_raw.screenshots": LOGINS, "mci_raw.prompts": LOGINS,
    "mci_curated.sessions": 4, "mci_curated.features": 3,  # carol, dave, postgres (and frank)
    "hr.performance_reviews": 4,  # alice, bob, dave, postgres
    "public.scratch": 3, "reporting.session_minutes": 3,  # dave, frank, postgres
}



def discover(capsys: pytest.CaptureFixture[str], server: Server, output: Path, *extra: str) -> tuple[int, str, str]:
    dsn = server.dsn(user="discovery", password=DISCOVERY_PASSWORD)
    return run_cli(capsys, "discover", "postgres", dsn, "-o", str(output), *extra)


@pytest.fixture(scope="module")
def snapshot(postgres_server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("discover") / "inv.yaml"
    with pytest.raises(SystemExit) as exited:
        main(["discover", "postgres", postgres_server.dsn(user="discovery", password=DISCOVERY_PASSWORD),
              "--mapping", str(MAPPING), "-o", str(output), "--quiet"])
    assert exited.value.code == 0
    value: dict[str, Any] = yaml.safe_load(output.read_text())
    value["_path"] = str(output)
    return value


def by_id(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {dataset["id"]: dataset for dataset in snapshot["datasets"]}


def test_readers_match_the_seed_exactly(snapshot: dict[str, Any]) -> None:
    datasets = by_id(snapshot)
    assert {name: set(d["access"]["readers"]) for name, d in datasets.items()} == EXPECTED_READERS
    assert {name: d["access"]["reader_identities"] for name, d in datasets.items()} == EXPECTED_IDENTITIES


def test_role_chain_noinherit_and_read_all_data_paths(snapshot: dict[str, Any]) -> None:
    sessions = by_id(snapshot)["mci_curated.sessions"]["access"]
    assert sessions["reader_paths"]["user:carol"] == " -> ".join([
        "user:carol", "group:team_leads", "group:research", "group:mci_readers",
        "GRANT SELECT ON mci_curated.sessions"])
    assert sessions["reader_paths"]["user:dave"] == " -> ".join([
        "user:dave", "group:pg_read_all_data", "reads every table (pg_read_all_data)"])
    assert sessions["reader_paths"]["user:postgres"] == "user:postgres -> superuser"
    assert "user:erin" not in sessions["readers"]  # NOINHERIT: must SET ROLE first, as has_table_privilege says
    assert sessions["reader_paths"]["user:frank"] == " -> ".join([
        "user:frank", "GRANT SELECT ON view reporting.session_minutes, which reads mci_curated.sessions as its owner"])
    assert sessions["approximate_reasons"] == [
        "readable through views that read it with their owner's privileges: reporting.session_minutes"]
    scratch = by_id(snapshot)["public.scratch"]["access"]
    assert scratch["reader_paths"]["user:frank"] == "user:frank -> GRANT SELECT (some columns) ON public.scratch"
    keystrokes = by_id(snapshot)["mci_raw.keystrokes"]["access"]
    assert keystrokes["readers"][0] == EVERYONE  # the all-readers principal first
    assert keystrokes["reader_paths"][EVERYONE] == f"{EVERYONE} -> GRANT SELECT ON mci_raw.keystrokes TO PUBLIC"


def test_readers_agree_with_postgresql_privilege_functions(postgres_server: Server,
                                                           snapshot: dict[str, Any]) -> None:
    """has_any_column_privilege and has_schema_privilege are the oracle for every login and relation,
    but for what a view exposes (PostgreSQL checks the view's owner there, not the reader)."""
    import psycopg

    with psycopg.connect(postgres_server.dsn()) as connection:
        rows = connection.execute("""
            select r.rolname, n.nspname || '.' || c.relname,
                   has_any_column_privilege(r.oid, c.oid, 'SELECT') and has_schema_privilege(r.oid, n.oid, 'USAGE')
            from pg_roles r, pg_class c join pg_namespace n on n.oid = c.relnamespace
            where r.rolcanlogin and c.relkind in ('r', 'v')
              and n.nspname in ('mci_raw', 'mci_curated', 'hr', 'public', 'reporting')
        """).fetchall()
    datasets = by_id(snapshot)
    checked = 0
    for role, table, can_read in rows:
        access = datasets[table]["access"]
        readers = {reader for reader in access["readers"]
                   if " view " not in access["reader_paths"][reader].rsplit(" -> ", 1)[-1]}
        ours = EVERYONE in readers or f"user:{role}" in readers
        assert ours == can_read, (role, table)
        checked += 1
    assert checked == LOGINS * len(EXPECTED_READERS)


def test_snapshot_metadata_and_observed_facts(snapshot: dict[str, Any], postgres_server: Server) -> None:
    metadata = snapshot["metadata"]
    assert metadata["source"] == f"postgres://discovery@127.0.0.1:{postgres_server.port}/warehouse"
    assert metadata["observed_at"].endswith("Z")
    assert metadata["id"] == "postgres-warehouse"
    keystrokes = by_id(snapshot)["mci_raw.keystrokes"]
    assert keystrokes["rows"] == 500  # reltuples after ANALYZE
    assert keystrokes["audit_logging"] is False  # no pgaudit on the test server
    assert keystrokes["encryption"]["in_transit"] is False  # ssl is off on the test server
    features = by_id(snapshot)["mci_curated.features"]["access"]
    assert features["approximate"] is True
    assert features["approximate_reasons"] == ["row-level security narrows the rows each reader sees"]
    assert "approximate" not in by_id(snapshot)["mci_raw.keystrokes"]["access"]


def test_classification_and_its_provenance(snapshot: dict[str, Any]) -> None:
    datasets = by_id(snapshot)
    keystrokes = datasets["mci_raw.keystrokes"]
    classified = (keystrokes["program"], keystrokes["data_categories"], keystrokes["sensitivity"])
    assert classified == ("mci", ["keystrokes"], 4)
    assert keystrokes["provenance"]["program"] == "mapping:warehouse-map#0"  # the first match wins
    assert datasets["mci_raw.prompts"]["provenance"]["program"] == "mapping:warehouse-map#1"
    assert keystrokes["encryption"]["at_rest"] is False  # declared: PostgreSQL cannot show it
    assert keystrokes["provenance"]["encryption.at_rest"] == "mapping:warehouse-map#0"
    assert keystrokes["retention"] == {"ttl_days": 30}
    reviews = datasets["hr.performance_reviews"]  # from its comment
    assert (reviews["program"], reviews["data_categories"], reviews["sensitivity"]) == ("mci", ["performance"], 4)
    assert reviews["provenance"] == {**reviews["provenance"], "program": "comment", "sensitivity": "comment"}
    assert reviews["personal_data"] is True
    scratch = datasets["public.scratch"]
    assert scratch["personal_data"] is None and "program" not in scratch


def test_drift_keeps_the_observed_value(snapshot: dict[str, Any]) -> None:
    datasets = by_id(snapshot)
    screenshots = datasets["mci_raw.screenshots"]
    assert screenshots["encryption"]["in_transit"] is False
    assert screenshots["drift"] == [{"field": "encryption.in_transit", "declared": True, "observed": False,
                                     "declared_by": "mapping:warehouse-map#1"}]
    sessions = datasets["mci_curated.sessions"]
    assert sessions["access"]["readers"] != ["group:mci_readers"]
    assert sessions["drift"][0]["field"] == "access.readers"
    assert sessions["drift"][0]["declared"] == ["group:mci_readers"]
    assert "keystrokes" not in {d["id"] for d in snapshot["datasets"] if d.get("drift")}


def test_mapping_leftovers_are_reported(capsys: pytest.CaptureFixture[str], postgres_server: Server,
                                        tmp_path: Path) -> None:
    code, _, err = discover(capsys, postgres_server, tmp_path / "inv.json", "--mapping", str(MAPPING), "--quiet")
    assert code == 0
    assert "datasets[4].match 'legacy_*.*' matched no table" in err
    assert "2 tables matched no entry" in err and "hr.performance_reviews, public.scratch" in err
    assert "1 of 8 tables are unclassified" in err
    assert json.loads((tmp_path / "inv.json").read_text())["kind"] == "StorageInventory"


def test_check_after_discover(capsys: pytest.CaptureFixture[str], snapshot: dict[str, Any]) -> None:
    """The done-when: GDPR-PD-002 on every table readable through PUBLIC, none on the two-analyst table."""
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                       "--as-of", AS_OF)
    assert code == 1
    findings = json.loads(out)["findings"]
    broad = {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:mci_raw.keystrokes", "dataset:mci_raw.screenshots", "dataset:mci_raw.prompts"}
    orphan = [f for f in findings if f["rule"] == "GDPR-ROPA-002"]
    assert [(f["resource"], f["location"]["line"] > 1) for f in orphan if "unclassified" in f["message"]] == [
        ("dataset:public.scratch", True)]
    drift = {(f["rule"], f["resource"], f["severity"]) for f in findings if "deployed catalog shows" in f["message"]}
    assert drift == {("GDPR-SEC-005", "dataset:mci_raw.screenshots", "medium"),
                     ("GDPR-SEC-005", "dataset:mci_raw.prompts", "medium"),
                     ("GDPR-SEC-003", "dataset:mci_curated.sessions", "medium"),
                     ("GDPR-SEC-003", "dataset:mci_curated.features", "medium")}


def test_identity_count_makes_a_named_group_broad(capsys: pytest.CaptureFixture[str], snapshot: dict[str, Any],
                                                   write: Any) -> None:
    config = write("compliance.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Config
        metadata: {id: strict}
        params: {max_reader_group_size: 2}
    """)
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                       "--as-of", AS_OF, "--config", str(config), "--rule", "GDPR-PD-002")
    findings = json.loads(out)["findings"]
    messages = {f["resource"]: f["message"] for f in findings if f["resource"].startswith("dataset:")}
    expected = "readable by 4 login identities, more than max_reader_group_size (2)"
    assert expected in messages["dataset:mci_curated.sessions"]
    assert "4 login identities" in messages["dataset:hr.performance_reviews"]
    assert code == 1


def test_everyone_label_from_config(capsys: pytest.CaptureFixture[str], postgres_server: Server, tmp_path: Path,
                                    write: Any) -> None:
    config = write("c.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Config
        metadata: {id: org}
        discover: {everyone: "*"}
    """)
    code, _, _ = discover(capsys, postgres_server, tmp_path / "inv.yaml", "--config", str(config), "--quiet")
    assert code == 0
    datasets = by_id(yaml.safe_load((tmp_path / "inv.yaml").read_text()))
    assert datasets["mci_raw.keystrokes"]["access"]["readers"][0] == "*"
    assert datasets["mci_raw.keystrokes"]["personal_data"] is None  # no mapping: unclassified


def test_parquet_snapshot_is_a_tabular_inventory(capsys: pytest.CaptureFixture[str], postgres_server: Server,
                                                 tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    output = tmp_path / "warehouse.inventory.parquet"
    code, _, err = discover(capsys, postgres_server, output, "--mapping", str(MAPPING), "--quiet")
    assert code == 0
    assert "the 1 unclassified tables are written as personal data without a program" in err
    table = pq.read_table(output).to_pydict()
    row = table["id"].index("mci_raw.keystrokes")
    assert table["readers"][row].split(";")[0] == EVERYONE
    assert table["program"][row] == "mci"
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), str(output), "--format", "json",
                           "--as-of", AS_OF)
    findings = json.loads(out)["findings"]
    broad = {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:mci_raw.keystrokes", "dataset:mci_raw.screenshots", "dataset:mci_raw.prompts"}
    orphans = {f["resource"] for f in findings if f["rule"] == "GDPR-ROPA-002" and "orphan" in f["message"]}
    assert orphans == {"dataset:public.scratch"}


def test_secrets_never_appear(capsys: pytest.CaptureFixture[str], postgres_server: Server, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "inv.yaml"
    code, out, err = discover(capsys, postgres_server, output, "--mapping", str(MAPPING))
    assert code == 0
    written = output.read_text()
    for text in (written, out, err):
        assert DISCOVERY_PASSWORD not in text
    # PGPASSWORD, libpq's usual way: used, never shown.
    monkeypatch.setenv("PGPASSWORD", SUPERUSER_PASSWORD)
    dsn = f"host=127.0.0.1 port={postgres_server.port} dbname=warehouse user=postgres"
    code, out, err = run_cli(capsys, "discover", "postgres", dsn, "-o", str(output))
    assert code == 0
    assert SUPERUSER_PASSWORD not in output.read_text() + out + err
    assert yaml.safe_load(output.read_text())["metadata"]["source"] == (
        f"postgres://postgres@127.0.0.1:{postgres_server.port}/warehouse")


def test_refused_connection_shows_no_secret(capsys: pytest.CaptureFixture[str], postgres_server: Server,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = "wr0ng-Secret-9d"
    output = tmp_path / "inv.yaml"
    code, out, err = run_cli(capsys, "discover", "postgres", postgres_server.dsn(user="discovery", password=wrong),
                         "-o", str(output))
    assert code == 2
    assert "password authentication failed" in err and "Traceback" not in err
    assert wrong not in out + err
    assert not output.exists()
    monkeypatch.setenv("PGPASSWORD", wrong)
    code, out, err = run_cli(capsys, "discover", "postgres",
                         f"postgresql://discovery@127.0.0.1:{postgres_server.port}/nowhere", "-o", str(output))
    assert code == 2 and wrong not in out + err
    # A DSN that does not parse is not echoed (it may hold a password).
    code, out, err = run_cli(capsys, "discover", "postgres", f"host=127.0.0.1 password={wrong} = =", "-o", str(output))
    assert code == 2 and wrong not in out + err


def test_check_takes_the_database_directly(capsys: pytest.CaptureFixture[str], postgres_server: Server,
                                           snapshot: dict[str, Any]) -> None:
    """Continuous monitoring: `check PROGRAM MAPPING postgresql://...` discovers first, in memory."""
    dsn = postgres_server.dsn(user="discovery", password=DISCOVERY_PASSWORD)
    code, out, err = run_cli(capsys, "check", str(MCI / "program.yaml"), str(MAPPING), dsn, "--format", "json",
                         "--as-of", AS_OF)
    assert code == 1
    assert DISCOVERY_PASSWORD not in out + err
    result = json.loads(out)
    broad = {f["resource"] for f in result["findings"]
             if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:mci_raw.keystrokes", "dataset:mci_raw.screenshots", "dataset:mci_raw.prompts"}
    source = f"postgres://discovery@127.0.0.1:{postgres_server.port}/warehouse"
    assert [record["path"] for record in result["inputs"] if record["kind"] == "StorageInventory"] == [source]
    assert "matched no table" in err  # the mapping's leftovers are warnings of the run
    # The same findings as the snapshot written to a file and checked from there.
    _, from_file, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                          "--as-of", AS_OF)
    assert {(f["rule"], f["resource"], f["message"]) for f in result["findings"]} == {
        (f["rule"], f["resource"], f["message"]) for f in json.loads(from_file)["findings"]}


def test_report_takes_the_database_directly(capsys: pytest.CaptureFixture[str], postgres_server: Server,
                                            tmp_path: Path) -> None:
    dsn = postgres_server.dsn(user="discovery", password=DISCOVERY_PASSWORD)
    html = tmp_path / "r.html"
    code, out, err = run_cli(capsys, "report", str(MCI / "program.yaml"), str(MAPPING), dsn,
                             "-o", str(tmp_path / "r.pdf"), "--html", str(html), "--as-of", AS_OF)
    assert code in (0, 1), err
    text = html.read_text()
    assert "mci_raw.keystrokes" in text
    assert DISCOVERY_PASSWORD not in text + out + err
    assert DISCOVERY_PASSWORD.encode() not in (tmp_path / "r.pdf").read_bytes()


def test_in_transit_from_ssl_and_pg_hba(capsys: pytest.CaptureFixture[str], postgres_server: Server,
                                        tmp_path: Path) -> None:
    """With TLS on, encryption in transit depends on pg_hba.conf: `host` lines admit clients without
    TLS (false); a role that may not read pg_hba_file_rules cannot tell (null, and a warning)."""
    import os
    import shutil
    import subprocess

    import psycopg

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl to make the server's certificate")
    key, cert = postgres_server.directory / "server.key", postgres_server.directory / "server.crt"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    key.chmod(0o600)
    if os.geteuid() == 0:
        for path in (key, cert):
            shutil.chown(path, "postgres", "postgres")
    with psycopg.connect(postgres_server.dsn(), autocommit=True) as connection:
        connection.execute(f"alter system set ssl_cert_file = '{cert}'")
        connection.execute(f"alter system set ssl_key_file = '{key}'")
        connection.execute("alter system set ssl = on")
        connection.execute("select pg_reload_conf()")
    try:
        output = tmp_path / "inv.yaml"
        code, _, err = discover(capsys, postgres_server, output, "--quiet")
        assert code == 0
        assert by_id(yaml.safe_load(output.read_text()))["mci_raw.keystrokes"]["encryption"]["in_transit"] is None
        assert "pg_hba.conf is not readable with this role" in err
        code, _, err = run_cli(capsys, "discover", "postgres", postgres_server.dsn(), "-o", str(output), "--quiet")
        assert code == 0
        keystrokes = by_id(yaml.safe_load(output.read_text()))["mci_raw.keystrokes"]
        assert keystrokes["encryption"]["in_transit"] is False  # initdb's pg_hba.conf has `host` lines
        assert keystrokes["provenance"]["encryption.in_transit"] == "observed"
    finally:
        with psycopg.connect(postgres_server.dsn(), autocommit=True) as connection:
            connection.execute("alter system reset ssl")
            connection.execute("select pg_reload_conf()")
