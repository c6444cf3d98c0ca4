"""Baselines: only findings that an earlier `--format json` run did not have count for --fail-on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from compliance.findings import Finding, Location, Severity
from tests.conftest import AS_OF, MCI, run_cli

NEW_DATASET = """
  # Added after the baseline was taken: a copy of the raw keystroke table.
  - id: mci_raw.keystrokes_copy
    program: mci
    data_categories: [keystrokes]
    personal_data: true
    sensitivity: 4
    location: {country: US, region: us-east-1}
    encryption: {at_rest: false, key_ref: null, in_transit: true}
    access:
      readers: ["group:all-employees", "group:mci-research-core"]
      writers: ["svc:mci-ingest"]
    retention: {ttl_days: null}
    audit_logging: false
    rows: 1000
"""



@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of samples/mci to change, and a baseline of its findings in tmp_path/baseline.json."""
    copy = tmp_path / "mci"
    shutil.copytree(MCI, copy)
    return copy


def take_baseline(capsys: pytest.CaptureFixture[str], sample: Path) -> Path:
    target = sample.parent / "baseline.json"
    code, _, _ = run_cli(capsys, "check", str(sample), "--as-of", AS_OF, "--format", "json", "-o", str(target))
    assert code == 1  # the sample fails on its own
    return target


def check(capsys: pytest.CaptureFixture[str], sample: Path, baseline: Path) -> tuple[int, dict[str, Any]]:
    code, out, _ = run_cli(capsys, "check", str(sample), "--as-of", AS_OF, "--baseline", str(baseline),
                       "--format", "json")
    return code, json.loads(out)


def new_findings(document: dict[str, Any], baseline: Path) -> list[dict[str, Any]]:
    known = [finding["fingerprint"] for finding in json.loads(baseline.read_text())["findings"]]
    new = []
    for finding in document["findings"]:
        if finding["fingerprint"] in known:
            known.remove(finding["fingerprint"])
        else:
            new.append(finding)
    return new


def test_a_baseline_of_the_current_findings_passes(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    baseline = take_baseline(capsys, sample)
    code, document = check(capsys, sample, baseline)
    assert code == 0
    total = document["summary"]["total"]
    assert document["baseline"] == {"path": str(baseline), "matched": total, "new": 0}
    assert total > 0 and len(document["findings"]) == total  # known findings are still listed
    code, out, _ = run_cli(capsys, "check", str(sample), "--as-of", AS_OF, "--baseline", str(baseline))
    assert code == 0
    assert "[new]" not in out and out.count("[known]") == total
    assert f"baseline {baseline}: {total} known, 0 new" in out and "PASS: nothing new at or above high" in out


def test_a_new_bad_dataset_is_the_only_new_finding(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    baseline = take_baseline(capsys, sample)
    storage = sample / "storage.yaml"
    storage.write_text(storage.read_text(encoding="utf-8") + NEW_DATASET, encoding="utf-8")
    code, document = check(capsys, sample, baseline)
    assert code == 1
    new = new_findings(document, baseline)
    assert new and {finding["resource"] for finding in new} == {"dataset:mci_raw.keystrokes_copy"}
    assert document["baseline"]["new"] == len(new)
    assert document["baseline"]["matched"] == document["summary"]["total"] - len(new)
    _, out, _ = run_cli(capsys, "check", str(sample), "--as-of", AS_OF, "--baseline", str(baseline))
    new_lines = [line for line in out.splitlines() if line.endswith("[new]")]
    assert len(new_lines) == len(new) and all("keystrokes_copy" in line for line in new_lines)
    sarif = json.loads(run_cli(capsys, "check", str(sample), "--as-of", AS_OF, "--baseline", str(baseline),
                           "--format", "sarif")[1])
    states = [result["baselineState"] for result in sarif["runs"][0]["results"]]
    assert states.count("new") == len(new) and states.count("unchanged") == len(states) - len(new)


def test_moving_blocks_keeps_old_findings_known(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    baseline = take_baseline(capsys, sample)
    storage = sample / "storage.yaml"
    head, _, rest = storage.read_text(encoding="utf-8").partition("datasets:\n")
    blocks = rest.split("\n\n")
    moved = "\n\n".join([*blocks[1:], blocks[0]]).rstrip("\n") + "\n"  # first dataset goes last
    storage.write_text("# a new comment\n\n" + head + "datasets:\n" + moved, encoding="utf-8")
    code, document = check(capsys, sample, baseline)
    assert code == 0
    assert new_findings(document, baseline) == []
    before = {(f["fingerprint"], f["location"]["line"]) for f in json.loads(baseline.read_text())["findings"]}
    after = {(f["fingerprint"], f["location"]["line"]) for f in document["findings"]}
    assert before != after  # the lines did change


def test_a_changed_decisive_value_is_new(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    baseline = take_baseline(capsys, sample)
    storage = sample / "storage.yaml"
    text = storage.read_text(encoding="utf-8")
    assert text.count("retention: {ttl_days: 365}") == 1
    storage.write_text(text.replace("retention: {ttl_days: 365}", "retention: {ttl_days: 400}"), encoding="utf-8")
    code, document = check(capsys, sample, baseline)
    assert code == 1
    new = new_findings(document, baseline)
    assert new and all(finding["resource"] == "dataset:mci_features.app_usage_daily" for finding in new)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "baseline.json:1:2: baseline is not JSON"),
    ('{"schema": "other"}', "baseline.json: schema: not a findings document"),
    ('{"schema": "compliance-findings/v1", "findings": [{"rule": "X"}]}',
     "baseline.json: findings[0].fingerprint: missing; the baseline was written by an older version"),
])
def test_a_bad_baseline_is_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str,
                                     message: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(MCI), "--as-of", AS_OF, "--baseline", str(baseline))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {tmp_path}/{message}")
    code, _, err = run_cli(capsys, "check", str(MCI), "--as-of", AS_OF, "--baseline", str(tmp_path / "none.json"))
    assert code == 2 and "none.json: baseline file not found" in err


def _finding(location: Location | None, evidence: dict[str, Any]) -> Finding:
    return Finding(rule="GDPR-SEC-001", title="t", severity=Severity.HIGH, legal=(), resource="dataset:a",
                   location=location, message="m", remediation="r", package="p", evidence=evidence)


def test_fingerprints_ignore_lines_and_number_encoding() -> None:
    first = _finding(Location("a.yaml", 3, 5), {"sensitivity": 4, "at_rest": False}).fingerprint
    assert first == _finding(Location("b.yaml", 90, 1), {"at_rest": False, "sensitivity": 4.0}).fingerprint
    assert first != _finding(None, {"sensitivity": 3, "at_rest": False}).fingerprint
    assert first.startswith("sha256:") and len(first) == 71
