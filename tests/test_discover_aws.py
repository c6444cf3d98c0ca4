"""`compliance discover aws` against moto's server mode (tests/moto_server.py): the real AWS APIs
cannot be reached from the test machines, so Glue, Lake Formation, S3 and STS are emulated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AS_OF, MCI, datasets_by_id, run_cli, snapshot_of

pytestmark = pytest.mark.aws

REGION = "eu-west-1"
SECRET = "moto-Secret-Key-5b2e"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/3f1c"
MAPPING = """
apiVersion: privacy.compliance/v1
kind: DatasetMapping
metadata: {id: lake-map}
datasets:
  - match: "mci_raw.*"
    program: mci
    data_categories: [keystrokes]
    personal_data: true
    sensitivity: 4
    encryption: {at_rest: false}
    retention: {ttl_days: 7}
"""



@pytest.fixture(scope="module")
def lake(moto_endpoint: str) -> str:
    """The incident on AWS: monitoring tables left on IAM_ALLOWED_PRINCIPALS, an LF-tag grant, a
    table granted to two analysts, a scratch table granted through a database wildcard."""
    import boto3

    options: dict[str, Any] = {"endpoint_url": moto_endpoint, "region_name": REGION,
                               "aws_access_key_id": "testing", "aws_secret_access_key": SECRET}
    s3, glue, lf = (boto3.client(name, **options) for name in ("s3", "glue", "lakeformation"))
    location = {"LocationConstraint": REGION}
    for bucket in ("mci-raw", "hr-data", "access-logs"):
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration=location)
    s3.put_bucket_encryption(Bucket="mci-raw", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KEY}}]})
    s3.put_bucket_lifecycle_configuration(Bucket="mci-raw", LifecycleConfiguration={"Rules": [
        {"ID": "raw-30-days", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}}]})
    s3.put_bucket_policy(Bucket="access-logs", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::access-logs/*"}]}))
    s3.put_bucket_logging(Bucket="mci-raw", BucketLoggingStatus={"LoggingEnabled": {
        "TargetBucket": "access-logs", "TargetPrefix": "mci-raw/"}})
    tables = {
        ("mci_raw", "keystrokes"): ("s3://mci-raw/keystrokes/", {}),
        ("mci_raw", "screenshots"): ("s3://mci-raw/screenshots/", {}),
        ("hr", "performance_reviews"): ("s3://hr-data/reviews/",
                                        {"program": "mci", "data_categories": "performance", "sensitivity": "4"}),
        ("scratch", "tmp"): ("s3://hr-data/tmp/", {}),
    }
    for database in sorted({database for database, _ in tables}):
        glue.create_database(DatabaseInput={"Name": database})
    for (database, name), (path, parameters) in tables.items():
        glue.create_table(DatabaseName=database, TableInput={
            "Name": name, "Parameters": parameters,
            "StorageDescriptor": {"Location": path, "Columns": [{"Name": "employee", "Type": "string"}]}})
    account = "arn:aws:iam::123456789012"
    lf.create_lf_tag(TagKey="program", TagValues=["mci", "other"])
    # moto 5.2.5's GetResourceLFTags fails (HTTP 500) on a table without LF-tags, where AWS answers
    # with empty lists: every table gets a neutral tag.
    lf.create_lf_tag(TagKey="zone", TagValues=["lake"])
    for database, name in tables:
        lf.add_lf_tags_to_resource(Resource={"Table": {"DatabaseName": database, "Name": name}},
                                   LFTags=[{"TagKey": "zone", "TagValues": ["lake"]}])
    for name in ("keystrokes", "screenshots"):
        resource = {"Table": {"DatabaseName": "mci_raw", "Name": name}}
        lf.grant_permissions(Principal={"DataLakePrincipalIdentifier": "IAM_ALLOWED_PRINCIPALS"},
                             Resource=resource, Permissions=["ALL"])
        lf.add_lf_tags_to_resource(Resource=resource, LFTags=[{"TagKey": "program", "TagValues": ["mci"]}])
    lf.grant_permissions(Principal={"DataLakePrincipalIdentifier": f"{account}:role/mci-trainer"},
                         Resource={"LFTagPolicy": {"ResourceType": "TABLE", "Expression": [
                             {"TagKey": "program", "TagValues": ["mci"]}]}}, Permissions=["SELECT"])
    for user in ("alice", "bob"):
        lf.grant_permissions(Principal={"DataLakePrincipalIdentifier": f"{account}:user/{user}"},
                             Resource={"Table": {"DatabaseName": "hr", "Name": "performance_reviews"}},
                             Permissions=["SELECT"])
    lf.grant_permissions(Principal={"DataLakePrincipalIdentifier": f"{account}:role/scratch-etl"},
                         Resource={"Table": {"DatabaseName": "scratch", "TableWildcard": {}}}, Permissions=["SELECT"])
    return moto_endpoint


@pytest.fixture
def aws_env(lake: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", lake)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def snapshot(aws_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, Any]:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    output = tmp_path / "lake.yaml"
    code, out, err = run_cli(capsys, "discover", "aws", REGION, "--mapping", str(mapping), "-o", str(output))
    assert code == 0, err
    assert SECRET not in out + err + output.read_text()
    return snapshot_of(output, err)



def test_readers_from_lake_formation(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    assert {name: d["access"]["readers"] for name, d in found.items()} == {
        "mci_raw.keystrokes": ["group:all-employees", "svc:mci-trainer"],  # IAM_ALLOWED_PRINCIPALS, LF-tag grant
        "mci_raw.screenshots": ["group:all-employees", "svc:mci-trainer"],
        "hr.performance_reviews": ["user:alice", "user:bob"],
        "scratch.tmp": ["svc:scratch-etl"],  # all tables of the database
    }
    assert found["hr.performance_reviews"]["access"]["reader_identities"] == 2
    keystrokes = found["mci_raw.keystrokes"]["access"]
    assert "reader_identities" not in keystrokes  # who IAM lets in is not counted here
    assert keystrokes["approximate_reasons"][0].startswith("IAMAllowedPrincipals: Lake Formation defers to IAM")
    assert keystrokes["reader_paths"]["svc:mci-trainer"] == " -> ".join([
        "svc:mci-trainer", "Lake Formation SELECT on an LF-tag policy"])
    assert snapshot["metadata"]["source"] == f"aws:123456789012/{REGION}"
    assert "IAM_ALLOWED_PRINCIPALS" in snapshot["_err"]


def test_bucket_facts_and_drift(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    keystrokes = found["mci_raw.keystrokes"]
    assert keystrokes["encryption"] == {"at_rest": True, "key_ref": KEY}
    assert keystrokes["audit_logging"] is True
    assert keystrokes["retention"] == {"ttl_days": 30}
    assert keystrokes["location"] == {"region": REGION, "country": "IE"}
    assert keystrokes["drift"] == [
        {"field": "encryption.at_rest", "declared": False, "observed": True, "declared_by": "mapping:lake-map#0"},
        {"field": "retention.ttl_days", "declared": 7, "observed": 30, "declared_by": "mapping:lake-map#0"},
    ]
    reviews = found["hr.performance_reviews"]
    assert reviews["encryption"]["at_rest"] is False and reviews["audit_logging"] is False
    assert reviews["retention"] == {"ttl_days": None}  # no lifecycle rule: kept indefinitely


def test_classification_from_tags_and_parameters(snapshot: dict[str, Any]) -> None:
    found = datasets_by_id(snapshot)
    assert found["mci_raw.keystrokes"]["provenance"]["program"] == "mapping:lake-map#0"
    reviews = found["hr.performance_reviews"]
    assert (reviews["program"], reviews["data_categories"], reviews["sensitivity"]) == ("mci", ["performance"], 4)
    assert reviews["provenance"]["program"] == "tag:program"
    assert found["scratch.tmp"]["personal_data"] is None


def test_check_after_discover(snapshot: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(MCI / "program.yaml"), snapshot["_path"], "--format", "json",
                       "--as-of", AS_OF)
    assert code == 1
    findings = json.loads(out)["findings"]
    broad = {f["resource"] for f in findings if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:mci_raw.keystrokes", "dataset:mci_raw.screenshots"}
    drift = {(f["rule"], f["resource"]) for f in findings if "deployed catalog shows" in f["message"]}
    assert drift == {(rule, f"dataset:mci_raw.{name}") for rule in ("GDPR-SEC-001", "GDPR-PR-005")
                     for name in ("keystrokes", "screenshots")}
    assert [f["resource"] for f in findings if f["rule"] == "GDPR-ROPA-002" and "unclassified" in f["message"]] == [
        "dataset:scratch.tmp"]


def test_no_region_and_no_service(aws_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    code, _, err = run_cli(capsys, "discover", "aws", "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and "no region" in err
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    code, out, err = run_cli(capsys, "discover", "aws", REGION, "-o", str(tmp_path / "o.yaml"))
    assert code == 2 and err.startswith("error: aws: ") and SECRET not in out + err and "Traceback" not in err


def test_check_takes_the_lake_directly(aws_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    code, out, err = run_cli(capsys, "check", str(MCI / "program.yaml"), str(mapping), f"aws://{REGION}", "--format",
                         "json", "--as-of", AS_OF)
    assert code == 1 and SECRET not in out + err
    result = json.loads(out)
    broad = {f["resource"] for f in result["findings"]
             if f["rule"] == "GDPR-PD-002" and f["resource"].startswith("dataset:")}
    assert broad == {"dataset:mci_raw.keystrokes", "dataset:mci_raw.screenshots"}
    assert [r["path"] for r in result["inputs"] if r["kind"] == "StorageInventory"] == [f"aws:123456789012/{REGION}"]
