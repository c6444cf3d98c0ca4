"""`compliance discover bigquery` on recorded API answers: no Google Cloud project can be reached from
the test machines, so the client is replaced by one that answers as google-cloud-bigquery's does
(datasets with `access_entries`, tables with labels, encryption and partitioning, IAM policies with
`bindings`). The HTTP calls themselves are therefore not exercised here."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace as Obj
from typing import Any

import pytest

from compliance.sources import bigquery
from tests.conftest import AS_OF, MCI, datasets_by_id, run_cli, snapshot_of

EVERYONE = "group:all-employees"
KEY = "projects/acme/locations/europe-west3/keyRings/mci/cryptoKeys/raw"


def entry(role: str | None, entity_type: str, entity_id: Any) -> Obj:
    return Obj(role=role, entity_type=entity_type, entity_id=entity_id)


DATASETS = {
    "mci_raw": Obj(location="europe-west3", access_entries=[
        entry("OWNER", "userByEmail", "etl@acme-prod.iam.gserviceaccount.com"),
        entry("READER", "domain", "acme.example"),  # everyone in the company: the incident
        entry("READER", "specialGroup", "projectReaders"),
    ]),
    "hr": Obj(location="EU", access_entries=[
        entry("roles/bigquery.dataViewer", "userByEmail", "alice@acme.example"),
        entry("READER", "userByEmail", "bob@acme.example"),
        entry(None, "view", {"projectId": "acme-prod", "datasetId": "reporting", "tableId": "summary"}),
    ]),
}
TABLES = {
    ("mci_raw", "keystrokes"): Obj(table_id="keystrokes", table_type="TABLE", num_rows=1200, description=None,
                                   labels={"program": "mci", "data_categories": "keystrokes", "sensitivity": "4"},
                                   encryption_configuration=Obj(kms_key_name=KEY),
                                   time_partitioning=Obj(expiration_ms=30 * 86_400_000)),
    ("hr", "reviews"): Obj(table_id="reviews", table_type="TABLE", num_rows=40, labels={}, time_partitioning=None,
                           encryption_configuration=None,
                           description="compliance: program=mci categories=performance sensitivity=4"),
}
POLICIES = {
    ("hr", "reviews"): [{"role": "roles/bigquery.dataViewer", "members": {"group:hr-admins@acme.example"}},
                        {"role": "roles/bigquery.metadataViewer", "members": {"allUsers"}}],  # metadata only
}


class _Client:
    def list_datasets(self, project: str) -> list[Obj]:
        return [Obj(dataset_id=name, reference=name) for name in DATASETS]

    def list_tables(self, reference: str) -> list[Obj]:
        return [Obj(reference=key) for key in TABLES if key[0] == reference]

    def get_dataset(self, reference: str) -> Obj:
        return DATASETS[reference]

    def get_table(self, reference: tuple[str, str]) -> Obj:
        table = TABLES[reference]
        table.reference = reference
        return table

    def get_iam_policy(self, reference: tuple[str, str]) -> Obj:
        return Obj(bindings=POLICIES.get(reference, []))



@pytest.fixture
def snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(bigquery, "_client", lambda project: _Client())
    output = tmp_path / "bq.json"
    code, _, err = run_cli(capsys, "discover", "bigquery", "acme-prod", "-o", str(output))
    assert code == 0, err
    return snapshot_of(output, err)



def test_readers_from_access_entries_and_table_iam(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    assert found["mci_raw.keystrokes"]["access"]["readers"] == [
        EVERYONE, "group:projectReaders", "svc:etl@acme-prod.iam.gserviceaccount.com"]
    reviews = found["hr.reviews"]["access"]
    assert reviews["readers"] == ["group:hr-admins@acme.example", "user:alice@acme.example", "user:bob@acme.example"]
    assert "reader_identities" not in reviews  # a group's members are not listed by this API
    assert reviews["approximate_reasons"] == ["an authorized view reads dataset hr with its own rights"]
    assert reviews["reader_paths"]["user:alice@acme.example"] == " -> ".join([
        "user:alice@acme.example", "dataset hr access: roles/bigquery.dataViewer"])
    assert "project-level IAM" in snapshot["_err"]


def test_table_facts_and_labels(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    keystrokes = found["mci_raw.keystrokes"]
    assert keystrokes["encryption"] == {"at_rest": True, "key_ref": KEY, "in_transit": True}
    assert keystrokes["retention"] == {"ttl_days": 30}
    assert keystrokes["location"] == {"region": "europe-west3", "country": "DE"}
    assert (keystrokes["program"], keystrokes["sensitivity"], keystrokes["provenance"]["program"]) == (
        "mci", 4, "tag:program")
    reviews = found["hr.reviews"]
    assert reviews["encryption"]["key_ref"] is None and reviews["location"] == {"region": "EU"}
    assert reviews["provenance"]["program"] == "comment"


def test_check_after_discover(snapshot: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                       "--as-of", AS_OF)
    assert code == 1
    findings = json.loads(out)["findings"]
    broad = {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:mci_raw.keystrokes"}


def test_client_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(project: str) -> Any:
        raise RuntimeError("403 Access Denied:\n  Project acme-prod: User does not have bigquery.datasets.get")

    monkeypatch.setattr(bigquery, "_client", refuse)
    code, _, err = run_cli(capsys, "discover", "bigquery", "acme-prod", "-o", str(tmp_path / "o.json"))
    assert code == 2
    assert err == "error: bigquery: 403 Access Denied: Project acme-prod: User does not have bigquery.datasets.get\n"
