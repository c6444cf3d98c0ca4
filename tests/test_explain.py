"""`compliance explain RULE-ID`: every shipped rule explained, its printed examples proven on the real engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compliance import catalog, rule_examples
from compliance.catalog import RuleMeta
from compliance.commands.rules import load_checks
from compliance.explain import explain, find
from compliance.rule_reads import FieldRead
from tests.conftest import run_cli

CATALOG = [meta for checks in load_checks().values() for meta in checks]  # every package, dataset checks too
PACKAGES = [meta.package for meta in CATALOG]



def _explain_json(capsys: pytest.CaptureFixture[str], rule_id: str, cached: dict[str, Any]) -> dict[str, Any]:
    if rule_id not in cached:
        code, out, err = run_cli(capsys, "explain", rule_id, "--format", "json")
        assert (code, err) == (0, "")
        cached[rule_id] = {rule["package"]: rule for rule in json.loads(out)["rules"]}
    return cached[rule_id]  # type: ignore[no-any-return]


_CACHE: dict[str, Any] = {}


def _check(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, example: dict[str, Any],
           rule_id: str) -> list[dict[str, Any]]:
    """The findings of rule_id when the printed example is checked with the command it names."""
    path = tmp_path / name
    path.write_text(example["yaml"], encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(path), "--as-of", example["as_of"], "--rule", rule_id,
                         "--format", "json", "--fail-on", "never")
    assert code == 0, err
    return [finding for finding in json.loads(out)["findings"] if finding["rule"] == rule_id]


def _of_check(finding: dict[str, Any], meta: RuleMeta) -> bool:
    """Whether a finding of meta's id comes from meta's check: of an id checked on the program and on
    each dataset, the dataset check's findings are about datasets."""
    if sum(other.id == meta.id for other in CATALOG) == 1:
        return True
    return finding["resource"].startswith("dataset:") == meta.is_dataset_check


@pytest.mark.parametrize("package", PACKAGES)
def test_every_rule_has_examples_that_fire_and_pass_on_the_real_engine(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, package: str) -> None:
    meta = next(meta for meta in CATALOG if meta.package == package)
    rule = _explain_json(capsys, meta.id.lower(), _CACHE)[package]
    assert rule["fires"] is not None, f"{meta.id} ({package}) has no example that fires"
    assert rule["passes"] is not None, f"{meta.id} ({package}) has no example that passes"
    fired = [finding for finding in _check(capsys, tmp_path, "fires.yaml", rule["fires"], meta.id)
             if _of_check(finding, meta)]
    assert fired, f"the example printed as firing {meta.id} ({package}) does not fire it"
    assert sorted(finding["message"] for finding in fired) == sorted(rule["fires"]["messages"])
    passed = [finding for finding in _check(capsys, tmp_path, "passes.yaml", rule["passes"], meta.id)
              if _of_check(finding, meta)]
    assert passed == [], f"the example printed as passing {meta.id} ({package}) fires it: {passed}"
    assert rule["passes"]["messages"] == []
    assert rule["fires"]["test"].startswith("test_") and rule["passes"]["test"].startswith("test_")
    assert any(read["how"] == "finding" for read in rule["fields"]), f"{meta.id} ({package}) lists no field"
    listed = {(read["node"].split()[0], read["field"]) for read in rule["fields"]}
    for finding in fired:  # the kind of document each finding of the example is about is among those listed
        node = "StorageInventory" if finding["resource"].startswith("dataset:") else "Program"
        assert any(kind == node for kind, _ in listed), (finding, listed)


def test_text_output_prints_the_examples_verbatim(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "explain", "GDPR-SEC-005")
    assert (code, err) == (0, "")
    (rule,) = _explain_json(capsys, "GDPR-SEC-005", {}).values()
    assert out.startswith(f"GDPR-SEC-005  {rule['title']}\n")
    for label in ("severity", "status", "legal", "reads", "When it fires:", "How to fix it:",
                  "Example that fires", "Example that passes", "which reports:"):
        assert label in out
    assert rule["fires"]["yaml"].rstrip("\n") in out and rule["passes"]["yaml"].rstrip("\n") in out
    assert rule["recommended_action"].split()[0] in out
    assert f"--as-of {rule['fires']['as_of']}" in out


def test_an_id_with_two_checks_explains_both(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "explain", "GDPR-SEC-001")
    assert code == 0
    assert out.startswith("GDPR-SEC-001 is one obligation with 2 checks")
    assert "dataset_encryption_at_rest (checked on each dataset)" in out
    assert "storage_encryption (checked on the program)" in out
    assert out.count("Personal data not encrypted with managed keys") == 2  # one obligation, one title
    assert out.count("Example that fires") == 2
    rules = _explain_json(capsys, "GDPR-SEC-001", {})
    assert set(rules) == {"compliance.rules.security.dataset_encryption_at_rest",
                          "compliance.rules.security.storage_encryption"}
    dataset_rule = rules["compliance.rules.security.dataset_encryption_at_rest"]
    fields = dataset_rule["fields"]
    assert {"node": "StorageInventory datasets[]", "field": "encryption.at_rest", "how": "finding"} in fields
    # leaving these out of the examples changes the verdict: only personal data, and only under the GDPR
    assert {"node": "StorageInventory datasets[]", "field": "personal_data", "how": "decides"} in fields
    assert {"node": "Program", "field": "controller.establishments[].country", "how": "decides"} in fields
    assert not any(read["field"] in ("id", "metadata.id") for read in fields)
    # medium: a drift between a declared and an observed value (compliance discover)
    assert dataset_rule["severity"] == "high" and dataset_rule["severities_seen"] == ["critical", "high", "medium"]
    assert dataset_rule["severity_note"].startswith("critical when sensitivity >= 3")
    assert any("encryption.at_rest: false -> true" in change for change in dataset_rule["changes"])


def test_ids_match_case_insensitively(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "explain", "gdpr-pr-003")[1] == run_cli(capsys, "explain", "GDPR-PR-003")[1]


def test_unknown_id_exits_2_with_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "explain", "GDPR-SEC-01")
    assert (code, out) == (2, "")
    assert err.startswith("error: unknown rule id 'GDPR-SEC-01'; did you mean GDPR-SEC-001")
    assert "Traceback" not in err
    code, _, err = run_cli(capsys, "explain", "NOTHING-LIKE-IT")
    assert code == 2 and "did you mean" not in err and "`compliance rules` lists them" in err


def test_markdown_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "explain", "EU-AIA-002", "--format", "markdown")
    assert code == 0
    assert out.startswith("## EU-AIA-002: ")
    assert "### When it fires" in out and "### How to fix it" in out and out.count("```yaml") == 2
    assert "applies from 2027-12-02; findings before then are reported as info" in out
    reads = out.split("- **Reads**", 1)[1].split("### When it fires", 1)[0]
    assert "\\*" in reads and "*" not in reads.replace("\\*", "").replace("**", "")  # markers, not emphasis


def test_parameters_are_listed_with_their_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    rules = _explain_json(capsys, "GDPR-PR-005", {})
    limited = rules["compliance.rules.principles.retention_limited"]
    assert limited["params"] == {"raw_capture_max_retention_days": 30}
    assert "raw_capture_max_retention_days (default 30)" in run_cli(capsys, "explain", "GDPR-PR-005")[1]


def test_find_lists_both_packages_of_an_id() -> None:
    assert [meta.package.rsplit(".", 1)[1] for meta in find("gdpr-tx-001", CATALOG)] == [
        "dataset_transfer_mechanism", "transfer_mechanism"]


_RULE = """\
# METADATA
# title: Program names no controller contact
# description: Every program names whom to contact at the controller.
# custom:
#   id: ORG-001
#   severity: low
#   legal: ["Internal policy 7"]
#   recommended_action: Set controller.contact.
#   inputs: [Program]
package compliance.rules.org.owner

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "controller.contact", "no contact", {}) if {
\tsome program in input.programs
\tnot program.controller.contact
}
"""

_TESTS = """\
package compliance.rules.org.owner_test

import data.compliance.rules.org.owner

test_owner_fires if {
\tcount(owner.deny) == 1 with input as {"programs": [{"metadata": {"id": "p"}}]}
}

test_owner_quiet if {
\tprogram := {"metadata": {"id": "p"}, "controller": {"contact": "dpo@example.com"}}
\tcount(owner.deny) == 0 with input as {"programs": [program]}
}

test_owner_quiet_with_a_value_the_schema_refuses if {
\tcount(owner.deny) == 0 with input as {"programs": [{"metadata": {"id": "p"}, "controller": {"contact": 7}}]}
}
"""


def test_an_organisations_own_rule_is_explained_from_its_tests(tmp_path: Path) -> None:
    rules = tmp_path / "policies" / "rules" / "org"
    rules.mkdir(parents=True)
    (rules / "owner.rego").write_text(_RULE, encoding="utf-8")
    (rules / "owner_test.rego").write_text(_TESTS, encoding="utf-8")
    (rule,) = explain("org-001", [tmp_path / "policies"])
    assert rule.fires is not None and rule.fires.test == "test_owner_fires"
    assert rule.fires.messages == ("no contact",)
    assert rule.passes is not None and rule.passes.test == "test_owner_quiet"
    assert "contact: dpo@example.com" in rule.passes.yaml
    assert rule.changes == ('Program p:controller.contact: (absent) -> "dpo@example.com"',)
    assert rule.fields == (FieldRead("Program", "controller.contact", "finding"),)


def test_an_input_that_does_not_validate_is_never_an_example(tmp_path: Path) -> None:
    rules = tmp_path / "policies" / "rules" / "org"
    rules.mkdir(parents=True)
    (rules / "owner.rego").write_text(_RULE, encoding="utf-8")
    (rules / "owner_test.rego").write_text(_TESTS.replace('"dpo@example.com"', '7'), encoding="utf-8")
    files = catalog.policy_files((tmp_path / "policies",))
    meta = catalog.rules(catalog.build_bundle(files, {}))["compliance.rules.org.owner"]
    found = rule_examples.captures(meta, files)
    assert [capture.test for capture in found if not capture.findings] == [
        "test_owner_quiet", "test_owner_quiet_with_a_value_the_schema_refuses"]
    assert rule_examples.pick(meta, found, fires=False, policy_dirs=(tmp_path / "policies",)) is None


def test_a_rule_without_tests_says_it_has_no_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "policies" / "rules" / "org"
    rules.mkdir(parents=True)
    (rules / "owner.rego").write_text(_RULE, encoding="utf-8")
    code, out, _ = run_cli(capsys, "explain", "ORG-001", "--policy", str(tmp_path / "policies"))
    assert code == 0
    assert "Example that fires: none of its tests' inputs" in out
    assert "Example that passes: none of its tests' inputs" in out


def test_an_example_the_engine_fails_on_is_not_an_example(monkeypatch: pytest.MonkeyPatch) -> None:
    from compliance import runner
    from compliance.engine.interface import EngineError

    def failing(_options: object) -> None:
        raise EngineError("embedded engine: evaluating data.compliance.main.findings: boom")

    monkeypatch.setattr(runner, "run_check", failing)
    meta = next(meta for meta in CATALOG if meta.id == "GDPR-SEC-005")
    assert rule_examples.check_example("---\napiVersion: privacy.compliance/v1\n", meta, "2026-12-01") is None


def test_documents_declare_what_the_documents_must_name() -> None:
    engine_input = {
        "programs": [{"metadata": {"id": "p"}, "purposes": [{"id": "x", "data_category_ids": ["a", "b", "a"]}],
                      "data_categories": [{"id": "a", "type": "clicks"}]}],
        "datasets": [{"id": "t", "program": "q", "personal_data": True, "inventory": "w"}],
    }
    program, stub, inventory = rule_examples.documents(engine_input)
    assert program["data_categories"] == [{"id": "a", "type": "clicks"}, {"id": "b"}]  # b is named, so declared
    assert stub == {"apiVersion": "privacy.compliance/v1", "kind": "Program", "metadata": {"id": "q"}}
    assert inventory["metadata"] == {"id": "w"} and inventory["datasets"] == [
        {"id": "t", "program": "q", "personal_data": True}]
    unlinked = rule_examples.documents(engine_input, unlink=True)
    assert [document["kind"] for document in unlinked] == ["Program", "StorageInventory"]
    assert unlinked[1]["datasets"] == [{"id": "t", "personal_data": True}]
