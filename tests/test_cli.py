"""The command line through its real entry point: exit codes, formats, one clear line per error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.cli import main
from tests.conftest import AS_OF, MCI, run_cli

Write = Callable[[str, str], Path]



def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0
    for command in ("check", "validate", "rules", "schema", "test"):
        assert command in out


def test_check_json_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(MCI), "--format", "json", "--as-of", AS_OF)
    assert code == 1
    document = json.loads(out)
    assert document["schema"] == "compliance-findings/v1"
    assert document["tool"]["engine"] == "embedded"
    assert document["tool"]["policy_digest"].startswith("sha256:")
    assert {record["kind"] for record in document["inputs"]} == {"Program", "StorageInventory"}
    assert all(len(record["sha256"]) == 64 for record in document["inputs"])
    findings = document["findings"]
    assert document["summary"]["total"] == len(findings) > 0
    for finding in findings:
        assert set(finding) == {"rule", "title", "severity", "legal", "resource", "location", "message",
                                "remediation", "waiver", "fingerprint"}
        assert finding["location"]["path"].startswith(str(MCI))
        assert finding["location"]["line"] >= 1 and finding["location"]["column"] >= 1
    order = ["critical", "high", "medium", "low", "info"]
    keys = [(order.index(f["severity"]), f["rule"], f["resource"]) for f in findings]
    assert keys == sorted(keys)


def test_check_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_cli(capsys, "check", str(MCI), "--format", "json", "--as-of", AS_OF)
    second = run_cli(capsys, "check", str(MCI), "--format", "json", "--as-of", AS_OF)
    assert first == second


def test_fail_on_and_rule_selection(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "check", str(MCI), "--fail-on", "never", "--as-of", AS_OF)[0] == 0
    code, out, _ = run_cli(capsys, "check", str(MCI), "--rule", "GDPR-ROPA-002", "--format", "json",
                       "--as-of", AS_OF)
    rules = {finding["rule"] for finding in json.loads(out)["findings"]}
    assert rules == {"GDPR-ROPA-002"}
    assert code == 0  # ROPA-002 is medium, below the default threshold "high"
    code, out, _ = run_cli(capsys, "check", str(MCI), "--skip-rule", "GDPR-SEC-001", "--format", "json",
                       "--as-of", AS_OF)
    assert "GDPR-SEC-001" not in {finding["rule"] for finding in json.loads(out)["findings"]}


def test_unknown_rule_id_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "check", str(MCI), "--rule", "GDPR-XYZ-999")
    assert code == 2
    assert err.strip() == "error: unknown rule id: GDPR-XYZ-999 (`compliance rules` lists them)"


def test_text_output_groups_by_severity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(MCI), "--as-of", AS_OF)
    assert code == 1
    assert out.index("CRITICAL (") < out.index("HIGH (")
    assert "\x1b[" not in out  # no colour when not a terminal
    assert out.rstrip().splitlines()[-1].startswith("FAIL: ")


def test_bad_input_exits_2_with_one_line_per_problem(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("p.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Program
        metadata: {id: demo}
        retension: {auto_deletion: true}
        """)
    code, out, err = run_cli(capsys, "check", str(path))
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"{path}:4:1: retension: unknown field 'retension'; did you mean 'retention'?",
        "1 problem in the input; nothing was evaluated",
    ]
    assert "Traceback" not in err


def test_output_file_is_written_atomically_and_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "findings.json"
    code, out, _ = run_cli(capsys, "check", str(MCI), "--format", "json", "-o", str(target), "--as-of", AS_OF)
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["schema"] == "compliance-findings/v1"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]  # no temporary file left


def test_output_never_overwrites_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = tmp_path / "program.yaml"
    program.write_bytes((MCI / "program.yaml").read_bytes())
    storage = tmp_path / "storage.yaml"
    storage.write_bytes((MCI / "storage.yaml").read_bytes())
    before = program.read_bytes()
    code, _, err = run_cli(capsys, "check", str(tmp_path), "-o", str(program), "--as-of", AS_OF)
    assert code == 2
    assert "refusing to overwrite an input file" in err
    assert program.read_bytes() == before


def test_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", str(MCI))
    assert code == 0
    assert out.strip() == "2 document(s) valid: Program mci, StorageInventory mci-warehouse"


def test_schema_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "schema", "StorageInventory")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert run_cli(capsys, "schema", "Nope")[0] == 2


def test_rules_catalog_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)["rules"]
    assert {"GDPR-SEC-001", "GDPR-PD-002", "GDPR-LB-001", "GDPR-DPIA-001"} <= {rule["id"] for rule in rules}
    assert all(rule["legal"] and rule["severity"] for rule in rules)
    code, out, _ = run_cli(capsys, "rules", "--format", "markdown")
    assert out.startswith("| Rule | Severity |")


def test_config_params_reach_the_rules(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    config = write("compliance.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Config
        metadata: {id: org}
        params: {broad_groups: ["group:mci-research-core"]}
        fail_on: critical
        """)
    code, out, _ = run_cli(capsys, "check", str(MCI), "--config", str(config), "--format", "json",
                       "--rule", "GDPR-PD-002", "--as-of", AS_OF)
    broad = {f["resource"] for f in json.loads(out)["findings"]}
    assert "dataset:mci_curated.task_sessions" in broad  # read by group:mci-research-core
    assert code == 1


def test_bad_config_is_exit_2(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    config = write("c.yaml", "apiVersion: privacy.compliance/v1\nkind: Config\nmetadata: {id: o}\nfail_on: oops\n")
    code, _, err = run_cli(capsys, "check", str(MCI), "--config", str(config))
    assert code == 2
    assert f"{config}:4:1: fail_on:" in err


def test_unreachable_opa_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "check", str(MCI), "--engine", "opa", "--opa-url", "http://127.0.0.1:9")
    assert code == 3
    assert len(err.strip().splitlines()) == 1
    assert "127.0.0.1:9" in err


def test_opa_engine_needs_a_url(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "check", str(MCI), "--engine", "opa")
    assert code == 3
    assert "--opa-url" in err


def test_debug_shows_the_traceback(write: Write) -> None:
    path = write("p.yaml", "a: [1\n")
    with pytest.raises(Exception) as raised:
        main(["check", str(path), "--debug"])
    assert not isinstance(raised.value, SystemExit)


def test_readme_rule_index_matches_the_catalog() -> None:
    import importlib.util

    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("rule_index", REPO / "scripts" / "rule_index.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert module.updated(text) == text, "README rule index drifted: run python scripts/rule_index.py"


def test_readme_command_table_lists_every_command() -> None:
    from compliance.cli import cli
    from tests.conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("## Commands and options", 1)[1].split("### Exit codes", 1)[0]
    for name in cli.commands:
        assert f"| `compliance {name}" in table, f"README's command table lacks `compliance {name}`"


def test_a_second_config_document_is_located(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    one = "apiVersion: privacy.compliance/v1\nkind: Config\nmetadata: {id: o}\n"
    config = write("c.yaml", one + "---\n" + one)
    code, _, err = run_cli(capsys, "check", str(MCI), "--config", str(config))
    assert code == 2
    assert err.splitlines()[0] == (f"{config}:5:1: a second Config document (the first starts at line 1); a config "
                                   "file holds exactly one")


def test_an_empty_config_names_the_kind_it_lacks(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    config = write("c.yaml", "# nothing yet\n")
    code, _, err = run_cli(capsys, "check", str(MCI), "--config", str(config))
    assert code == 2
    assert err.splitlines()[0] == f"{config}: no Config documents found"
