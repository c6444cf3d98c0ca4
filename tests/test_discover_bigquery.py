"""`compliance discover bigquery` on recorded API answers: no Google Cloud project can be reached from
the test machines, so the client is replaced by one that answers as google-cloud-bigquery's does
(datasets with `access_entries`, tables with labels, encryption and partitioning, IAM policies with
`bindings` as dicts), and the Resource Manager clients by one that answers as
google-cloud-resource-manager's do (projects and folders with a `parent`, IAM policies whose bindings
have `role`, `members` and a `condition` that is empty where there is none). The HTTP and gRPC calls
themselves are therefore not exercised here."""

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


def binding(role: str, *members: str, condition: str = "") -> Obj:
    """A binding as google.iam.v1's protobuf message reads: an unset condition is an empty Expr."""
    return Obj(role=role, members=list(members), condition=Obj(title=condition, expression=""))


class PermissionDenied(Exception):  # named as google.api_core.exceptions names it
    pass


# The project sits in a folder of the organisation. By default its viewers are an analysts' group and
# Carol, and every employee may run jobs (roles/bigquery.jobUser reads no table data).
PARENTS = {"projects/acme-prod": "folders/77", "folders/77": "organizations/42"}
BASE = {"projects/acme-prod": [binding("roles/viewer", "group:analysts@acme.example", "user:carol@acme.example"),
                               binding("roles/bigquery.jobUser", "domain:acme.example")],
        "folders/77": [binding("roles/owner", "user:root@acme.example")],
        "organizations/42": []}


class _ResourceManager:
    """Projects, folders and organisations clients in one (each is asked only what it serves)."""

    def __init__(self, policies: dict[str, list[Obj]], refused: set[str]) -> None:
        self.policies, self.refused = policies, refused
        self.requests: list[Any] = []

    def get_iam_policy(self, request: dict[str, Any]) -> Obj:
        self.requests.append(request)
        resource = request["resource"]
        if resource in self.refused:
            raise PermissionDenied(f"403 The caller does not have permission\n  on {resource} "
                                   "(token ya29.a0AfH6SMBsecretsecret)")
        return Obj(version=3, bindings=self.policies.get(resource, []))

    def get_project(self, name: str) -> Obj:
        return Obj(name=name, parent=PARENTS[name])

    def get_folder(self, name: str) -> Obj:
        if name in self.refused:
            raise PermissionDenied(f"403 resourcemanager.folders.get denied on {name}")
        return Obj(name=name, parent=PARENTS[name])


def discover(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             policies: dict[str, list[Obj]] | None = None, refused: frozenset[str] = frozenset()) -> dict[str, Any]:
    manager = _ResourceManager({**BASE, **(policies or {})}, set(refused))
    monkeypatch.setattr(bigquery, "_client", lambda project: _Client())
    monkeypatch.setattr(bigquery, "_resource_manager", lambda: (manager, manager, manager))
    output = tmp_path / "bq.json"
    code, out, err = run_cli(capsys, "discover", "bigquery", "acme-prod", "-o", str(output))
    assert code == 0, err
    value = snapshot_of(output, err)
    value["_out"], value["_requests"] = out, manager.requests
    return value


def check(capsys: pytest.CaptureFixture[str], snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                           "--as-of", AS_OF)
    assert code == 1
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    return findings



@pytest.fixture
def snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return discover(capsys, tmp_path, monkeypatch)



def test_readers_from_access_entries_and_table_iam(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    keystrokes = found["mci_raw.keystrokes"]["access"]
    # projectReaders are the holders of roles/viewer on the project; roles/bigquery.jobUser reads no data
    assert keystrokes["readers"] == [EVERYONE, "group:analysts@acme.example", "group:projectReaders",
                                     "svc:etl@acme-prod.iam.gserviceaccount.com", "user:carol@acme.example"]
    assert keystrokes["reader_paths"]["user:carol@acme.example"] == " -> ".join([
        "user:carol@acme.example", "group:projectReaders", "dataset mci_raw access: READER"])
    reviews = found["hr.reviews"]["access"]
    assert reviews["readers"] == ["group:hr-admins@acme.example", "user:alice@acme.example", "user:bob@acme.example"]
    assert "reader_identities" not in reviews  # a group's members are not listed by this API
    assert reviews["approximate_reasons"] == ["an authorized view reads dataset hr with its own rights"]
    assert reviews["reader_paths"]["user:alice@acme.example"] == " -> ".join([
        "user:alice@acme.example", "dataset hr access: roles/bigquery.dataViewer"])
    assert "IAM deny policies are not read" in snapshot["_err"] and "could not be read" not in snapshot["_err"]
    # the project's, its folder's and its organisation's policies, each in the version that shows conditions
    assert snapshot["_requests"] == [{"resource": resource, "options": {"requested_policy_version": 3}}
                                     for resource in ("projects/acme-prod", "folders/77", "organizations/42")]


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


def broad_readable(findings: list[dict[str, Any]]) -> set[str]:
    return {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}


def undeclared(findings: list[dict[str, Any]], resource: str) -> list[str]:
    """The readers GDPR-SEC-003 finds on `resource` that the program does not declare."""
    return [reader for f in findings if f["rule"] == "GDPR-SEC-003" and f["resource"] == resource
            for reader in f["message"].partition(" is readable by ")[2].partition(", which program")[0].split(", ")]


def test_check_after_discover(snapshot: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    findings = check(capsys, snapshot)
    assert broad_readable(findings) == {"dataset:mci_raw.keystrokes"}
    assert undeclared(findings, "dataset:hr.reviews") == [
        "group:hr-admins@acme.example", "user:alice@acme.example", "user:bob@acme.example"]


@pytest.mark.parametrize("resource", ["projects/acme-prod", "folders/77", "organizations/42"])
def test_a_grant_above_the_tables_opens_every_table(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, resource: str) -> None:
    """The incident: one dataViewer grant to the company's domain, on the project or above it."""
    incident = {resource: [*BASE[resource], binding("roles/bigquery.dataViewer", "domain:acme.example")]}
    snapshot = discover(capsys, tmp_path, monkeypatch, incident)
    reviews = datasets_by_id(snapshot)["hr.reviews"]["access"]
    assert reviews["readers"][0] == EVERYONE and "reader_identities" not in reviews
    where = "project acme-prod IAM" if resource.startswith("projects/") else f"{resource} IAM"
    assert reviews["reader_paths"][EVERYONE] == f"{EVERYONE} -> {where}: roles/bigquery.dataViewer"
    findings = check(capsys, snapshot)
    assert broad_readable(findings) == {"dataset:mci_raw.keystrokes", "dataset:hr.reviews"}
    assert [f["severity"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"] == "dataset:hr.reviews"
            ] == ["critical"]


def test_grants_that_read_no_data_stay_quiet(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Every employee as project viewer, editor and metadata viewer: no table data (roles/viewer reads
    only the datasets that list projectReaders, which hr does not); a custom role is named, not counted."""
    quiet = {"projects/acme-prod": [
        binding("roles/viewer", "domain:acme.example"), binding("roles/editor", "allAuthenticatedUsers"),
        binding("roles/bigquery.metadataViewer", "domain:acme.example"),
        binding("projects/acme-prod/roles/exporter", "group:ops@acme.example")]}
    snapshot = discover(capsys, tmp_path, monkeypatch, quiet)
    reviews = datasets_by_id(snapshot)["hr.reviews"]["access"]
    assert reviews["readers"] == ["group:hr-admins@acme.example", "user:alice@acme.example", "user:bob@acme.example"]
    assert reviews["approximate_reasons"] == [
        "an authorized view reads dataset hr with its own rights",
        "project acme-prod IAM grants the custom role projects/acme-prod/roles/exporter, whose permissions are not "
        "read: its members are not counted"]
    assert broad_readable(check(capsys, snapshot)) == {"dataset:mci_raw.keystrokes"}


def test_a_conditional_grant_counts_but_is_approximate(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    conditional = {"projects/acme-prod": [
        binding("roles/bigquery.dataViewer", "group:contractors@acme.example", condition="until 2026-12-31")]}
    # a version-1 table policy shows a conditional binding as ROLE_withcond_HASH
    monkeypatch.setitem(POLICIES, ("hr", "reviews"), [
        *POLICIES[("hr", "reviews")],
        {"role": "roles/bigquery.dataEditor_withcond_7c1f9e", "members": {"user:dave@acme.example"}}])
    snapshot = discover(capsys, tmp_path, monkeypatch, conditional)
    reviews = datasets_by_id(snapshot)["hr.reviews"]["access"]
    assert {"group:contractors@acme.example", "user:dave@acme.example"} <= set(reviews["readers"])
    assert reviews["reader_paths"]["group:contractors@acme.example"] == (
        "group:contractors@acme.example -> project acme-prod IAM: roles/bigquery.dataViewer (conditional)")
    assert reviews["approximate"] is True
    assert reviews["approximate_reasons"][1:] == [
        "table IAM grants roles/bigquery.dataEditor under the condition 'a condition the version-1 policy does not "
        "show': its members are counted as readers although the condition may exclude them",
        "project acme-prod IAM grants roles/bigquery.dataViewer under the condition 'until 2026-12-31': its members "
        "are counted as readers although the condition may exclude them"]
    # the project's readers are checked like any other: the program does not declare the contractors
    findings = check(capsys, snapshot)
    assert {"group:contractors@acme.example", "user:dave@acme.example"} <= set(
        undeclared(findings, "dataset:hr.reviews"))
    assert broad_readable(findings) == {"dataset:mci_raw.keystrokes"}


def test_an_unreadable_project_policy_is_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller lacks resourcemanager.projects.getIamPolicy: the run goes on, says what is missing,
    marks every table approximate, and prints no token the error quoted."""
    snapshot = discover(capsys, tmp_path, monkeypatch, refused=frozenset({"projects/acme-prod"}))
    err = snapshot["_err"]
    assert ("the IAM policy of project acme-prod could not be read (403 The caller does not have permission on "
            "projects/acme-prod (token ***)): readers it grants on every table") in err
    assert "Traceback" not in err
    assert "ya29" not in err + snapshot["_out"] + Path(snapshot["_path"]).read_text(encoding="utf-8")
    found = datasets_by_id(snapshot)
    for dataset in found.values():
        assert "the IAM policy of project acme-prod could not be read" in dataset["access"]["approximate_reasons"]
    # projectReaders cannot be resolved: a group without a member list again
    assert found["mci_raw.keystrokes"]["access"]["readers"] == [
        EVERYONE, "group:projectReaders", "svc:etl@acme-prod.iam.gserviceaccount.com"]


def test_an_unreadable_folder_keeps_what_was_read(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot = discover(capsys, tmp_path, monkeypatch, refused=frozenset({"folders/77"}))
    assert "IAM inherited from folders/77 and above could not be read (403" in snapshot["_err"]
    keystrokes = datasets_by_id(snapshot)["mci_raw.keystrokes"]["access"]
    assert "user:carol@acme.example" in keystrokes["readers"]
    assert keystrokes["approximate_reasons"] == ["IAM inherited from folders/77 and above could not be read"]
    assert [request["resource"] for request in snapshot["_requests"]] == ["projects/acme-prod", "folders/77"]


def test_an_unreadable_folder_parent_keeps_the_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder's policy was read (its grants count); only what is above it is missing."""
    manager = _ResourceManager({**BASE, "folders/77": [binding("roles/bigquery.dataViewer", "user:erin@acme.example")]},
                               set())

    def get_folder(name: str) -> Obj:
        raise PermissionDenied(f"403 resourcemanager.folders.get denied on {name}")

    monkeypatch.setattr(manager, "get_folder", get_folder)
    monkeypatch.setattr(bigquery, "_client", lambda project: _Client())
    monkeypatch.setattr(bigquery, "_resource_manager", lambda: (manager, manager, manager))
    output = tmp_path / "bq.json"
    code, _, err = run_cli(capsys, "discover", "bigquery", "acme-prod", "-o", str(output))
    assert code == 0
    assert "IAM inherited from the parent of folders/77 and above could not be read (403" in err
    reviews = datasets_by_id(snapshot_of(output, err))["hr.reviews"]["access"]
    assert reviews["reader_paths"]["user:erin@acme.example"] == (
        "user:erin@acme.example -> folders/77 IAM: roles/bigquery.dataViewer")


def test_without_the_resource_manager_client(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Any:
        raise ImportError("No module named 'google.cloud.resourcemanager_v3'")

    monkeypatch.setattr(bigquery, "_client", lambda project: _Client())
    monkeypatch.setattr(bigquery, "_resource_manager", missing)
    output = tmp_path / "bq.json"
    code, _, err = run_cli(capsys, "discover", "bigquery", "acme-prod", "-o", str(output))
    assert code == 0
    assert ("google-cloud-resource-manager is not installed (pip install 'workplace-compliance[bigquery]'): IAM "
            "granted on the project, its folders and its organisation is not read") in err
    reviews = datasets_by_id(snapshot_of(output, err))["hr.reviews"]["access"]
    assert reviews["approximate_reasons"][-1] == "IAM granted on the project and above it is not read"


def test_client_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(project: str) -> Any:
        raise RuntimeError("403 Access Denied:\n  Project acme-prod: User does not have bigquery.datasets.get")

    monkeypatch.setattr(bigquery, "_client", refuse)
    code, _, err = run_cli(capsys, "discover", "bigquery", "acme-prod", "-o", str(tmp_path / "o.json"))
    assert code == 2
    assert err == "error: bigquery: 403 Access Denied: Project acme-prod: User does not have bigquery.datasets.get\n"
