"""The rule catalog: one METADATA source per id, checked by a small schema, placing each rule in the DPIA."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance import catalog
from compliance.catalog import DpiaSection, PolicyError, RiskMeasure, RiskScenario
from compliance.engine.interface import PolicyBundle, PolicyModule, Scope
from compliance.report import context, from_run
from compliance.resources import REGO_DIR
from compliance.runner import RunOptions, execute
from tests.conftest import AS_OF, MCI, REPO, run_cli, shipped_rules

RULE_ID = re.compile(r"""["'](?:GDPR|DE|FR|IT|US|EU)-[A-Z]+-\d{3}["']""")

FULL = """\
# METADATA
# title: A rule of our own
# description: What it checks.
# custom:
#   id: ACME-001
#   severity: high
#   legal: ["GDPR Art. 5(1)(f)"]
#   recommended_action: Fix it.
#   inputs: [Program]
#   dpia: {section: transparency, consultation: true, risk_scenarios: [loss_of_control]}
package compliance.rules.acme.own_rule

import data.compliance.lib

deny contains lib.finding(lib.program_resource(program), "program", "acme finding", {}) if {
	some program in input.programs
}
"""


def parse(source: str, path: str = "rules/acme/own_rule.rego") -> dict[str, catalog.RuleMeta]:
    return catalog.rules(PolicyBundle((PolicyModule(path, source),), {}))


def bad(source: str) -> str:
    with pytest.raises(PolicyError) as raised:
        parse(source)
    return str(raised.value)


# -- one id, one obligation ---------------------------------------------------------------------------


def test_compliance_rules_lists_each_id_once_with_one_title_and_severity(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "--format", "json")
    assert code == 0
    listed = json.loads(out)["rules"]
    ids = [rule["id"] for rule in listed]
    assert len(ids) == len(set(ids))
    assert len(listed) >= 70
    shared = {rule["id"]: rule for rule in listed if len(rule["checks"]) > 1}
    assert set(shared) == {
        "GDPR-SEC-001", "GDPR-SEC-003", "GDPR-SEC-004", "GDPR-PD-002", "GDPR-PR-005", "GDPR-EMP-005", "GDPR-TX-001"}
    sec_003 = shared["GDPR-SEC-003"]
    assert sec_003["severity"] == "critical"
    assert [(c["dataset_check"], c["severity"]) for c in sec_003["checks"]] == [(False, "critical"), (True, "high")]


def test_a_dataset_check_takes_its_ids_metadata() -> None:
    rules = shipped_rules()
    program = rules["compliance.rules.security.storage_encryption"]
    dataset = rules["compliance.rules.security.dataset_encryption_at_rest"]
    assert dataset.is_dataset_check and not program.is_dataset_check
    assert dataset.metadata_path == program.path == "rules/security/storage_encryption.rego"
    for name in ("id", "title", "severity", "legal", "recommended_action", "status", "applies_from", "dpia"):
        assert getattr(dataset, name) == getattr(program, name), name
    assert (dataset.scope, program.scope) == (Scope.DATASET, Scope.PROGRAM)
    assert dataset.severity_rule and dataset.severity_rule != program.severity_rule
    assert dataset.description != program.description


def test_the_readme_lists_each_id_once() -> None:
    block = (REPO / "README.md").read_text(encoding="utf-8").split("<!-- rule-index:start -->")[1]
    rows = re.findall(r"^\| ([A-Z]+-[A-Z]+-\d{3}) \|", block.split("<!-- rule-index:end -->")[0], re.M)
    assert len(rows) == len(set(rows)) == 74


# -- the DPIA facts live in the metadata --------------------------------------------------------------


def test_every_shipped_rule_places_itself_in_the_dpia() -> None:
    for meta in shipped_rules().values():
        source = (REGO_DIR / meta.metadata_path).read_text(encoding="utf-8")
        assert re.search(r"^#   dpia: \{section: \w+", source, re.M), f"{meta.metadata_path} does not say custom.dpia"
    measures = {meta.dpia.measure for meta in shipped_rules().values()}
    assert measures == {None, *RiskMeasure}
    scenarios = {scenario for meta in shipped_rules().values() for scenario in meta.dpia.risk_scenarios}
    assert scenarios == set(RiskScenario)


def test_no_rule_id_literal_in_the_package() -> None:
    """Rule facts are METADATA; Python names no rule."""
    found = []
    for file in sorted((REPO / "compliance").rglob("*.py")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if RULE_ID.search(line):
                found.append(f"{file.relative_to(REPO)}:{number}: {line.strip()}")
    assert found == []


def test_a_policy_rule_places_itself_in_the_dpia(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "acme"
    rules.mkdir(parents=True)
    (rules / "own_rule.rego").write_text(FULL, encoding="utf-8")
    run = execute(RunOptions(paths=(str(MCI),), as_of=datetime.date.fromisoformat(AS_OF), policy_dirs=(tmp_path,),
                             quiet=True))
    page = context.build(from_run(run, {"as_of": AS_OF}), generated="", findings_digest="", attachments=[])
    (group,) = [g for g in page["groups"] if g["rule"] == "ACME-001"]
    assert group["section"] == "transparency"
    assert "ACME-001" in [g["rule"] for g in page["consultation_groups"]]
    loss = next(s for s in page["risk"]["scenarios"] if s["key"] == "loss_of_control")
    assert "ACME-001" in loss["linked_rules"]
    assert page["risk"]["rule_scenarios"]["ACME-001"] == ["R6"]
    assert ("ACME-001", "A rule of our own") in [(row["id"], row["title"]) for row in page["catalog"]]


def test_a_rule_without_dpia_is_placed_by_its_area() -> None:
    source = FULL.replace("#   dpia: {section: transparency, consultation: true, risk_scenarios: [loss_of_control]}\n",
                          "")
    (meta,) = parse(source.replace("compliance.rules.acme.", "compliance.rules.security."),
                    "rules/security/own_rule.rego").values()
    assert meta.dpia.section is DpiaSection.SECURITY and meta.dpia.risk_scenarios == ()
    assert meta.area == "security"
    (meta,) = parse(source).values()
    assert meta.dpia.section is DpiaSection.OTHER


# -- the schema: bad metadata is one clear error -------------------------------------------------------


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s.replace("#   severity: high\n", "#   severity: grave\n"),
     "rules/acme/own_rule.rego:1: bad # METADATA block: custom.severity: \"grave\" is not one of: critical, high, "
     "medium, low, info"),
    (lambda s: s.replace("#   severity: high\n", "#   severty: high\n"),
     "custom.severty is not a METADATA key; expected one of: id, check, severity,"),
    (lambda s: s.replace("section: transparency", "section: ethics"),
     "custom.dpia.section: \"ethics\" is not one of: lawfulness, purpose_limitation,"),
    (lambda s: s.replace("[loss_of_control]", "[leaks]"),
     "custom.dpia.risk_scenarios: [\"leaks\"] is not one of: illegitimate_access,"),
    (lambda s: s.replace("# title: A rule of our own\n", ""), "title is required"),
    (lambda s: s.replace('#   legal: ["GDPR Art. 5(1)(f)"]\n', "#   legal: GDPR Art. 5\n"),
     "custom.legal: \"GDPR Art. 5\" is not a list of texts"),
    (lambda s: s.replace("#   inputs: [Program]\n", "#   inputs: [Programme]\n"),
     "custom.inputs: [\"Programme\"] is not one of: Program, StorageInventory"),
    (lambda s: s.replace("# description: What it checks.\n", "# description: a: b: c\n"),
     "rules/acme/own_rule.rego:3: bad # METADATA block: mapping values are not allowed in this context"),
])
def test_bad_metadata_is_one_error_naming_file_line_field_and_what_was_expected(
        change: Callable[[str], str], message: str) -> None:
    assert message in bad(change(FULL))


def test_null_means_not_declared() -> None:
    declared = "#   inputs: [Program]\n#   severity_rule: null\n#   applies_from:\n#   params: null\n"
    source = FULL.replace("#   inputs: [Program]\n", declared)
    (meta,) = parse(source).values()
    assert (meta.severity_rule, meta.applies_from, meta.params) == (None, None, ())
    assert "custom.severity is required" in bad(FULL.replace("#   severity: high\n", "#   severity: null\n"))


def test_a_bad_policy_rule_is_one_line_on_the_command_line(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules" / "acme"
    rules.mkdir(parents=True)
    (rules / "own_rule.rego").write_text(FULL.replace("section: transparency", "section: ethics"), encoding="utf-8")
    code, out, err = run_cli(capsys, "rules", "--policy", str(tmp_path))
    assert (code, out) == (3, "")
    assert err.startswith("error: rules/acme/own_rule.rego:1: bad # METADATA block: custom.dpia.section: \"ethics\" "
                          "is not one of: lawfulness,")
    assert len(err.splitlines()) == 1


def test_two_full_metadata_blocks_for_one_id_are_refused() -> None:
    other = FULL.replace("own_rule", "other_rule")
    bundle = PolicyBundle(
        (PolicyModule("rules/acme/own_rule.rego", FULL), PolicyModule("rules/acme/other_rule.rego", other)), {})
    with pytest.raises(PolicyError, match=r"rules/acme/other_rule.rego:1: bad # METADATA block: ACME-001 is already "
                                          r"defined by rules/acme/own_rule.rego; one id is one obligation"):
        catalog.rules(bundle)


DATASET_CHECK = """\
# METADATA
# description: The same obligation, dataset by dataset.
# custom:
#   id: ACME-001
#   check: dataset
#   inputs: [StorageInventory]
package compliance.rules.acme.own_dataset_rule
"""


def test_a_dataset_check_may_not_restate_the_ids_metadata() -> None:
    bundle = PolicyBundle(
        (PolicyModule("rules/acme/own_rule.rego", FULL),
         PolicyModule("rules/acme/own_dataset_rule.rego", DATASET_CHECK)), {})
    checks = catalog.rules(bundle)
    assert checks["compliance.rules.acme.own_dataset_rule"].title == "A rule of our own"
    assert checks["compliance.rules.acme.own_dataset_rule"].scope is Scope.DATASET
    assert [meta.package for meta in catalog.entries(checks.values())] == ["compliance.rules.acme.own_rule"]
    with pytest.raises(PolicyError, match=r"own_dataset_rule.rego:1: bad # METADATA block: a dataset check takes "
                                          r"title from the METADATA of ACME-001"):
        parse(DATASET_CHECK.replace("# description:", "# title: Own title\n# description:"),
              "rules/acme/own_dataset_rule.rego")
    with pytest.raises(PolicyError, match=r"custom.check: dataset of ACME-001, but no rule defines ACME-001"):
        parse(DATASET_CHECK, "rules/acme/own_dataset_rule.rego")
