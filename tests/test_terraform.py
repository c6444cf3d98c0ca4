"""Terraform plans (`terraform show -json`) read as a StorageInventory."""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from compliance.errors import InputProblems
from compliance.findings import Finding
from compliance.loaders.document import Document, Position
from compliance.loaders.inputs import load_inputs
from compliance.loaders.terraform import dataset_id, inventory_from_plan, load_plan, positions
from compliance.loaders.terraform.positions import parse_plan
from compliance.loaders.yaml_json import load_file
from compliance.runner import RunOptions, run_check
from tests.conftest import AS_OF, SAMPLES, run_cli
from tests.terraform_plans import bucket, plan_text

SAMPLE = SAMPLES / "terraform"
PLAN = SAMPLE / "analytics.tfplan.json"

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
    assert scratch["unknown"] == ["encryption.key_ref", "access.readers", "encryption.in_transit"]
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


def test_no_finding_asserts_an_unknown_value_and_unknown_fail_reports_each() -> None:
    """The scratch bucket's policy, TLS and key are unknown until apply: no rule judges them by
    default; `--unknown fail` makes each fact a rule needs one finding saying so, at its line."""
    scratch = "dataset:module.staging.aws_s3_bucket.scratch"
    assert [f for f in sample_run() if f.resource == scratch] == []
    strict = run_check(RunOptions(paths=(str(SAMPLE),), as_of=datetime.date.fromisoformat(AS_OF), unknown="fail"))
    found = sorted((f.rule, f.field_path, f.location.line if f.location else None, f.message)
                   for f in strict.findings if f.resource == scratch)
    policy_line = line_of("module.staging.aws_s3_bucket_policy.scratch")
    sse_line = line_of("module.staging.aws_s3_bucket_server_side_encryption_configuration.scratch",
                       '"apply_server_side_encryption_by_default"') + 1
    head = "dataset module.staging.aws_s3_bucket.scratch (sensitivity 2): "
    assert found == [
        ("GDPR-PD-002", "access.readers", policy_line,
         head + "who can read it is unknown until apply (access.readers), so the rule cannot be checked"),
        ("GDPR-SEC-005", "encryption.in_transit", policy_line,
         head + "whether it is encrypted in transit is unknown until apply (encryption.in_transit), so the rule "
                "cannot be checked"),
        ("GDPR-SEC-005", "encryption.key_ref", sse_line,
         head + "which key encrypts it at rest is unknown until apply (encryption.key_ref), so the rule cannot be "
                "checked"),
    ]
    # Everything else is judged the same.
    others = Counter((f.resource, f.rule) for f in strict.findings if f.resource != scratch)
    assert others == Counter((f.resource, f.rule) for f in sample_run())


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


@pytest.mark.parametrize("layout", ["pretty", "one line", "tabs and CRLF"])
def test_plan_positions_found_when_asked_equal_every_key_recorded(tmp_path: Path, layout: str) -> None:
    """The plan's positions are found in its text when asked for: the same answer, for every path
    and for paths the plan does not hold, as recording every key (the general loader does)."""
    value = json.loads(PLAN.read_text(encoding="utf-8"))
    text = {"pretty": json.dumps(value, indent=2), "one line": json.dumps(value),
            "tabs and CRLF": json.dumps(value, indent="\t").replace("\n", "\r\n")}[layout]
    path = tmp_path / "plan.json"
    path.write_bytes(text.encode("utf-8"))
    general = load_file(path)[0]
    parsed, positions = parse_plan(text)
    assert parsed == value
    recorded = {key: position for key, position in general.positions.items()
                if len(key) <= 1 or key[0] == "planned_values"}  # what a plan's findings can point at
    assert len(recorded) > 600
    fresh = parse_plan(text)[1]  # each path asked for first, in an order of its own
    for key in sorted(recorded, key=repr):
        assert fresh[key] == recorded[key], key
    assert dict(positions.items()) == recorded
    for key in recorded:  # paths the plan does not hold: the nearest one it does
        for missing in ((*key, "nope"), (*key, 99), (*key, "values", "tags")):
            assert positions.get(missing) is None or missing in recorded
            assert Document("p", 0, value, "", positions).locate(missing) == general.locate(missing)


@pytest.mark.parametrize("text", [
    '{"format_version": "1.2", "planned_values": {}', '{"format_version": "1.2"} x', '{"format_version" "1.2"}',
    '{format_version: "1.2"}', '{"a": 1 "b": 2}', '{"a": [1,]}', '{"a": 1,}', '{"planned_values": {"root_module": '
    '{"resources": [{"a": 1} {"b": 2}]}}}', '\ufeff{}', '{"a": "\t"}', ''])
def test_what_json_refuses_is_not_a_plan(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        parse_plan(text)


def test_positions_stay_exact_should_the_walk_of_a_plan_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """What json reads, the walk reads; were it ever to fail, positions are found from the top instead."""
    text = PLAN.read_text(encoding="utf-8")
    walked = dict(parse_plan(text)[1].items())

    def failing(self: object, start: int) -> None:
        raise IndexError(start)

    monkeypatch.setattr(positions._Parser, "parse", failing)
    value, found = parse_plan(text)
    assert value == json.loads(text)
    assert dict(found.items()) == walked


@pytest.mark.parametrize(("values", "where"), [
    (r'{"x": 1, "y": 2, "x": 3}', 17),  # of equal keys, the last (json.loads keeps its value)
    (r'{"x": 1, "y": 2, "\u0078": 3}', 17),  # also when written with an escape
    (r'{"x": 1, "y": "\"x\""}', 1),  # a key's text inside a later value is no key
    (r'{"x": 1, "y": "\"x\": 3"}', 1),
    (r'{"x": 1, "y": "x"}', 1),
    (r'{"y": {"x": 1}, "x": 2}', 16),  # a key of a nested object is another key
    (r'{"x": {"x": 1}}', 1),
])
def test_a_key_is_located_where_json_reads_it(values: str, where: int) -> None:
    """`where`: the offset, in `values`, of the key whose value json.loads keeps."""
    head = '{"planned_values": {"root_module": {"resources": [{"values": '
    value, positions = parse_plan(head + values + "}]}}}")
    assert value["planned_values"]["root_module"]["resources"][0]["values"]["x"] == json.loads(values)["x"]
    path = ("planned_values", "root_module", "resources", 0, "values", "x")
    assert positions[path] == Position(1, len(head) + where + 1)
    assert positions.get((*path, "x")) == (Position(1, len(head) + where + 7) if values.endswith("1}}") else None)


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
    assert "formats 0.x and 1.x" in err


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


def test_try_plans_counts_read_refused_and_judged(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """scripts/try_plans.py: one line a plan, then read / refused (with the reason) / judged."""
    import importlib.util

    script = Path(__file__).parent.parent / "scripts" / "try_plans.py"
    spec = importlib.util.spec_from_file_location("try_plans", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tagged = {"program": "dock-analytics", "personal_data": "true", "sensitivity": "3"}
    (tmp_path / "a.json").write_text(plan_text([bucket("aws_s3_bucket.a", {"bucket": "a", "tags": tagged})]),
                                     encoding="utf-8")
    (tmp_path / "b.json").write_text(plan_text([bucket("aws_s3_bucket.b", {"bucket": "b"})]), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"format_version": "9.0", "planned_values": {}}), encoding="utf-8")
    assert module.main([str(SAMPLE / "program.yaml"), str(tmp_path), "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "1  a.json: 1 datasets, 1 judged, 0 possibly in scope" in out
    assert "0  b.json: 1 datasets, 0 judged, 0 possibly in scope, 0 findings, 0 warnings" in out
    assert "3 plans: 2 read, 1 refused, 1 judged (a dataset names a program)" in out
    assert "exit codes: 1 x 0, 1 x 1, 1 x 2" in out
    assert "refused c.json: " in out and "format_version '9.0' is not supported" in out


def test_sensitive_values_are_never_printed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A plan carries sensitive values (`sensitive_values`, e.g. a database password) in clear: none
    reaches an output, even where the plan is cited."""
    secret = "pw-5f1e9c"  # a made-up value
    text = plan_text([bucket("aws_db_instance.db", {"identifier": "db", "password": secret, "storage_encrypted": False,
                                                    "tags": {"program": "dock-analytics", "sensitivity": "3"}})])
    document = json.loads(text)
    document["planned_values"]["root_module"]["resources"][0]["sensitive_values"] = {"password": True}
    path = tmp_path / "db.tfplan.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    for output in ("text", "json", "sarif"):
        code, out, err = run_cli(capsys, "check", str(SAMPLE / "program.yaml"), str(path), "--as-of", AS_OF,
                                 "--format", output)
        assert code == 1 and "GDPR-SEC-001" in out
        assert secret not in out and secret not in err


def test_json_that_cannot_be_a_plan_is_not_parsed_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON inventory (a snapshot of 45,000 tables) is parsed once, by the JSON reader, not first as a
    plan; a plan whose keys are written with escapes is still one."""
    from compliance.loaders.terraform import reader

    parsed: list[str] = []
    real = reader.parse_plan
    monkeypatch.setattr(reader, "parse_plan", lambda text: parsed.append(text[:20]) or real(text))
    inventory = tmp_path / "wh.json"
    inventory.write_text(json.dumps({"apiVersion": "privacy.compliance/v1", "kind": "StorageInventory",
                                     "metadata": {"id": "wh"}, "datasets": []}), encoding="utf-8")
    assert reader.read_plan(inventory) is None and parsed == []
    escaped = tmp_path / "escaped.json"
    text = plan_text([bucket("aws_s3_bucket.b", {"bucket": "b"})])
    escaped.write_text(text.replace('"planned_values"', '"planned\\u005fvalues"'), encoding="utf-8")
    assert reader.read_plan(escaped) is not None and len(parsed) == 1
