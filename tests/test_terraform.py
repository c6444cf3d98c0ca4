"""Terraform plans (`terraform show -json`) read as a StorageInventory (SPEC.md section 2.4)."""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from compliance.errors import InputProblems
from compliance.findings import Finding
from compliance.loaders.inputs import load_inputs
from compliance.loaders.terraform import dataset_id, inventory_from_plan, load_plan
from compliance.loaders.yaml_json import load_file
from compliance.runner import RunOptions, run_check
from tests.conftest import AS_OF, SAMPLES, run_cli

SAMPLE = SAMPLES / "terraform"
PLAN = SAMPLE / "analytics.tfplan.json"
AWS = "registry.terraform.io/hashicorp/aws"

_ROW = re.compile(r"^\| `terraform/[^`]+` \| (?P<resources>[^|]+) \| (?P<rules>[^|]+) \|", re.M)
_RULE = re.compile(r"([A-Z]{2,4}(?:-[A-Z0-9]+)+-\d{3}) \((critical|high|medium|low|info)\)")



def documented() -> tuple[Counter[tuple[str, str, str]], set[str]]:
    """(resource, rule, severity) the sample's README promises, and the resources it lists."""
    expected: Counter[tuple[str, str, str]] = Counter()
    listed: set[str] = set()
    for row in _ROW.finditer((SAMPLE / "README.md").read_text(encoding="utf-8")):
        for resource in re.findall(r"`([^`]+)`", row["resources"]):
            listed.add(resource)
            for rule, severity in _RULE.findall(row["rules"]):
                expected[(resource, rule, severity)] += 1
    return expected, listed


def line_of(address: str, needle: str | None = None, text: str | None = None) -> int:
    """Line of a resource's `"address"` in planned_values, or of the first `needle` after it."""
    lines = (text if text is not None else PLAN.read_text(encoding="utf-8")).splitlines()
    start = next(i for i, line in enumerate(lines) if '"planned_values"' in line)
    at = next(i for i in range(start, len(lines)) if f'"address": "{address}"' in lines[i])
    if needle is not None:
        at = next(i for i in range(at, len(lines)) if needle in lines[i])
    return at + 1


@functools.cache
def sample_run() -> tuple[Finding, ...]:
    result = run_check(RunOptions(paths=(str(SAMPLE),), as_of=datetime.date.fromisoformat(AS_OF)))
    return result.findings


# -- the sample -----------------------------------------------------------------------------------


def test_plan_findings_match_the_readme() -> None:
    expected, listed = documented()
    assert expected, "samples/terraform/README.md has no table rows"
    findings = [f for f in sample_run() if f.resource.startswith("dataset:")]
    assert Counter((f.resource, f.rule, f.severity.value) for f in findings) == expected
    inventory = load_plan(PLAN).document
    assert {f"dataset:{d['id']}" for d in inventory.value["datasets"]} == listed


@pytest.mark.parametrize(("rule", "resource", "address", "needle"), [
    ("GDPR-PD-002", "aws_s3_bucket.scanner_exports", "aws_s3_bucket_policy.scanner_exports", '"policy"'),
    ("GDPR-PR-005", "aws_s3_bucket.scanner_exports", "aws_s3_bucket.scanner_exports", None),
    ("GDPR-SEC-001", "aws_db_instance.rosters", "aws_db_instance.rosters", '"storage_encrypted"'),
    ("GDPR-SEC-004", "aws_db_instance.rosters", "aws_db_instance.rosters", '"enabled_cloudwatch_logs_exports"'),
    ("GDPR-PD-002", "google_storage_bucket.forecast_exports",
     "google_storage_bucket_iam_member.forecast_exports_public", '"member": "allUsers"'),
    ("GDPR-SEC-005", "google_storage_bucket.forecast_exports", "google_storage_bucket.forecast_exports",
     '"encryption"'),
    ("GDPR-PD-002", "google_bigquery_dataset.dock_kpis", "google_bigquery_dataset.dock_kpis",
     '"special_group": "allAuthenticatedUsers"'),
    ("GDPR-PR-005", "google_bigquery_dataset.dock_kpis", "google_bigquery_dataset.dock_kpis",
     '"default_table_expiration_ms"'),
    ("GDPR-PD-002", "module.staging.aws_s3_bucket.scratch", "module.staging.aws_s3_bucket_policy.scratch", None),
])
def test_findings_cite_the_resource_line(rule: str, resource: str, address: str, needle: str | None) -> None:
    found = [f for f in sample_run() if f.rule == rule and f.resource == f"dataset:{resource}"]
    assert len(found) == 1
    location = found[0].location
    assert location is not None
    assert Path(location.path) == PLAN
    assert location.line == line_of(address, needle)


def test_the_sample_program_trips_nothing_from_the_plan_side() -> None:
    """Every finding on the plan's datasets cites the plan file; none is an input error."""
    for finding in sample_run():
        if finding.resource.startswith("dataset:"):
            assert finding.location is not None and Path(finding.location.path) == PLAN


def test_s3_companions_are_joined_by_value_and_by_configuration_reference() -> None:
    datasets = {d["id"]: d for d in load_plan(PLAN).document.value["datasets"]}
    bucket = datasets["aws_s3_bucket.pick_events"]
    # SSE (bucket = aws_s3_bucket.pick_events.id, unknown) joined through the configuration; its key
    # (aws_kms_key.analytics.arn, unknown) named by reference, not guessed.
    assert bucket["encryption"] == {"at_rest": True, "key_ref": "aws_kms_key.analytics.arn", "in_transit": True}
    # the policy (bucket = "harbourline-dock-pick-events", known) joined by value
    assert bucket["access"]["readers"] == ["svc:arn:aws:iam::111122223333:role/dock-planning"]
    assert bucket["retention"] == {"ttl_days": 90}  # lifecycle configuration
    assert bucket["audit_logging"] is True  # aws_s3_bucket_logging
    assert bucket["location"] == {"country": "DE", "region": "eu-central-1"}  # the provider's region
    assert bucket["data_categories"] == ["pick_events", "identifiers"]
    assert bucket["sensitivity"] == 3 and bucket["personal_data"] is True
    state = datasets["aws_s3_bucket.tf_state"]
    assert state["personal_data"] is False
    assert state["encryption"]["at_rest"] is True  # the known inline SSE of an existing bucket


def test_unknown_until_apply_is_reported_not_guessed() -> None:
    inventory = load_plan(PLAN)
    scratch = next(d for d in inventory.document.value["datasets"] if d["id"] == "module.staging.aws_s3_bucket.scratch")
    assert scratch["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": None}
    assert "access" not in scratch
    assert scratch["description"] == ("aws_s3_bucket; unknown until apply: encryption.key_ref, access.readers, "
                                      "encryption.in_transit")
    # kms_master_key_id is left out of the plan: the note cites its block; the policy is left out: its resource.
    sse_line = line_of("module.staging.aws_s3_bucket_server_side_encryption_configuration.scratch",
                       '"apply_server_side_encryption_by_default"') + 1
    policy_line = line_of("module.staging.aws_s3_bucket_policy.scratch")
    address = "module.staging.aws_s3_bucket.scratch"
    assert [(note.path, note.line, note.field, note.message) for note in inventory.notes] == [
        (str(PLAN), sse_line, f"{address} encryption.key_ref", "unknown until apply; left null, not guessed"),
        (str(PLAN), policy_line, f"{address} access.readers", "unknown until apply; left out, not guessed"),
        (str(PLAN), policy_line, f"{address} encryption.in_transit", "unknown until apply; left null, not guessed"),
    ]
    # A run carries them beside its documents, for the commands to print.
    assert [str(w) for w in load_inputs([str(SAMPLE)]).warnings] == [str(note) for note in inventory.notes]


def test_unknown_values_are_in_the_json_and_sarif_outputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Machine readers get what stderr says: JSON `warnings`, SARIF toolExecutionNotifications at the line."""
    notes = load_plan(PLAN).notes
    out_json, out_sarif = tmp_path / "f.json", tmp_path / "f.sarif"
    code, _, err = run_cli(capsys, "check", str(SAMPLE), "--as-of", AS_OF, "--format", "json", "-o", str(out_json),
                       "--format", "sarif", "-o", str(out_sarif))
    assert code == 1
    assert err.splitlines()[:len(notes)] == [f"warning: {note}" for note in notes]
    warnings = json.loads(out_json.read_text(encoding="utf-8"))["warnings"]
    assert warnings == [{"path": note.path, "line": note.line, "column": note.column, "field": note.field,
                         "message": note.message} for note in notes]
    invocation = json.loads(out_sarif.read_text(encoding="utf-8"))["runs"][0]["invocations"][0]
    shown = [(n["message"]["text"], n["locations"][0]["physicalLocation"]["region"]["startLine"])
             for n in invocation["toolExecutionNotifications"] if n["descriptor"]["id"] == "input-warning"]
    assert shown == [(f"{note.field}: {note.message}", note.line) for note in notes]


def test_plan_positions_agree_with_the_general_loader() -> None:
    """Plans are read with the json module and a position pass of their own; same result as load_file."""
    general = inventory_from_plan(load_file(PLAN)[0]).document
    fast = load_plan(PLAN).document
    assert fast.value == general.value
    assert fast.positions == general.positions
    assert fast.sha256 == general.sha256


def test_a_one_line_plan_cites_columns(tmp_path: Path) -> None:
    """`terraform show -json` writes one line; findings then differ by column only."""
    path = tmp_path / "compact.tfplan.json"
    path.write_text(json.dumps(json.loads(PLAN.read_text(encoding="utf-8"))), encoding="utf-8")
    inventory = load_plan(path).document
    positions = [inventory.locate(("datasets", i)) for i in range(len(inventory.value["datasets"]))]
    assert {p.line for p in positions} == {1}
    assert len({p.column for p in positions}) == len(positions)
    assert inventory.value["datasets"] == load_plan(PLAN).document.value["datasets"]


def test_module_addresses_become_dataset_ids() -> None:
    ids = [d["id"] for d in load_plan(PLAN).document.value["datasets"]]
    assert "module.staging.aws_s3_bucket.scratch" in ids
    assert dataset_id('module.a["x"].module.b.aws_s3_bucket.c[0]') == "module.a/x.module.b.aws_s3_bucket.c/0"


# -- errors ---------------------------------------------------------------------------------------


def test_wrong_format_version_exits_2_naming_file_and_version(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    plan["format_version"] = "2.0"
    path = tmp_path / "next.tfplan.json"
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")
    code, _, err = run_cli(capsys, "check", str(path), str(SAMPLE / "program.yaml"), "--as-of", AS_OF)
    assert code == 2
    assert f"{path}:2:3: format_version: Terraform JSON format_version '2.0' is not supported" in err
    assert "format 1.x" in err


@pytest.mark.parametrize("where", [
    ("planned_values", "root_module", "child_modules"),
    ("planned_values", "root_module", "resources"),
    ("resource_changes",),
    ("configuration", "root_module", "resources"),
])
def test_a_plan_list_that_is_not_a_list_exits_2_at_its_line(where: tuple[str, ...], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Structure Terraform always writes as a list, hand-edited into something else: exit 2, not a crash."""
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    node = plan
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = 1
    path = tmp_path / "edited.tfplan.json"
    path.write_text(json.dumps(plan, indent=1), encoding="utf-8")
    code, _, err = run_cli(capsys, "check", str(path), str(SAMPLE / "program.yaml"), "--as-of", AS_OF)
    assert code == 2, err
    first = err.splitlines()[0]
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: {re.escape('.'.join(where))}: a list expected, not a "
                        r"number \(is this `terraform show -json` output\?\)", first), first


def test_a_tfplan_file_that_is_not_a_plan_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "state.tfplan.json"
    path.write_text(json.dumps({"format_version": "1.0", "values": {"root_module": {}}}), encoding="utf-8")
    with pytest.raises(InputProblems) as raised:
        load_inputs([str(path)])
    assert "planned_values is missing" in str(raised.value)


def test_a_plan_naming_an_unknown_program_fails_the_cross_reference_check(tmp_path: Path) -> None:
    with pytest.raises(InputProblems) as raised:
        load_inputs([str(PLAN)])
    message = str(raised.value)
    tag_line = line_of("aws_s3_bucket.pick_events", '"program"')
    assert f"{PLAN}:{tag_line}:" in message
    assert "names program 'dock-analytics', but no Program with that id was given" in message


def test_a_bad_tag_value_is_a_schema_error_at_the_tag(tmp_path: Path) -> None:
    tags = {"personal_data": "true", "sensitivity": "high"}
    text = plan_text([bucket("aws_s3_bucket.b", {"bucket": "b", "tags": tags})])
    path = tmp_path / "bad.tfplan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputProblems) as raised:
        load_inputs([str(path)])
    tag_line = line_of("aws_s3_bucket.b", '"sensitivity": "high"', text)
    assert f"{path}:{tag_line}:" in str(raised.value)
    assert "datasets[0].sensitivity: expected integer or null" in str(raised.value)


def test_a_plan_found_in_a_directory_under_any_json_name(tmp_path: Path) -> None:
    (tmp_path / "plan-output.json").write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "program.yaml").write_text((SAMPLE / "program.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "not-a-plan"}', encoding="utf-8")
    inputs = load_inputs([str(tmp_path)])
    assert sorted(d.kind or "" for d in inputs.documents) == ["Program", "StorageInventory"]
    assert any("package.json" in skipped for skipped in inputs.skipped)


# -- resource types, on small plans ---------------------------------------------------------------


def bucket(address: str, values: dict[str, Any], unknown: dict[str, Any] | None = None,
           config: dict[str, Any] | None = None) -> dict[str, Any]:
    """A resource for plan(): address, values, after_unknown and configuration expressions."""
    module, local = _split_module(address)
    kind, name = local.split(".")[:2]
    index = re.search(r"\[(.*)\]$", name)
    return {"address": address, "module": module, "type": kind, "name": re.sub(r"\[.*", "", name),
            "index": json.loads(index[1]) if index else None, "values": values, "unknown": unknown or {},
            "config": config}


def _split_module(address: str) -> tuple[str, str]:
    parts = address.split(".")
    i = 0
    while parts[i] == "module":
        i += 2
    return ".".join(parts[:i]), ".".join(parts[i:])


def plan_text(resources: list[dict[str, Any]], providers: dict[str, Any] | None = None) -> str:
    modules: dict[str, list[dict[str, Any]]] = {}
    for resource in resources:
        modules.setdefault(resource["module"], []).append(resource)

    def planned(entry: dict[str, Any]) -> dict[str, Any]:
        planned = {"address": entry["address"], "mode": "managed", "type": entry["type"], "name": entry["name"],
                   "provider_name": AWS, "schema_version": 0, "values": entry["values"], "sensitive_values": {}}
        if entry["index"] is not None:
            planned["index"] = entry["index"]
        return planned

    root: dict[str, Any] = {"resources": [planned(e) for e in modules.pop("", [])]}
    if modules:
        root["child_modules"] = [{"address": m, "resources": [planned(e) for e in entries]}
                                 for m, entries in modules.items()]
    config_root: dict[str, Any] = {"resources": [], "module_calls": {}}
    for resource in resources:
        if resource["config"] is None:
            continue
        node = config_root
        for call in re.findall(r"module\.([A-Za-z0-9_-]+)", resource["module"]):
            node = node["module_calls"].setdefault(call, {"module": {"resources": [], "module_calls": {}}})["module"]
        node["resources"].append({"address": f"{resource['type']}.{resource['name']}", "mode": "managed",
                                  "type": resource["type"], "name": resource["name"], "provider_config_key": "aws",
                                  "expressions": resource["config"]})
    document = {
        "format_version": "1.2",
        "planned_values": {"root_module": root},
        "resource_changes": [{"address": r["address"], "mode": "managed", "type": r["type"], "name": r["name"],
                              "change": {"actions": ["create"], "before": None, "after": r["values"],
                                         "after_unknown": r["unknown"]}} for r in resources],
        "configuration": {"provider_config": providers or {}, "root_module": config_root},
    }
    return json.dumps(document, indent=2)


def datasets_of(tmp_path: Path, resources: list[dict[str, Any]],
                providers: dict[str, Any] | None = None) -> tuple[dict[str, dict[str, Any]], list[str]]:
    path = tmp_path / "small.tfplan.json"
    path.write_text(plan_text(resources, providers), encoding="utf-8")
    inventory = load_plan(path)
    return {d["id"]: d for d in inventory.document.value["datasets"]}, [str(n) for n in inventory.notes]


TAGS = {"program": "p", "personal_data": "true", "sensitivity": "3"}


def test_personal_data_follows_the_tags(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, [
        bucket("aws_s3_bucket.untagged", {"bucket": "u"}),
        bucket("aws_s3_bucket.program_only", {"bucket": "p", "tags": {"program": "p"}}),
        bucket("aws_s3_bucket.declared_not", {"bucket": "n", "tags": {"program": "p", "personal_data": "false"}}),
        bucket("aws_s3_bucket.defaults", {"bucket": "d", "tags": {"owner": "x"},
                                          "tags_all": {"owner": "x", "program": "p", "data_categories": "a; b,c"}}),
    ])
    assert datasets["aws_s3_bucket.untagged"]["personal_data"] is False
    assert datasets["aws_s3_bucket.program_only"]["personal_data"] is True
    assert datasets["aws_s3_bucket.declared_not"]["personal_data"] is False
    assert datasets["aws_s3_bucket.defaults"]["program"] == "p"  # provider default_tags, via tags_all
    assert datasets["aws_s3_bucket.defaults"]["data_categories"] == ["a", "b", "c"]


def test_s3_public_access_block_neutralises_public_policy_and_acl(tmp_path: Path) -> None:
    public = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]})
    org_only = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*",
                                          "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]})
    datasets, notes = datasets_of(tmp_path, [
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}),
        bucket("aws_s3_bucket_policy.a", {"bucket": "a", "policy": public}),
        bucket("aws_s3_bucket_acl.a", {"bucket": "a", "acl": "authenticated-read"}),
        bucket("aws_s3_bucket_public_access_block.a", {"bucket": "a", "restrict_public_buckets": True}),
        bucket("aws_s3_bucket.b", {"bucket": "b", "tags": TAGS}),
        bucket("aws_s3_bucket_policy.b", {"bucket": "b", "policy": org_only}),
    ])
    assert datasets["aws_s3_bucket.a"]["access"]["readers"] == ["authenticated"]  # ACL not ignored, policy is
    assert datasets["aws_s3_bucket.b"]["access"] == {"readers": ["group:aws-org:o-abc"],
                                                     "writers": ["group:aws-org:o-abc"]}
    assert notes == []


def test_s3_lifecycle_with_versioning_needs_noncurrent_expiry(tmp_path: Path) -> None:
    rule = {"status": "Enabled", "filter": [], "expiration": [{"days": 30}], "noncurrent_version_expiration": []}
    datasets, _ = datasets_of(tmp_path, [
        bucket("aws_s3_bucket.v", {"bucket": "v", "tags": TAGS}),
        bucket("aws_s3_bucket_versioning.v", {"bucket": "v", "versioning_configuration": [{"status": "Enabled"}]}),
        bucket("aws_s3_bucket_lifecycle_configuration.v", {"bucket": "v", "rule": [rule]}),
        bucket("aws_s3_bucket.w", {"bucket": "w", "tags": TAGS}),
        bucket("aws_s3_bucket_versioning.w", {"bucket": "w", "versioning_configuration": [{"status": "Enabled"}]}),
        bucket("aws_s3_bucket_lifecycle_configuration.w", {"bucket": "w", "rule": [
            {**rule, "noncurrent_version_expiration": [{"noncurrent_days": 7}]}]}),
        bucket("aws_s3_bucket.x", {"bucket": "x", "tags": TAGS}),
        bucket("aws_s3_bucket_lifecycle_configuration.x", {"bucket": "x", "rule": [
            {**rule, "filter": [{"prefix": "tmp/"}]}]}),
    ])
    assert datasets["aws_s3_bucket.v"]["retention"] == {"ttl_days": None}  # old versions stay
    assert datasets["aws_s3_bucket.w"]["retention"] == {"ttl_days": 37}
    assert datasets["aws_s3_bucket.x"]["retention"] == {"ttl_days": None}  # only a prefix expires


def test_a_companion_that_cannot_be_joined_is_noted(tmp_path: Path) -> None:
    _, notes = datasets_of(tmp_path, [
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}, config={}),
        bucket("aws_s3_bucket_server_side_encryption_configuration.a", {"rule": []}, unknown={"bucket": True},
               config={"bucket": {"references": ["var.bucket_id"]}}),
    ])
    assert len(notes) == 1
    assert "aws_s3_bucket_server_side_encryption_configuration.a bucket: unknown until apply and not a reference " \
           "to a aws_s3_bucket of this plan" in notes[0]


def test_cloudtrail_data_events_count_as_audit_logging(tmp_path: Path) -> None:
    datasets, _ = datasets_of(tmp_path, [
        bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}),
        bucket("aws_s3_bucket.b", {"bucket": "b", "tags": TAGS}),
        bucket("aws_cloudtrail.t", {"event_selector": [{"read_write_type": "All", "data_resource": [
            {"type": "AWS::S3::Object", "values": ["arn:aws:s3:::a/"]}]}]}),
    ])
    assert datasets["aws_s3_bucket.a"]["audit_logging"] is True
    assert datasets["aws_s3_bucket.b"]["audit_logging"] is False


@pytest.mark.parametrize("values", [
    {"event_selector": [{"read_write_type": "All", "data_resource": 1}]},
    {"advanced_event_selector": [{"field_selector": 1}]},
    {"advanced_event_selector": [{"field_selector": [{"field": "resources.type", "equals": 1},
                                                     {"field": "resources.ARN", "equals": 1, "starts_with": 2}]}]},
])
def test_malformed_trail_selectors_count_as_no_coverage(values: dict[str, Any], tmp_path: Path) -> None:
    """Attribute values of the wrong type (not what Terraform writes) are read as absent, never a crash."""
    datasets, _ = datasets_of(tmp_path, [bucket("aws_s3_bucket.a", {"bucket": "a", "tags": TAGS}),
                                         bucket("aws_cloudtrail.t", values)])
    assert datasets["aws_s3_bucket.a"]["audit_logging"] is False


def test_rds_dynamodb_and_glue(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, [
        bucket("aws_db_instance.public", {"identifier": "p", "storage_encrypted": True, "publicly_accessible": True,
                                          "tags": TAGS}, unknown={"kms_key_id": True}, config={}),
        bucket("aws_db_instance.unknown", {"identifier": "u", "tags": TAGS},
               unknown={"storage_encrypted": True}, config={"storage_encrypted": {"references": ["local.enc"]}}),
        bucket("aws_dynamodb_table.t", {"name": "t", "tags": TAGS, "server_side_encryption": [
            {"enabled": True, "kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:key/1"}],
            "ttl": [{"enabled": True, "attribute_name": "expires_at"}]}),
        bucket("aws_s3_bucket.lake", {"bucket": "lake", "tags": {"owner": "x"}}),
        bucket("aws_s3_bucket_lifecycle_configuration.lake", {"bucket": "lake", "rule": [
            {"status": "Enabled", "filter": [], "expiration": [{"days": 14}]}]}),
        bucket("aws_glue_catalog_table.events", {"name": "events", "parameters": TAGS,
                                                 "storage_descriptor": [{"location": "s3://lake/events/"}]}),
        bucket("aws_glue_catalog_table.elsewhere", {"name": "e", "parameters": TAGS,
                                                    "storage_descriptor": [{"location": "s3://other/e/"}]}),
    ], providers={"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}})
    public = datasets["aws_db_instance.public"]
    assert public["encryption"]["at_rest"] is True and public["encryption"]["key_ref"] is None  # aws/rds default key
    assert public["access"]["readers"] == ["authenticated"]
    assert public["location"] == {"country": "IE", "region": "eu-west-1"}
    assert datasets["aws_db_instance.unknown"]["encryption"]["at_rest"] is None
    table = datasets["aws_dynamodb_table.t"]
    assert table["encryption"] == {"at_rest": True, "key_ref": "arn:aws:kms:eu-west-1:111122223333:key/1",
                                   "in_transit": False}
    assert table["retention"] == {"ttl_days": None} and "not visible in the plan: retention.ttl_days" in table[
        "description"]
    events = datasets["aws_glue_catalog_table.events"]
    assert events["retention"] == {"ttl_days": 14} and events["program"] == "p"
    assert "access" not in datasets["aws_glue_catalog_table.elsewhere"]
    assert any("aws_db_instance.unknown encryption.at_rest: unknown until apply" in note for note in notes)


def test_google_storage_and_bigquery(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, [
        bucket("google_storage_bucket.closed", {"name": "c", "labels": TAGS, "location": "EU",
                                                "public_access_prevention": "enforced"}),
        bucket("google_storage_bucket_iam_binding.closed", {"bucket": "b/c", "role": "roles/storage.objectViewer",
                                                            "members": ["allUsers", "group:team@x.example"]}),
        bucket("google_storage_bucket.open", {"name": "o", "labels": TAGS, "location": "US",
                                              "encryption": [{"default_kms_key_name": "projects/p/keys/k"}]}),
        bucket("google_storage_bucket_iam_member.open", {"bucket": "o", "role": "roles/storage.objectCreator"},
               unknown={"member": True}),
        bucket("google_bigquery_dataset.defaults", {"dataset_id": "d", "labels": TAGS, "location": "EU"},
               unknown={"access": True}, config={}),
        bucket("google_bigquery_dataset_iam_member.defaults", {"dataset_id": "d", "role": "roles/bigquery.dataViewer",
                                                              "member": "allAuthenticatedUsers"}),
    ])
    closed = datasets["google_storage_bucket.closed"]
    assert closed["access"]["readers"] == ["group:team@x.example"]  # public access prevention
    assert closed["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": True}
    assert closed["location"] == {"region": "EU"}  # a multi-region: no one country
    opened = datasets["google_storage_bucket.open"]
    assert "access" not in opened and opened["encryption"]["key_ref"] == "projects/p/keys/k"
    assert any("google_storage_bucket.open access.readers: unknown until apply" in note for note in notes)
    bigquery = datasets["google_bigquery_dataset.defaults"]
    assert bigquery["access"]["readers"] == ["group:projectOwners", "group:projectWriters", "group:projectReaders",
                                             "authenticated"]
    assert bigquery["audit_logging"] is True


def test_azure_storage_and_sql(tmp_path: Path) -> None:
    datasets, notes = datasets_of(tmp_path, [
        bucket("azurerm_storage_account.sa", {"name": "sa", "location": "westeurope", "tags": TAGS,
                                              "https_traffic_only_enabled": True,
                                              "allow_nested_items_to_be_public": True}, unknown={"id": True},
               config={}),
        bucket("azurerm_storage_container.public", {"name": "c", "container_access_type": "blob"},
               unknown={"storage_account_id": True},
               config={"storage_account_id": {"references": ["azurerm_storage_account.sa.id",
                                                             "azurerm_storage_account.sa"]}}),
        bucket("azurerm_storage_account_customer_managed_key.sa", {"key_name": "k"},
               unknown={"storage_account_id": True, "key_vault_id": True},
               config={"storage_account_id": {"references": ["azurerm_storage_account.sa.id",
                                                             "azurerm_storage_account.sa"]},
                       "key_vault_id": {"references": ["azurerm_key_vault.kv.id", "azurerm_key_vault.kv"]}}),
        bucket("azurerm_mssql_server.s", {"name": "s", "location": "germanywestcentral", "tags": TAGS},
               unknown={"id": True}, config={}),
        bucket("azurerm_mssql_database.db", {"name": "db"}, unknown={"server_id": True},
               config={"server_id": {"references": ["azurerm_mssql_server.s.id", "azurerm_mssql_server.s"]}}),
        bucket("azurerm_mssql_firewall_rule.all", {"start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"},
               unknown={"server_id": True},
               config={"server_id": {"references": ["azurerm_mssql_server.s.id", "azurerm_mssql_server.s"]}}),
    ])
    account = datasets["azurerm_storage_account.sa"]
    assert account["access"]["readers"] == ["*"]
    assert account["encryption"] == {"at_rest": True, "key_ref": "azurerm_key_vault.kv.id", "in_transit": True}
    assert account["location"] == {"country": "NL", "region": "westeurope"}
    database = datasets["azurerm_mssql_database.db"]
    assert database["program"] == "p"  # the server's tags
    assert database["encryption"] == {"at_rest": True, "key_ref": None, "in_transit": True}  # TDE by default
    assert database["access"]["readers"] == ["authenticated"]
    assert database["location"] == {"country": "DE", "region": "germanywestcentral"}
    assert notes == []


def test_nested_module_instances(tmp_path: Path) -> None:
    address = 'module.region["eu"].aws_s3_bucket.data[0]'
    datasets, _ = datasets_of(tmp_path, [
        bucket(address, {"bucket": "eu-0", "tags": TAGS}, unknown={"id": True}, config={}),
        bucket('module.region["eu"].aws_s3_bucket_logging.data[0]', {"target_bucket": "logs"},
               unknown={"bucket": True},
               config={"bucket": {"references": ["aws_s3_bucket.data[0].id", "aws_s3_bucket.data[0]",
                                                 "aws_s3_bucket.data"]}}),
    ])
    dataset = datasets["module.region/eu.aws_s3_bucket.data/0"]
    assert dataset["name"] == address
    assert dataset["audit_logging"] is True
