"""`null` means "not declared": the same as leaving the field out, in every kind and format."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from compliance.loaders.validate import KINDS, schema, strict_schema
from compliance.loaders.yaml_json import load_file
from compliance.runner import RunOptions, run_check
from tests.conftest import AS_OF, SAMPLES, run_cli

PROGRAMS = sorted(SAMPLES.glob("*/program.yaml"))


def test_null_tilde_empty_and_json_null_are_left_out_with_their_position(write: Callable[[str, str], Path]) -> None:
    path = write("p.yaml", """\
        apiVersion: privacy.compliance/v1
        kind: Program
        metadata: {id: x}
        controller:
          name: Acme
          eu_representative: null
          contact: ~
          joint_controllers:
        program:
          technologies: [screenshot, null, ~, clicks]
        """)
    [document] = load_file(path)
    assert document.value["controller"] == {"name": "Acme"}
    assert document.value["program"] == {"technologies": ["screenshot", "clicks"]}
    assert document.locate(("controller", "eu_representative")).line == 6
    assert document.locate(("controller", "joint_controllers")).line == 8
    assert document.locate(("program", "technologies", 1)).line == 10
    as_json = write("p.json", '{"apiVersion": "privacy.compliance/v1", "kind": "Program", "metadata": {"id": "x"},\n'
                               ' "retention": {"auto_deletion": null}}')
    [document] = load_file(as_json)
    assert document.value["retention"] == {}
    assert document.locate(("retention", "auto_deletion")).line == 2


def test_a_quoted_null_is_a_string(write: Callable[[str, str], Path]) -> None:
    path = write("p.yaml", "apiVersion: privacy.compliance/v1\nkind: Program\nmetadata: {id: x, name: 'null'}\n")
    assert load_file(path)[0].value["metadata"]["name"] == "null"


def _optional_paths(node: dict[str, Any], root: dict[str, Any],
                    prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every optional property path of a published schema, $refs followed once."""
    if "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    for alternative in node.get("anyOf", ()):
        if alternative.get("type") != "null":
            yield from _optional_paths(alternative, root, prefix)
    required = set(node.get("required", ()))
    for name, sub in node.get("properties", {}).items():
        if name not in required:
            yield (*prefix, name)
        if len(prefix) < 3:
            yield from _optional_paths(sub, root, (*prefix, name))


@pytest.mark.parametrize("kind", KINDS)
def test_the_published_schema_takes_null_for_every_optional_field(kind: str) -> None:
    published = schema(kind)
    Draft202012Validator.check_schema(published)
    validator = Draft202012Validator(published)
    paths = list(_optional_paths(published, published))
    assert len(paths) >= 5
    for path in paths:
        document: dict[str, Any] = {"apiVersion": "privacy.compliance/v1", "kind": kind, "metadata": {"id": "x"}}
        if kind == "StorageInventory":
            document["datasets"] = []
        if kind == "Waivers":
            document["waivers"] = []
        node = document
        for part in path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
        node[path[-1]] = None
        assert [error.message for error in validator.iter_errors(document) if tuple(error.absolute_path) == path] \
            == [], path


def test_the_published_schema_still_refuses_a_wrong_value() -> None:
    validator = Draft202012Validator(schema("Program"))
    bad = {"apiVersion": "privacy.compliance/v1", "kind": "Program", "metadata": {"id": "x"},
           "program": {"status": "sometime"}}
    assert not validator.is_valid(bad)
    assert not validator.is_valid({**bad, "metadata": None})


def _required_in_items(block: str) -> set[str]:
    """Fields that every item of a Program's list block must have (leaving them out is an error)."""
    shipped = strict_schema("Program")
    items = shipped["properties"].get(block, {}).get("items", {})
    if "$ref" in items:
        items = shipped["$defs"][items["$ref"].rsplit("/", 1)[1]]
    return set(items.get("required", ()))


def _keys(value: dict[str, Any]) -> Iterator[tuple[str | int, ...]]:
    """Paths of every optional key two levels down, and of those of each list block's first item."""
    for name, child in value.items():
        if name in ("apiVersion", "kind", "metadata"):
            continue
        if name != "data_categories":  # without them, the purposes name undeclared categories: exit 2 either way
            yield (name,)
        items = child if isinstance(child, dict) else (child[0] if isinstance(child, list) and child
                                                        and isinstance(child[0], dict) else None)
        if isinstance(items, dict):
            for sub in items:
                if isinstance(child, dict):
                    yield (name, sub)
                elif sub not in _required_in_items(name):
                    yield (name, 0, sub)


def _variant(program: dict[str, Any], path: tuple[str | int, ...], null: bool, program_id: str) -> dict[str, Any]:
    copy = json.loads(json.dumps(program))
    copy["metadata"]["id"] = program_id
    node = copy
    for part in path[:-1]:
        node = node[part]
    if null:
        node[path[-1]] = None
    else:
        del node[path[-1]]
    return copy


@pytest.fixture(scope="module")
def twin_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[tuple[str, ...]]]]:
    """For every sample program and every key of its first two levels, the findings of a copy that
    sets the key to null and of one that leaves it out, all judged in one run: {pair: {"n"/"g": findings}}."""
    directory = tmp_path_factory.mktemp("twins")
    pairs: dict[str, str] = {}
    for program_file in PROGRAMS:
        program = load_file(program_file)[0].value
        for path in _keys(program):
            number = f"{len(pairs):04d}"
            pairs[number] = f"{program_file.parent.name}: {'.'.join(map(str, path))}"
            for flag, null in (("n", True), ("g", False)):
                text = yaml.safe_dump(_variant(program, path, null, f"{flag}{number}"), sort_keys=False)
                (directory / f"{flag}{number}.yaml").write_text(text, encoding="utf-8")
    result = run_check(RunOptions(paths=(str(directory),), as_of=datetime.date.fromisoformat(AS_OF), quiet=True))
    grouped: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: {"n": [], "g": []})
    for finding in result.findings:
        owner = finding.location.path.rsplit("/", 1)[-1][:5] if finding.location else ""
        flag, number = owner[:1], owner[1:]
        normal = (finding.rule, finding.severity.value, finding.resource.replace(owner, "ID"),
                  finding.message.replace(owner, "ID"))
        grouped[pairs[number]][flag].append(normal)
    return {pair: grouped[pair] for pair in pairs.values()}


def test_a_null_field_gives_exactly_the_findings_of_a_missing_one(
        twin_findings: dict[str, dict[str, list[tuple[str, ...]]]]) -> None:
    assert len(twin_findings) > 200
    different = {pair: sides for pair, sides in twin_findings.items() if sorted(sides["n"]) != sorted(sides["g"])}
    assert different == {}
    judged = {pair.split(":")[0] for pair, sides in twin_findings.items() if sides["n"]}
    assert judged >= {"mci", "contact_centre", "us_employer", "well_run"}  # (terraform's is judged through its plan)


def test_every_kind_has_owner_labels_and_annotations() -> None:
    for kind in KINDS:
        metadata = schema(kind)["$defs"]["metadata"]["properties"]
        assert {"owner", "labels", "annotations"} <= set(metadata), kind


def test_manifest_written_with_nulls_owner_and_labels_is_checked(write: Callable[[str, str], Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    program = write("program.yaml", """\
        apiVersion: privacy.compliance/v1
        kind: Program
        metadata:
          id: pilot
          name: Screen-capture pilot
          owner: privacy-office@example.com
          labels: {team: hr, tier: 1, reviewed: false}
          annotations: {ticket: "PRIV-123"}
        program: {status: pilot, start_date: 2026-03-01, technologies: [screenshot]}
        controller:
          name: Acme GmbH
          contact: privacy@example.com
          eu_representative: null
          establishments: [{country: DE, has_works_council: true, employees: 800}]
        data_subjects: [{category: employee, count: 800}]
        data_categories:
          - {id: screens, name: Screens, type: screenshots, retention_days: null, retention_justification: ~}
        purposes:
          - id: train
            description: Train a UI agent on screen sequences in allowlisted internal tools
            category: ai_training
            data_category_ids: [screens]
            lawful_basis: legitimate_interests
            legal_obligation_ref: null
            derived_from_purpose: null
            art9_condition: null
            art9_legal_ref: null
        consent: {used: false, withdrawal: {mechanism: null}}
        consultation:
          works_council: [{country: DE, co_determination_agreement_ref: null}]
          cse: {informed_consulted_date: null}
          italy_art4: {union_agreement_ref: null, inl_authorisation_ref: null}
        ai: {human_oversight_assignee: null, workers_informed_date: null, worker_reps_informed_date: null}
        access:
          readers: [{group: "group:hr-analytics", size: 12, justification: null, approved_by: null}]
        dpia: {performed: false, art36: {submitted_date: null}}
        records: {ropa_entry_id: null}
        us_notices: {cppa_risk_assessment: {completed_date: null}}
        breaches: []
        """)
    missing = write("missing/program.yaml", program.read_text(encoding="utf-8").replace(
        "retention_days: null, retention_justification: ~", "name2: x").replace(", name2: x", ""))
    code, out, err = run_cli(capsys, "validate", str(program))
    assert code == 0, err
    code, out, err = run_cli(capsys, "check", str(program), "--format", "json", "--as-of", AS_OF)
    assert code == 1, err
    findings = json.loads(out)["findings"]
    retention = [f for f in findings if f["rule"] == "GDPR-PR-005" and f["resource"] == "data_category:pilot/screens"]
    line = program.read_text(encoding="utf-8").splitlines()[16]
    assert retention and retention[0]["location"] == {  # the key that leaves it open, not its parent
        "path": str(program), "line": 17, "column": line.index("retention_days") + 1}
    without = json.loads(run_cli(capsys, "check", str(missing), "--format", "json", "--as-of", AS_OF)[1])
    assert [f["message"] for f in without["findings"] if f["rule"] == "GDPR-PR-005"] == \
        [f["message"] for f in findings if f["rule"] == "GDPR-PR-005"]
    rules = {f["rule"] for f in findings}
    assert {"DE-BETRVG-001", "GDPR-ROPA-001", "GDPR-SEC-003", "GDPR-DPIA-001"} <= rules
