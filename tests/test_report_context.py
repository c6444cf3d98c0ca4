"""The report's data (no rendering): risk bands, bounded grouping, storage picture, manifests."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from compliance.findings import Finding, Location, Result, Severity
from compliance.report import context, current_manifest, integrity, principles, risk, storage
from compliance.report.pdf import render_html
from compliance.report.source import ReportData, from_run
from compliance.runner import RunOptions, execute
from tests.conftest import AS_OF, MCI, shipped_rules

PLAIN = (str, int, float, bool, type(None))


def package_of(rule: str) -> str:
    """The shipped package holding the id's METADATA."""
    return next(meta.package for meta in shipped_rules().values() if meta.id == rule and not meta.is_dataset_check)


def finding(rule: str, resource: str, severity: Severity = Severity.HIGH, package: str = "") -> Finding:
    return Finding(rule=rule, title=f"title of {rule}", severity=severity, legal=("GDPR Art. 32",),
                   resource=resource, location=Location("inv.yaml", 3, 5), message=f"{resource} fails {rule}",
                   remediation="fix it", package=package or package_of(rule))


def many(count: int) -> Result:
    """A Result with `count` findings over three rules, sorted as the runner sorts them."""
    rules = (("GDPR-SEC-001", Severity.CRITICAL), ("GDPR-PD-002", Severity.CRITICAL), ("GDPR-PR-005", Severity.HIGH))
    made = [finding(rule, f"dataset:t{index:06d}", severity)
            for index in range(count) for rule, severity in rules[index % 3:index % 3 + 1]]
    return Result("0.1.0", "embedded", "sha256:policy", AS_OF, (), tuple(sorted(made, key=Finding.sort_key)))


def walk(value: Any, path: str = "context") -> None:
    """Templates get plain data only: dicts with string keys, lists, strings, numbers, booleans, None."""
    if isinstance(value, Mapping):
        assert type(value) is dict, path
        for key, item in value.items():
            assert isinstance(key, str | int), f"{path}: key {key!r}"
            walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            walk(item, f"{path}[{index}]")
    else:
        assert isinstance(value, PLAIN), f"{path}: {type(value).__name__}"


@pytest.mark.parametrize(("severity", "likelihood", "expected"), [
    (1, 1, "low"), (1, 3, "low"), (2, 2, "medium"), (3, 2, "medium"), (2, 4, "high"), (3, 3, "high"),
    (4, 2, "high"), (4, 1, "medium"), (3, 4, "very_high"), (4, 4, "very_high"),
])
def test_bands_follow_rules_7_2(severity: int, likelihood: int, expected: str) -> None:
    assert risk.band(severity, likelihood) == expected


def test_modifiers_raise_and_lower_the_scenarios() -> None:
    program = {"data_categories": [{"id": "s", "special_category": True}],
               "storage": {"pseudonymisation": {"applied": False}, "encryption": {"at_rest": False}}}
    findings = [finding("GDPR-PD-002", "dataset:a", Severity.CRITICAL),
                finding("GDPR-SEC-001", "dataset:a", Severity.CRITICAL)]
    found = risk.assessment([program], findings, ["GDPR-PD-002", "GDPR-SEC-001", "GDPR-SEC-004"],
                            shipped_rules().values())
    access = next(s for s in found["scenarios"] if s["key"] == "illegitimate_access")
    # L: base 2, +1 per critical linked failure, -1 as GDPR-SEC-004 was evaluated and passed.
    assert access["inherent"] == {"severity": 4, "likelihood": 3, "score": 12, "band": "very_high"}
    assert access["modifiers"]["raised_by"] == ["GDPR-PD-002", "GDPR-SEC-001"]
    # Residual: encrypted (SEC-001 fixed) and tested access controls (SEC-004 evaluated).
    assert access["residual"]["severity"] == 3 and access["residual"]["likelihood"] == 1
    assert found["inherent_band"] == "very_high"


def test_declared_risks_are_scored_with_the_same_bands() -> None:
    program = {"metadata": {"id": "p"}, "dpia": {"risks": [
        {"id": "X1", "scenario": "leak", "severity": 4, "likelihood": 3, "residual_severity": 2,
         "residual_likelihood": 2}]}}
    found = risk.assessment([program], [], [], shipped_rules().values())
    assert found["declared"][0]["inherent"]["band"] == "very_high"
    assert found["declared"][0]["residual"]["band"] == "medium"


def test_45k_findings_stay_bounded() -> None:
    result = many(45_000)
    groups = principles.group_by_rule(result.findings, 10, shipped_rules())
    assert [g["count"] for g in groups] == [15_000, 15_000, 15_000]
    assert all(len(g["findings"]) == 10 and g["more"] == 14_990 for g in groups)
    assert groups[0]["resource_count"] == 15_000
    assert {g["section"] for g in groups} == {"security", "storage_limitation"}
    trimmed = principles.trim(groups, 1)
    assert all(len(g["findings"]) == 1 and g["more"] == 14_999 for g in trimmed)


def test_a_rules_checks_make_one_group_and_unknown_packages_go_to_other() -> None:
    findings = [finding("GDPR-SEC-001", "program:p", Severity.HIGH),
                finding("GDPR-SEC-001", "dataset:a", Severity.CRITICAL,
                        package="compliance.rules.security.dataset_encryption_at_rest"),
                finding("X-1", "program:p", package="compliance.rules.acme.own")]
    groups = principles.group_by_rule(sorted(findings, key=Finding.sort_key), 10, shipped_rules())
    assert [(g["rule"], g["count"], g["section"], g["severity"]) for g in groups] == [
        ("GDPR-SEC-001", 2, "security", "critical"), ("X-1", 1, "other", "high")]


def test_storage_picture_counts_shares_and_top_20() -> None:
    datasets = [{"id": f"t{i}", "personal_data": True, "rows": i * 10, "encryption": {"at_rest": i % 2 == 0},
                 "access": {"readers": ["group:all-employees"] if i % 3 == 0 else ["user:a"]}, "sensitivity": 4}
                for i in range(30)] + [{"id": "np", "personal_data": False, "rows": 5}]
    seen = storage.picture(datasets, {"group:all-employees"}, {"dataset:t27": 4})
    assert seen["datasets"] == 31 and seen["personal_datasets"] == 30
    assert seen["encrypted"] == 15 and seen["broad"] == 10
    assert seen["encrypted_share"] == pytest.approx(0.5)
    assert [row["id"] for row in seen["exposed"]["rows"]][:2] == ["t27", "t24"]
    assert seen["exposed"]["rows"][0]["findings"] == 4
    assert seen["principals"]["rows"][0]["principal"] == "group:all-employees"


def test_differences_name_each_aspect() -> None:
    before = {"inputs": [{"path": "a.yaml", "kind": "Program", "id": "p", "sha256": "1"},
                         {"path": "b.yaml", "kind": "StorageInventory", "id": "s", "sha256": "2"}],
              "policy_digest": "sha256:a", "findings": {"sha256": "x", "summary": {"total": 3}}, "tool": {}}
    after = {"inputs": [{"path": "a.yaml", "kind": "Program", "id": "p", "sha256": "9"},
                        {"path": "c.yaml", "kind": "Waivers", "id": "w", "sha256": "3"}],
             "policy_digest": "sha256:b", "findings": {"sha256": "y", "summary": {"total": 4}}, "tool": {}}
    found = integrity.differences(before, after)
    assert any("Program p (a.yaml) changed" in line for line in found["inputs"])
    assert any("StorageInventory s (b.yaml) is no longer" in line for line in found["inputs"])
    assert any("Waivers w (c.yaml) is a new input" in line for line in found["inputs"])
    assert found["policy"] and "total 3 -> 4" in found["findings"][0]
    assert integrity.differences(before, before) == {"inputs": [], "policy": [], "findings": []}


def test_context_is_plain_data_and_renders_for_the_sample() -> None:
    run = execute(RunOptions(paths=(str(MCI),), as_of=datetime.date.fromisoformat(AS_OF)))
    data = from_run(run, {"as_of": AS_OF})
    built = context.build(data, generated=f"{AS_OF}T00:00:00Z", findings_digest="sha256:f", attachments=[])
    walk(built)
    assert built["verdict"]["dpia_required"] is True
    html = render_html(built)
    assert "Model Capability Initiative" in html
    assert "What the inputs leave open" not in html  # no Terraform plan: nothing left open
    assert current_manifest(data)["findings"]["total"] == len(run.result.findings)


def test_values_left_open_by_a_plan_are_listed_and_bounded() -> None:
    terraform = MCI.parent / "terraform"
    run = execute(RunOptions(paths=(str(terraform),), as_of=datetime.date.fromisoformat(AS_OF)))
    built = context.build(from_run(run, {}), generated="x", findings_digest="y", attachments=[])
    assert [row["field"] for row in built["left_open"]["rows"]] == [w.field for w in run.result.warnings]
    assert built["left_open"]["total"] == 3 and built["left_open"]["more"] == 0
    html = render_html(built)
    assert "What the inputs leave open" in html and "module.staging.aws_s3_bucket.scratch encryption.key_ref" in html
    warning = run.result.warnings[0]
    crowded = replace(run.result, warnings=(warning,) * (context.WARNINGS_SHOWN + 5))
    bounded = context.left_open(crowded)
    assert len(bounded["rows"]) == context.WARNINGS_SHOWN and bounded["more"] == 5


def test_a_run_without_a_program_still_renders(write: Any) -> None:
    inventory = write("inv.yaml", """
        apiVersion: privacy.compliance/v1
        kind: StorageInventory
        metadata: {id: inv}
        datasets:
          - {id: t.a, personal_data: true, sensitivity: 4, rows: 3, access: {readers: ["*"]}}
        """)
    run = execute(RunOptions(paths=(str(inventory),), as_of=datetime.date.fromisoformat(AS_OF)))
    built = context.build(from_run(run, {}), generated="x", findings_digest="y", attachments=[])
    assert built["verdict"]["dpia_required"] is None and built["programs"] == []
    html = render_html(built)
    assert "No Program document among the inputs" in html and "t.a" in html


def test_report_data_without_policy_documents_says_not_computed() -> None:
    data = ReportData(result=many(3), programs=({"metadata": {"id": "p", "name": "P"}},), datasets=(), rules=())
    built = context.build(data, generated="x", findings_digest="y", attachments=[])
    assert built["programs"][0]["screening"] is None and built["programs"][0]["packs"] is None
    assert "not yet computed" in render_html(built)
