"""A rule whose law applies from a date reports at info before it, and at its own severity from it.

The date comes from the rule's `custom.applies_from`, whatever its `status` says: a prohibition in
force since 2025-02-02 (AI Act Art. 5(1)(f)) is judged the same way `--as-of 2025-01-20` as a duty
that applies from 2027-12-02 is judged today. Every dated rule of the catalog is run on a program
that makes it fire, one day before its date and on its date.
"""

from __future__ import annotations

import datetime
import functools
import textwrap
from pathlib import Path

import pytest

from compliance import catalog
from compliance.catalog import RuleMeta
from compliance.findings import Finding, Severity
from compliance.runner import RunOptions, run_check

# The start dates of the laws the dated rules check. A rule that checks one of these laws and
# carries no date (or another one) fails test_every_dated_law_is_carried.
LAW_DATES = {
    "compliance.rules.ai_act.no_workplace_emotion_inference": "2025-02-02",  # AI Act Art. 5(1)(f)
    "compliance.rules.ai_act.ai_literacy": "2025-02-02",  # AI Act Art. 4
    "compliance.rules.ai_act.high_risk_classification": "2027-12-02",  # Annex III, Reg. (EU) 2026/1744
    "compliance.rules.ai_act.workers_informed_before_use": "2027-12-02",  # Art. 26(7)
    "compliance.rules.ai_act.dpia_uses_provider_information": "2027-12-02",  # Art. 26(9)
    "compliance.rules.ai_act.deployer_oversight_and_logs": "2027-12-02",  # Art. 26(1), (2), (5), (6)
    "compliance.rules.us.ny_monitoring_notice": "2022-05-07",  # N.Y. Civ. Rights Law §52-c
    "compliance.rules.us.ccpa_notice_at_collection": "2023-01-01",  # CCPA HR exemption lapsed
    "compliance.rules.us.ccpa_sensitive_pi_limit": "2023-01-01",
    "compliance.rules.us.ccpa_purpose_proportionate": "2023-01-01",
    "compliance.rules.us.cppa_risk_assessment": "2026-01-01",  # CPPA regulations, Article 10
    "compliance.rules.us.cppa_admt_significant_decisions": "2027-01-01",  # CPPA regulations, ADMT
}

# One program that makes every dated rule fire: an EU deployer of worker-monitoring AI that infers
# emotions, with California and New York staff and none of the notices.
PROGRAM = """
    apiVersion: privacy.compliance/v1
    kind: Program
    metadata: {id: dated}
    program:
      start_date: 2026-03-02
      capture: {keystroke_content_captured: true}
    controller:
      establishments: [{country: IE}]
    jurisdictions:
      ccpa_business: true
      data_subject_locations:
        - {region: US-CA, headcount: 10}
        - {region: US-NY, headcount: 10}
        - {region: IE, headcount: 10}
    data_subjects: [{category: employee, count: 30}]
    data_categories:
      - {id: keys, type: keystrokes}
    purposes:
      - {id: train, category: ai_training, data_category_ids: [keys]}
    ai:
      training_use: true
      ai_act_role: deployer
      emotion_inference: true
      intended_purpose_tags: [worker_monitoring]
      literacy_training_done: false
    dpia: {performed: true}
    us_notices:
      ny_52c: {notice_at_hire: false}
      ccpa:
        notice_at_collection: false
        spi_categories: [message_contents]
        spi_inference: true
        spi_uses_beyond_7027m: true
      cppa_admt: {significant_decision_use: true}
"""


def _catalog() -> dict[str, RuleMeta]:
    return catalog.rules(catalog.build_bundle(catalog.policy_files(), {}))


DATED = sorted((meta for meta in _catalog().values() if meta.applies_from), key=lambda meta: meta.package)


@pytest.fixture(scope="module")
def program_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("dated")
    (directory / "program.yaml").write_text(textwrap.dedent(PROGRAM).lstrip(), encoding="utf-8")
    return directory


@functools.cache
def _findings(directory: Path, as_of: datetime.date) -> tuple[Finding, ...]:
    return tuple(run_check(RunOptions(paths=(str(directory),), as_of=as_of)).findings)


def test_every_dated_law_is_carried() -> None:
    assert {meta.package: meta.applies_from for meta in DATED} == LAW_DATES


@pytest.mark.parametrize("meta", DATED, ids=lambda meta: f"{meta.id}:{meta.package.rsplit('.', 1)[-1]}")
def test_dated_rule_is_info_the_day_before_and_itself_on_the_day(meta: RuleMeta, program_dir: Path) -> None:
    assert meta.applies_from is not None
    day = datetime.date.fromisoformat(meta.applies_from)
    before = [f for f in _findings(program_dir, day - datetime.timedelta(days=1)) if f.package == meta.package]
    on_the_day = [f for f in _findings(program_dir, day) if f.package == meta.package]
    assert before, f"the test program does not make {meta.package} fire"
    assert all(f.severity is Severity.INFO for f in before)
    assert all(f.message.endswith(f"(applies from {meta.applies_from})") for f in before)
    assert on_the_day
    assert all(f.severity is not Severity.INFO and "(applies from" not in f.message for f in on_the_day)
    assert meta.severity in {f.severity for f in on_the_day}


def test_as_of_before_the_ai_act_ban_reports_emotion_inference_and_literacy_at_info(program_dir: Path) -> None:
    """--as-of 2025-01-20: EU-AIA-001 and EU-AIA-006 are info, not critical and low."""
    findings = _findings(program_dir, datetime.date(2025, 1, 20))
    by_rule = {f.rule: f.severity for f in findings if f.rule in {"EU-AIA-001", "EU-AIA-006"}}
    assert by_rule == {"EU-AIA-001": Severity.INFO, "EU-AIA-006": Severity.INFO}
