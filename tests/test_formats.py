"""The output formats: each on samples/mci, SARIF against the official 2.1.0 schema, escaping."""

from __future__ import annotations

import datetime
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compliance import cli
from compliance.findings import BaselineSummary, Finding, InputRecord, Location, Result, Severity, Waiver, WaiverUse
from compliance.formats import OutputFormat, formatter
from compliance.formats.github import command, escape_data, escape_property
from compliance.formats.markdown import MARKER, MAX_CHARS
from compliance.formats.sarif import artifact_uri
from compliance.runner import RunOptions, run_check
from tests.conftest import AS_OF, REPO

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def mci() -> Result:
    """samples/mci as the repository-relative path a CI job would pass."""
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        return run_check(RunOptions(paths=("samples/mci",), as_of=datetime.date.fromisoformat(AS_OF), quiet=True))
    finally:
        os.chdir(cwd)


def render(result: Result, name: str, fail_on: Severity | None = Severity.HIGH) -> str:
    return formatter(OutputFormat(name))(result, fail_on, color=False)


def sarif_errors(document: Any) -> list[str]:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]


def _finding(rule: str = "GDPR-SEC-001", resource: str = "dataset:a", message: str = "not encrypted",
             severity: Severity = Severity.HIGH, location: Location | None = None, **extra: Any) -> Finding:
    return Finding(rule=rule, title="A title", severity=severity, legal=("GDPR Art. 32(1)(a)",), resource=resource,
                   location=location, message=message, remediation="Encrypt it.",
                   package="compliance.rules.security.dataset_encryption", field_path="encryption.at_rest",
                   evidence={"at_rest": False}, **extra)


def _waiver(reason: str, approved_by: str) -> Waiver:
    return Waiver(rule="GDPR-SEC-001", resource="dataset:*", reason=reason, approved_by=approved_by,
                  expires="2027-01-31", path="waivers.yaml", line=1)


def _result(*findings: Finding, **extra: Any) -> Result:
    return Result(tool_version="0.1.0", engine="embedded", policy_digest="sha256:" + "0" * 64, as_of=AS_OF,
                  inputs=(InputRecord("in/storage.yaml", "StorageInventory", "wh", "f" * 64),),
                  findings=tuple(findings), **extra)


def test_cli_offers_every_format() -> None:
    assert set(cli.FORMATS) == {"text", "json", "sarif", "junit", "markdown", "github"}
    assert tuple(output_format.value for output_format in OutputFormat) == cli.FORMATS


@pytest.mark.parametrize("name", [output_format.value for output_format in OutputFormat])
def test_every_format_renders_the_sample_deterministically(mci: Result, name: str) -> None:
    first = render(mci, name)
    assert first.endswith("\n") and len(first) > 100
    assert render(mci, name) == first


# --- SARIF -----------------------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(mci: Result) -> None:
    document = json.loads(render(mci, "sarif"))
    assert sarif_errors(document) == []
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    assert {finding.rule for finding in mci.findings} <= set(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "Remediation:" in rule["help"]["text"] and "Legal references:" in rule["help"]["text"]
        assert "security" in rule["properties"]["tags"]
    assert any(rule.get("helpUri", "").startswith("https://") for rule in rules)
    assert len(run["results"]) == len(mci.findings)


def test_sarif_results_point_at_file_line_and_column(mci: Result) -> None:
    run = json.loads(render(mci, "sarif"))["runs"][0]
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
    for sarif_result, finding in zip(run["results"], mci.findings, strict=True):
        assert sarif_result["ruleId"] == finding.rule
        assert run["tool"]["driver"]["rules"][sarif_result["ruleIndex"]]["id"] == finding.rule
        assert sarif_result["level"] == levels[finding.severity.value]
        physical = sarif_result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("samples/mci/")  # relative, as given
        assert finding.location is not None
        assert physical["region"] == {"startLine": finding.location.line, "startColumn": finding.location.column}
        assert sarif_result["partialFingerprints"]["complianceFinding/v1"] == \
            finding.fingerprint.removeprefix("sha256:")
        assert "suppressions" not in sarif_result and "baselineState" not in sarif_result
    assert {artifact["location"]["uri"] for artifact in run["artifacts"]} == \
        {"samples/mci/program.yaml", "samples/mci/storage.yaml"}


def test_sarif_waivers_baseline_and_notifications_stay_valid() -> None:
    waiver = Waiver(rule="GDPR-SEC-001", resource="dataset:*", reason="synthetic data only",
                    approved_by="dpo@example.com", expires="2027-01-31", path="waivers.yaml", line=4)
    expired = WaiverUse(rule="GDPR-PD-002", resource="dataset:x", reason="r", approved_by="a", expires="2026-01-01",
                        path="waivers.yaml", line=9, status="expired", matched=1, message="expired")
    result = _result(
        _finding(location=Location("in/storage.yaml", 3, 5), waiver=waiver),
        _finding(resource="dataset:b", location=None, in_baseline=True),
        _finding(rule="GDPR-PD-002", resource="dataset:c", severity=Severity.INFO,
                 location=Location("/abs/x.yaml", 1, 1)),
        waivers=(expired,), baseline=BaselineSummary("base.json", 1, 2),
    )
    document = json.loads(render(result, "sarif"))
    assert sarif_errors(document) == []
    first, second, third = document["runs"][0]["results"]
    assert first["suppressions"] == [{
        "kind": "external", "status": "accepted", "justification": "synthetic data only",
        "location": {"physicalLocation": {"artifactLocation": {"uri": "waivers.yaml"}, "region": {"startLine": 4}}},
        "properties": {"approved_by": "dpo@example.com", "expires": "2027-01-31", "resource": "dataset:*"},
    }]
    assert (first["baselineState"], second["baselineState"]) == ("new", "unchanged")
    # a finding without a place in a file still gets one (GitHub refuses results without), at its input
    assert second["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "in/storage.yaml"
    assert second["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "dataset:b", "kind": "resource"}]
    assert third["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///abs/x.yaml"
    notifications = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["descriptor"]["id"]) for n in notifications] == [("warning", "waiver-expired")]


def test_artifact_uri_is_relative_and_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_uri("manifests/my program.yaml") == "manifests/my%20program.yaml"
    assert artifact_uri(str(tmp_path / "a" / "b.yaml")) == "a/b.yaml"
    assert artifact_uri("/elsewhere/b.yaml") == "file:///elsewhere/b.yaml"


# --- GitHub workflow commands ----------------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir,x/a:b%c\nd") == "dir%2Cx/a%3Ab%25c%0Ad"
    assert command("error", "two\nlines", file="a,b.yaml", line=3, col=None, title="R") == \
        "::error file=a%2Cb.yaml,line=3,title=R::two%0Alines"


def test_github_one_command_per_finding_with_levels() -> None:
    result = _result(
        _finding(message="50% of rows\nare open::error::", location=Location("dir,x/a:b.yaml", 3, 5)),
        _finding(resource="dataset:m", severity=Severity.MEDIUM, location=Location("a.yaml", 1, 1)),
        _finding(resource="dataset:l", severity=Severity.LOW),
        _finding(resource="dataset:w", severity=Severity.CRITICAL,
                 waiver=_waiver("ok", "dpo")),
    )
    lines = render(result, "github").splitlines()
    assert len(lines) == 5  # four commands and the summary line
    assert lines[0].startswith("::error file=dir%2Cx/a%3Ab.yaml,line=3,col=5,title=GDPR-SEC-001::50%25 of rows%0Aare")
    assert lines[1].startswith("::warning file=a.yaml,line=1,col=1,title=GDPR-SEC-001::")
    assert lines[2].startswith("::notice title=GDPR-SEC-001::")
    assert lines[3].startswith("::notice title=GDPR-SEC-001::[waived until 2027-01-31: ok]")
    assert not lines[4].startswith("::") and "FAIL: 1 finding(s) at or above high" in lines[4]


def test_github_on_the_sample(mci: Result) -> None:
    lines = render(mci, "github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(mci.findings)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in commands)
    assert any(",title=GDPR-SEC-001::" in line for line in commands)


# --- JUnit -----------------------------------------------------------------------------------------------------


def test_junit_parses_one_suite_per_rule(mci: Result) -> None:
    root = ET.fromstring(render(mci, "junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    evaluated = {meta.id for meta in mci.rules}
    assert [suite.get("name") for suite in suites] == sorted(evaluated | {f.rule for f in mci.findings})
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == int(root.get("failures", "-1")) == len(mci.findings)
    assert int(root.get("tests", "0")) == sum(int(suite.get("tests", "0")) for suite in suites)
    for failure in failures:
        assert failure.get("message", "").startswith("samples/mci/")
        assert failure.get("type") in {severity.value for severity in Severity}
    quiet = [suite for suite in suites if suite.get("failures") == "0"]
    assert quiet, "the sample should leave some rule quiet"
    for suite in quiet:
        cases = suite.findall("testcase")
        assert len(cases) == 1 and not list(cases[0].iter("failure"))
    for suite in suites:  # names stay unique within a suite (CI history matches on them)
        names = [case.get("name") for case in suite.findall("testcase")]
        assert len(names) == len(set(names))


def test_junit_waived_and_known_are_skipped_and_text_is_xml_safe() -> None:
    result = _result(
        _finding(message="bad \x01 char <&>", location=Location("a.yaml", 7, 2)),
        _finding(resource="dataset:w", waiver=_waiver("ok", "dpo")),
        _finding(resource="dataset:k", in_baseline=True),
        baseline=BaselineSummary("b.json", 1, 2),
    )
    root = ET.fromstring(render(result, "junit"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "2")
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("message") == "a.yaml:7:2: bad \ufffd char <&>"
    skipped = [case.find("skipped") for case in suite.findall("testcase")][1:]
    assert [element.get("message") if element is not None else None for element in skipped] == \
        ["waived until 2027-01-31 by dpo: ok", "known: already in the baseline"]


# --- Markdown --------------------------------------------------------------------------------------------------


def test_markdown_comment_on_the_sample(mci: Result) -> None:
    comment = render(mci, "markdown")
    assert comment.startswith(MARKER)
    assert "## Compliance check: **FAIL**" in comment
    assert "| severity | open | total |" in comment
    assert "### Findings (" in comment
    assert comment.count("<details>") == comment.count("</details>") == len({f.rule for f in mci.findings})
    assert len(comment) <= MAX_CHARS


def test_markdown_orders_new_known_waived_and_escapes() -> None:
    waiver = _waiver("synthetic | data", "dpo@example.com")
    result = _result(
        _finding(resource="dataset:w", waiver=waiver),
        _finding(resource="dataset:k", in_baseline=True),
        _finding(resource="dataset:n|x", message="a | b <script>alert(1)</script> *bold* `tick`",
                 location=Location("a.yaml", 2, 3)),
        waivers=(WaiverUse("GDPR-PD-002", "dataset:*", "r", "a", "2026-01-01", "w.yaml", 3, "expired", 0, "gone"),),
        baseline=BaselineSummary("base.json", 1, 2),
    )
    comment = render(result, "markdown")
    positions = [comment.index(title) for title in
                 ("### New findings (1)", "### Waivers to review (1)", "### Known findings (in the baseline) (1)",
                  "### Waived findings (1)")]
    assert positions == sorted(positions)
    assert "| severity | new | known | waived | total |" in comment
    assert "<script>" not in comment and r"\<script\>" in comment
    assert r"a \| b" in comment and r"\*bold\*" in comment and r"\`tick\`" in comment
    assert r"`dataset:n\|x`" in comment
    assert r"synthetic \| data" in comment
    row = next(line for line in comment.splitlines() if "dataset:n" in line)
    assert len(re.split(r"(?<!\\)\|", row)) == 6  # four cells: escaped pipes do not split them


def test_markdown_stays_under_the_comment_limit() -> None:
    findings = [_finding(resource=f"dataset:t{index:05d}", message="x" * 200) for index in range(3000)]
    comment = render(_result(*findings), "markdown")
    assert len(comment) <= MAX_CHARS
    assert "more (the JSON or SARIF output lists every finding)" in comment


# --- text and JSON ---------------------------------------------------------------------------------------------


def test_text_marks_waived_new_and_known() -> None:
    result = _result(
        _finding(resource="dataset:w", location=Location("a.yaml", 1, 1),
                 waiver=_waiver("ok", "dpo")),
        _finding(resource="dataset:k", location=Location("a.yaml", 2, 1), in_baseline=True),
        _finding(resource="dataset:n", location=Location("a.yaml", 3, 1)),
        baseline=BaselineSummary("base.json", 1, 2),
    )
    out = render(result, "text")
    assert "a.yaml:1:1: not encrypted [new] [waived until 2027-01-31: ok]" in out
    assert "a.yaml:2:1: not encrypted [known]" in out
    assert "a.yaml:3:1: not encrypted [new]" in out
    assert "baseline base.json: 1 known, 2 new" in out
    assert "FAIL: 1 new finding(s) at or above high" in out


def test_json_carries_fingerprints_waivers_and_baseline(mci: Result) -> None:
    document = json.loads(render(mci, "json"))
    assert document["baseline"] is None and document["waivers"] == []
    for finding, model in zip(document["findings"], mci.findings, strict=True):
        assert finding["fingerprint"] == model.fingerprint
        assert finding["fingerprint"].startswith("sha256:") and len(finding["fingerprint"]) == 71


# --- written in pieces -----------------------------------------------------------------------------------------


def _many(count: int) -> Result:
    """A warehouse-like result: waived, known and located findings, text that needs escaping."""
    findings = []
    for index in range(count):
        extra: dict[str, Any] = {}
        if index % 7 == 0:
            extra["waiver"] = _waiver("accepted <risk> & \"documented\"", "dpo")
        if index % 5 == 0:
            extra["in_baseline"] = True
        location = None if index % 3 == 0 else Location("in/storage.yaml", index + 2, 3)
        findings.append(_finding(rule=("GDPR-SEC-001", "GDPR-PD-002")[index % 2], resource=f"dataset:t{index:05d}",
                                 message=f"table é{index} \u2028 <b>\x1b[31m", location=location, **extra))
    return _result(*findings, baseline=BaselineSummary("base.json", 10, count - 10))


@pytest.mark.parametrize("name", [f.value for f in OutputFormat])
def test_every_format_is_written_in_pieces_that_join_to_the_whole(name: str) -> None:
    from compliance.formats import piece_formatter

    result = _many(4_500)
    pieces = list(piece_formatter(OutputFormat(name))(result, Severity.HIGH, color=False))
    whole = render(result, name)
    assert "".join(pieces) == whole
    if name != "markdown":  # the comment is cut to fit GitHub's limit: one small piece
        assert len(pieces) >= 5 and max(len(piece) for piece in pieces) < len(whole) / 4


def test_json_is_json_dumps_of_the_document_byte_for_byte() -> None:
    from compliance.formats.json_format import result_dict

    odd = _finding(resource="dataset:odd", location=Location("a.yaml", float("nan"), None))  # type: ignore[arg-type]
    result = _many(300)
    result = _result(*result.findings[:150], odd, *result.findings[150:], baseline=result.baseline)
    expected = json.dumps(result_dict(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert render(result, "json") == expected
    assert render(_result(), "json") == json.dumps(result_dict(_result()), indent=2, sort_keys=True,
                                                   ensure_ascii=False) + "\n"


def test_sarif_pieces_are_the_log_as_one_compact_document() -> None:
    from compliance.formats.sarif import sarif_log

    result = _many(2_100)
    expected = json.dumps(sarif_log(result), sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert render(result, "sarif") == expected
    assert not sarif_errors(json.loads(expected))


def test_junit_pieces_are_laid_out_as_elementtree_indents_the_whole_tree(mci: Result) -> None:
    for result in (_many(1_200), mci, _result()):
        streamed = render(result, "junit")
        root = ET.fromstring(streamed.encode("utf-8"))
        ET.indent(root)
        assert streamed == ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
