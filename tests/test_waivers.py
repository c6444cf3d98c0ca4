"""Waivers: applied, expired, unused, not evaluated, and refused when incomplete."""

from __future__ import annotations

import datetime
import fnmatch
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compliance.findings import Finding, Severity
from compliance.waivers import Waiver, apply
from tests.conftest import AS_OF, MCI, run_cli

Write = Callable[[str, str], Path]
RULE = "GDPR-SEC-001"



def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli(capsys, "check", str(MCI), "--rule", RULE, "--format", "json", "--as-of", AS_OF, *args)
    return code, json.loads(out), err


def waivers_file(write: Write, *entries: str, name: str = "waivers.yaml") -> Path:
    header = "apiVersion: privacy.compliance/v1\nkind: Waivers\nmetadata: {id: test-waivers}\nwaivers:\n"
    return write(name, header + "".join(entries))


def entry(resource: str, expires: str = "2027-01-31", rule: str = RULE, reason: str = "synthetic data only",
          approved_by: str = "dpo@example.com") -> str:
    return (f"  - rule: {rule}\n    resource: \"{resource}\"\n    reason: {reason}\n"
            f"    approved_by: {approved_by}\n    expires: {expires}\n")


def test_a_matching_waiver_marks_findings_as_waived(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    waivers = waivers_file(write, entry("dataset:mci_raw.*"))
    _, before, _ = check_json(capsys)
    code, document, err = check_json(capsys, "--waivers", str(waivers))
    assert err == ""
    covered = [f for f in document["findings"] if fnmatch.fnmatchcase(f["resource"], "dataset:mci_raw.*")]
    assert covered, "the sample has unencrypted mci_raw tables"
    for finding in document["findings"]:
        if finding in covered:
            assert finding["waiver"] == {"rule": RULE, "resource": "dataset:mci_raw.*",
                                         "reason": "synthetic data only", "approved_by": "dpo@example.com",
                                         "expires": "2027-01-31", "path": str(waivers), "line": 5}
        else:
            assert finding["waiver"] is None
    assert len(document["findings"]) == len(before["findings"])  # waived findings are kept
    assert document["summary"]["waived"] == len(covered)
    assert document["summary"]["total"] == before["summary"]["total"]
    assert document["waivers"] == [{"rule": RULE, "resource": "dataset:mci_raw.*", "reason": "synthetic data only",
                                    "approved_by": "dpo@example.com", "expires": "2027-01-31",
                                    "path": str(waivers), "line": 5, "status": "applied",
                                    "matched": len(covered), "message": document["waivers"][0]["message"]}]
    assert any(record["kind"] == "Waivers" for record in document["inputs"])  # hashed like every input
    assert code == 1  # the other datasets still fail


def test_waived_findings_do_not_fail_the_run(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    waivers = waivers_file(write, entry("*"))
    assert run_cli(capsys, "check", str(MCI), "--rule", RULE, "--as-of", AS_OF)[0] == 1
    code, out, _ = run_cli(capsys, "check", str(MCI), "--rule", RULE, "--as-of", AS_OF, "--waivers", str(waivers))
    assert code == 0
    assert "[waived until 2027-01-31: synthetic data only]" in out
    assert "PASS" in out


def test_waivers_among_the_paths_apply_once(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    waivers = waivers_file(write, entry("*"))
    code, document, _ = check_json(capsys, str(waivers))
    assert code == 0 and document["summary"]["waived"] == document["summary"]["total"] > 0
    code, twice, _ = check_json(capsys, str(waivers), "--waivers", str(waivers))
    assert code == 0 and len(twice["waivers"]) == 1
    assert [r["kind"] for r in twice["inputs"]].count("Waivers") == 1


def test_a_waiver_still_applies_on_its_expiry_day(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    waivers = waivers_file(write, entry("*", expires=AS_OF))
    code, document, err = check_json(capsys, "--waivers", str(waivers))
    assert code == 0 and err == "" and document["waivers"][0]["status"] == "applied"


def test_an_expired_waiver_no_longer_applies_and_is_reported(capsys: pytest.CaptureFixture[str],
                                                            write: Write) -> None:
    waivers = waivers_file(write, entry("*", expires="2026-01-31"))
    code, document, err = check_json(capsys, "--waivers", str(waivers))
    assert code == 1
    assert all(finding["waiver"] is None for finding in document["findings"])
    assert document["summary"]["waived"] == 0
    (use,) = document["waivers"]
    assert use["status"] == "expired" and use["matched"] == document["summary"]["total"]
    assert err.startswith(f"warning: {waivers}:5: waiver of {RULE} for * (approved by dpo@example.com) "
                          "expired on 2026-01-31 and no longer applies")
    code, out, _ = run_cli(capsys, "check", str(MCI), "--rule", RULE, "--as-of", AS_OF, "--waivers", str(waivers))
    assert "WAIVERS (1 to review)" in out and f"{waivers}:5: expired:" in out
    sarif = json.loads(run_cli(capsys, "check", str(MCI), "--rule", RULE, "--as-of", AS_OF, "--waivers", str(waivers),
                           "--format", "sarif")[1])
    (notification,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "warning" and notification["descriptor"]["id"] == "waiver-expired"


def test_an_unused_waiver_is_reported(capsys: pytest.CaptureFixture[str], write: Write) -> None:
    waivers = waivers_file(write, entry("dataset:no_such_table"), entry("*", rule="GDPR-ZZZ-999"))
    code, document, err = check_json(capsys, "--waivers", str(waivers))
    assert code == 1 and err == ""
    assert [(use["status"], use["line"]) for use in document["waivers"]] == [("unused", 5), ("unused", 10)]
    assert "matches no finding" in document["waivers"][0]["message"]
    assert "not in the catalog" in document["waivers"][1]["message"]
    _, out, _ = run_cli(capsys, "check", str(MCI), "--rule", RULE, "--as-of", AS_OF, "--waivers", str(waivers),
                    "--format", "markdown")
    assert "### Waivers to review (2)" in out and "**unused**" in out


def test_a_waiver_of_a_rule_that_did_not_run_is_not_unused(capsys: pytest.CaptureFixture[str],
                                                           write: Write) -> None:
    waivers = waivers_file(write, entry("*", rule="GDPR-PD-002"))
    _, document, _ = check_json(capsys, "--waivers", str(waivers))
    assert document["waivers"][0]["status"] == "not_evaluated"
    _, out, _ = run_cli(capsys, "check", str(MCI), "--rule", RULE, "--as-of", AS_OF, "--waivers", str(waivers))
    assert "WAIVERS" not in out


@pytest.mark.parametrize("missing", ["approved_by", "reason", "expires"])
def test_a_waiver_without_approver_reason_or_expiry_is_bad_input(capsys: pytest.CaptureFixture[str],
                                                                  write: Write, missing: str) -> None:
    lines = [line for line in entry("*").splitlines(keepends=True) if not line.strip().startswith(missing)]
    waivers = waivers_file(write, "".join(lines))
    code, out, err = run_cli(capsys, "check", str(MCI), "--as-of", AS_OF, "--waivers", str(waivers))
    assert code == 2 and out == ""
    assert f"{waivers}:5:" in err and missing in err
    assert err.rstrip().endswith("1 problem in the input; nothing was evaluated")


def test_waivers_must_be_a_waivers_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "check", str(MCI), "--as-of", AS_OF, "--waivers", str(MCI / "program.yaml"))
    assert code == 2 and ':22:1: kind: "Program" is not read here; expected one of: Waivers' in err
    code, _, err = run_cli(capsys, "check", str(MCI), "--as-of", AS_OF, "--waivers", "no/such/waivers.yaml")
    assert code == 2 and "no/such/waivers.yaml: no such file or directory" in err


def _finding(rule: str, resource: str) -> Finding:
    return Finding(rule=rule, title="t", severity=Severity.HIGH, legal=(), resource=resource, location=None,
                   message="m", remediation="r", package="p")


def test_matching_is_rule_equality_and_a_case_sensitive_glob() -> None:
    waiver = Waiver(rule=RULE, resource="dataset:mci_*.keys?rokes", reason="r", approved_by="a",
                    expires="2027-01-01", path="w.yaml", line=1)
    assert waiver.matches(_finding(RULE, "dataset:mci_raw.keystrokes"))
    assert not waiver.matches(_finding(RULE, "dataset:MCI_raw.keystrokes"))
    assert not waiver.matches(_finding("GDPR-PD-002", "dataset:mci_raw.keystrokes"))
    assert not waiver.matches(_finding(RULE, "dataset:mci_raw.keystrokes_v2"))
    assert waiver.expired(datetime.date(2027, 1, 2)) and not waiver.expired(datetime.date(2027, 1, 1))


def test_apply_without_waivers_changes_nothing() -> None:
    findings = [_finding(RULE, "dataset:a")]
    assert apply(findings, (), datetime.date(2026, 1, 1)) == (findings, ())
