"""`compliance export pia`: the DPIA as the CNIL PIA tool imports it, read back through the tool's import path.

tests/pia_import.py is a Python reading of the tool's import code (LINCnil/pia, pia.service.ts
`importData` and the evaluation services, commit 44dd3138); every file written here goes through it.
"""

from __future__ import annotations

import datetime
import json
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compliance.cli import main
from compliance.runner import RunOptions, run_check
from tests.conftest import AS_OF, MCI, SAMPLES
from tests.pia_import import QUESTION_IDS, Imported, Rejected, import_pia

Write = Callable[[str, str], Path]


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def export(tmp_path: Path, *paths: str | Path, name: str = "pia.json", extra: tuple[str, ...] = ()) -> Path:
    target = tmp_path / name
    assert cli("export", "pia", *map(str, paths), "-o", str(target), "--as-of", AS_OF, "-q", *extra) == 0
    return target


@pytest.fixture(scope="module")
def mci_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(tmp_path_factory.mktemp("pia"), MCI)


@pytest.fixture(scope="module")
def mci(mci_file: Path) -> Imported:
    return import_pia(mci_file.read_bytes())


def test_the_tool_imports_the_mci_dpia_without_losing_anything(mci: Imported) -> None:
    assert mci.lost == []
    assert mci.pia["name"] == "(IMPORT) Model Capability Initiative"
    assert mci.pia["status"] == 0  # in progress
    assert mci.pia["author_name"] == "mci-program-office@northwind.example"
    assert {answer["reference_to"] for answer in mci.answers} <= QUESTION_IDS
    assert mci.measures and all(m["title"] and m["content"] for m in mci.measures)


def test_every_finding_rule_is_in_the_measures_and_the_risks_name_existing_measures(mci: Imported) -> None:
    result = run_check(RunOptions(paths=(str(MCI),), as_of=datetime.date.fromisoformat(AS_OF)))
    titles = [m["title"] for m in mci.measures]
    for rule in {finding.rule for finding in result.findings}:
        assert any(title.startswith(f"Remedy {rule}: ") for title in titles), rule
    assert len(titles) == len(set(titles)) == len({f.rule for f in result.findings})  # one measure per rule id
    chosen = [a for a in mci.answers if a["reference_to"] in (324, 334, 344)]
    assert chosen, "the risks name the measures that address them"
    for answer in chosen:
        assert set(answer["data"]["list"]) <= set(titles)
    threats = {a["reference_to"]: a["data"]["list"] for a in mci.answers if a["reference_to"] in (322, 332, 342)}
    assert any("GDPR-PD-002" in threat for threat in threats[322])  # the all-staff readers: illegitimate access


def test_evaluations_are_left_to_the_dpo(mci: Imported) -> None:
    """Complete items are submitted for evaluation (status 0), nothing is evaluated, the DPO page is empty."""
    assert mci.evaluations and all(e["status"] == 0 and e["global_status"] == 0 for e in mci.evaluations)
    assert all(e["evaluation_comment"] is None and e["action_plan_comment"] is None for e in mci.evaluations)
    assert mci.pia["dpo_opinion"] is None and mci.pia["dpo_status"] is None and mci.pia["dpos_names"] is None
    assert mci.pia["concerned_people_opinion"] is None
    # 4 = answers complete, evaluation requested; 1 = answers still to complete; 0 = nothing yet.
    assert mci.item_status == {
        "1.1": 1,  # 113 (codes of conduct, certifications): nothing in the manifest says
        "1.2": 4, "2.1": 4,
        "2.2": 1,  # 223-224 (access, portability, rectification, erasure): no manifest field
        "3.1": 4,
        "3.2": 1, "3.3": 1, "3.4": 1,  # impacts and risk sources are the DPO's to write
        "4.3": 0,
    }
    measure_evaluations = [e for e in mci.evaluations if e["reference_to"].startswith("3.1.")]
    assert sorted(e["reference_to"] for e in measure_evaluations) == sorted(f"3.1.{m['id']}" for m in mci.measures)


def test_questions_the_manifest_is_silent_on_stay_unanswered(mci: Imported) -> None:
    answered = {a["reference_to"] for a in mci.answers}
    assert {113, 223, 224, 321, 323, 331, 333, 341, 343}.isdisjoint(answered)
    assert {111, 112, 121, 122, 123, 211, 212, 213, 215, 221, 222, 225, 226, 227} <= answered


def test_risk_gauges_are_the_report_scoring_of_the_program_as_found(mci: Imported) -> None:
    gauges = {a["reference_to"]: a["data"] for a in mci.answers if a["reference_to"] in (325, 326, 335, 336, 345, 346)}
    assert set(gauges) == {325, 326, 335, 336, 345, 346}
    for data in gauges.values():
        assert data["gauge"] in (1, 2, 3, 4) and "Estimated by compliance" in data["text"]
    # Illegitimate access at MCI: identifiable, health data swept in, three critical access rules failed.
    assert gauges[325]["gauge"] == 4 and gauges[326]["gauge"] == 4
    assert "GDPR-PD-002 failed at critical severity" in gauges[326]["text"]


def test_findings_are_comments_on_their_principle(mci: Imported) -> None:
    by_question: dict[Any, list[str]] = {}
    for comment in mci.comments:
        by_question.setdefault(comment["reference_to"], []).append(comment["description"])
    assert any(text.startswith("GDPR-PR-005 ") for text in by_question[215])  # storage limitation
    assert any(text.startswith("GDPR-LB-005 ") for text in by_question[222])  # consent that is not free
    assert any(text.startswith("GDPR-LB-001 ") for text in by_question[212])  # no lawful basis
    assert all(comment["for_measure"] is False for comment in mci.comments)


def test_output_is_deterministic_private_and_never_over_an_input(tmp_path: Path, mci_file: Path) -> None:
    again = export(tmp_path, MCI)
    assert again.read_bytes() == mci_file.read_bytes()
    assert stat.S_IMODE(again.stat().st_mode) == 0o600
    sample = tmp_path / "mci"
    shutil.copytree(MCI, sample)
    program = sample / "program.yaml"
    before = program.read_bytes()
    assert cli("export", "pia", str(sample), "-o", str(program), "--as-of", AS_OF, "-q") == 2
    assert program.read_bytes() == before


def test_several_programs_need_program(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "pia.json"
    assert cli("export", "pia", str(SAMPLES), "-o", str(target), "--as-of", AS_OF, "-q") == 2
    assert "--program" in capsys.readouterr().err and not target.exists()
    assert cli("export", "pia", str(SAMPLES), "--program", "nope", "-o", str(target), "--as-of", AS_OF, "-q") == 2
    chosen = import_pia(export(tmp_path, SAMPLES, extra=("--program", "keilbach-websec")).read_bytes())
    assert chosen.lost == [] and chosen.pia["name"] == "(IMPORT) Web-security monitoring"
    alone = import_pia(export(tmp_path, SAMPLES / "well_run", name="alone.json").read_bytes())
    assert [m["title"] for m in chosen.measures] == [m["title"] for m in alone.measures]


def test_every_sample_imports(tmp_path: Path) -> None:
    for sample in sorted(path for path in SAMPLES.iterdir() if path.is_dir()):
        imported = import_pia(export(tmp_path, sample, name=f"{sample.name}.json").read_bytes())
        assert imported.lost == [], sample.name
        assert imported.item_status["1.2"] in (1, 4), sample.name


def test_input_strings_are_escaped_and_null_is_not_declared(tmp_path: Path, write: Write) -> None:
    write("p/program.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Program
        metadata: {id: odd, name: "<script>alert(1)</script> & co", description: null}
        controller: {name: "Acme <b>GmbH</b>", contact: null, establishments: [{country: DE}]}
        purposes:
          - {id: p1, description: "Do <i>things</i>", lawful_basis: null}
        transfers: []
        """)
    data = json.loads(export(tmp_path, tmp_path / "p").read_text(encoding="utf-8"))
    texts = " ".join(a["data"]["text"] or "" for a in data["answers"])
    assert "<script>" not in texts and "&lt;script&gt;" in texts and "Acme &lt;b&gt;GmbH&lt;/b&gt;" in texts
    answers = {a["reference_to"]: a["data"]["text"] for a in data["answers"]}
    assert "Contact" not in answers[112]  # contact: null is not declared, never "None"
    assert "no lawful basis declared" in answers[212]
    assert "no transfer outside the European Union" in answers[227]  # transfers: [] is a declaration
    assert import_pia(json.dumps(data)).lost == []


def test_the_import_reading_rejects_and_loses_what_the_tool_does() -> None:
    """The reader is not a rubber stamp: files the tool refuses are refused, silent losses are reported."""
    minimal: dict[str, Any] = {"pia": {"name": "x", "created_at": "2026-01-01T00:00:00.000Z"},
                               "answers": [], "measures": [], "evaluations": [], "comments": []}
    assert import_pia(json.dumps(minimal)).item_status["1.1"] == 0
    for broken in ({**minimal, "pia": None}, {key: value for key, value in minimal.items() if key != "answers"},
                   {**minimal, "measures": None}, {**minimal, "comments": {}}):
        with pytest.raises(Rejected):
            import_pia(json.dumps(broken))
    with pytest.raises(Rejected):
        import_pia(b"{not json")
    lost = import_pia(json.dumps({**minimal, "evaluations": [{"reference_to": 11}],
                                  "answers": [{"reference_to": "111", "data": {"text": "t"}}]})).lost
    assert any("startsWith" in line for line in lost) and any("no such question" in line for line in lost)
    answered = {**minimal, "answers": [{"reference_to": q, "data": {"text": "t"}, "created_at": "2026-01-01"}
                                       for q in (111, 112, 113)],
                "evaluations": [{"reference_to": "1.1", "status": 0, "global_status": 0}]}
    assert import_pia(json.dumps(answered)).item_status["1.1"] == 4



def readme_table(heading: str) -> list[list[str]]:
    """The body rows of the first table under `heading` in samples/README.md, cells without backticks."""
    text = (SAMPLES / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    table = section[section.index("\n|") + 1:].split("\n\n")[0].splitlines()[2:]
    return [[cell.strip().strip("`") for cell in line.strip().strip("|").split(" | ")] for line in table]


def test_samples_readme_says_what_each_pia_holds(tmp_path: Path) -> None:
    for sample, measures, comments, answered, ready, open_ in readme_table("### The PIA file of each sample"):
        data = json.loads(export(tmp_path, SAMPLES / sample, name=f"{sample}.json").read_text(encoding="utf-8"))
        imported = import_pia(json.dumps(data))
        assert (len(data["measures"]), len(data["comments"]), len(data["answers"])) == (
            int(measures), int(comments), int(answered)), sample
        waiting = sorted(ref for ref, status in imported.item_status.items() if status == 4)
        writing = sorted(ref for ref, status in imported.item_status.items() if status in (0, 1) and ref != "4.3")
        assert (waiting, writing) == (ready.split(", "), open_.split(", ")), sample
