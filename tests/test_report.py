"""The DPIA report of each sample: content, attachments, identical bytes on re-runs, and verify."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.commands.report import prepare
from compliance.findings import Result
from compliance.formats import json_format
from compliance.report import from_run, integrity, make_report
from compliance.report.pdf import ATTACHMENT_LEVEL
from compliance.runner import RunOptions, execute, run_check
from tests.conftest import AS_OF, SAMPLES

SAMPLE_NAMES = sorted(path.name for path in SAMPLES.iterdir() if path.is_dir())
HEADINGS = (
    "Verdict", "Contents", "Summary", "0 Control sheet", "1 Systematic description of the processing",
    "Where the data is stored", "2 Necessity and proportionality", "Lawfulness, lawful basis and special categories",
    "Purpose limitation", "Data minimisation and accuracy", "Storage limitation", "Transparency and notices",
    "Data subjects' rights", "Security and data protection by design", "Processors", "International transfers",
    "Employment-law preconditions", "Accountability, records, DPIA and DPO", "3 Consultation",
    "4 Risks to the rights and freedoms of data subjects", "5 Measures and residual risk", "6 Conclusion and sign-off",
    "Annex A DPIA screening (WP248)", "Annex B Record of processing (Art. 30(1))", "Annex C Findings register",
    "Annex D Rule catalog used", "Annex E Inputs, digests and attachments",
)


# The cover's answer per sample: GDPR does not reach the US-only employer, so no Art. 35 DPIA is owed.
DPIA_VERDICT = {"contact_centre": "Yes", "mci": "Yes", "terraform": "Yes", "well_run": "Yes",
                "us_employer": "not applicable: GDPR does not reach this program"}


@dataclass(frozen=True)
class Made:
    sample: Path  # the copy the report was made from (verify must see the same paths)
    pdf: Path
    html: Path
    result: Result


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module", params=SAMPLE_NAMES)
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """Each sample copied to a temporary directory and reported on once (rendering is the slow part)."""
    root = tmp_path_factory.mktemp(f"report-{request.param}")
    sample = root / request.param
    shutil.copytree(SAMPLES / request.param, sample)
    pdf, html = root / "report.pdf", root / "report.html"
    assert cli("report", str(sample), "-o", str(pdf), "--html", str(html), "--as-of", AS_OF, "-q") == 0
    result = run_check(RunOptions(paths=(str(sample),), as_of=datetime.date.fromisoformat(AS_OF)))
    yield Made(sample, pdf, html, result)


def test_report_has_every_section_the_verdict_and_the_counts(made: Made) -> None:
    text = flat(pdf_text(made.pdf))
    for heading in HEADINGS:
        assert heading.casefold() in text.casefold(), heading
    assert f"DPIA required (Art. 35) {DPIA_VERDICT[made.sample.name]}" in text
    assert "Prior consultation (Art. 36)" in text
    counts = made.result.counts()
    assert f"found {counts['total']:,} finding{'s' if counts['total'] != 1 else ''}" in text
    assert f"{counts['total']:,}: {counts['critical']:,} critical, {counts['high']:,} high" in text


def test_every_findings_rule_appears(made: Made) -> None:
    text = pdf_text(made.pdf)
    assert made.result.findings
    missing = sorted({f.rule for f in made.result.findings if f.rule not in text})
    assert not missing


def test_pdf_carries_the_findings_as_json_and_csv(made: Made) -> None:
    files = integrity.attachments(made.pdf.read_bytes())
    assert set(files) == {"compliance-manifest.json", "findings.json", "findings.csv"}
    assert files["findings.json"] == json_format.render(made.result, None, color=False).encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(files["findings.csv"].decode("utf-8"))))
    assert len(rows) == len(made.result.findings)
    assert [row["rule"] for row in rows] == [f.rule for f in made.result.findings]
    manifest, _ = integrity.read_manifest(made.pdf.read_bytes(), str(made.pdf))
    assert manifest["findings"]["sha256"] == integrity.sha256(files["findings.json"])
    assert manifest["policy_digest"] == made.result.policy_digest
    assert [i["sha256"] for i in manifest["inputs"]] == [r.sha256 for r in made.result.inputs]


def test_attachments_are_compressed_beside_the_layout_and_keep_their_checksum(made: Made) -> None:
    # render_pdf compresses each attached file on a second thread and hands WeasyPrint's stream the result
    # (pdf.ATTACHMENT_LEVEL): the PDF holds exactly those bytes, and the file's /CheckSum and /Size are its own.
    content = made.pdf.read_bytes()
    files = integrity.attachments(content)
    for name in (integrity.FINDINGS_JSON, integrity.FINDINGS_CSV, integrity.MANIFEST_NAME):
        assert zlib.compress(files[name], ATTACHMENT_LEVEL) in content, name
        assert f"/CheckSum <{hashlib.md5(files[name], usedforsecurity=False).hexdigest()}>".encode() in content
        assert f"/Size {len(files[name])}".encode() in content


def test_pdf_is_pdf_a_3b_with_dates_from_the_as_of_date(made: Made) -> None:
    content = made.pdf.read_bytes()
    decoded = b"\n".join([content, *integrity._streams(content).values()])
    day = AS_OF.replace("-", "")
    assert b'pdfaid:part="3"' in decoded and b'pdfaid:conformance="B"' in decoded
    assert f"/CreationDate (D:{day}000000Z)".encode() in decoded
    assert f"<xmp:CreateDate>{AS_OF}T00:00:00Z</xmp:CreateDate>".encode() in decoded
    assert b"/AFRelationship /Data" in decoded


def test_html_is_written_and_escaped(made: Made) -> None:
    html = made.html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or "<html" in html[:200]
    assert "<script" not in html


@pytest.mark.parametrize("made", ["mci"], indirect=True)  # rendering is slow: one sample shows the bytes are stable
def test_same_inputs_give_identical_bytes(made: Made) -> None:
    options, recorded = prepare((str(made.sample),), None, (), (), (), datetime.date.fromisoformat(AS_OF), True,
                                engine="embedded", opa_urls=(), opa_token_env="COMPLIANCE_OPA_TOKEN", opa_ca=None,
                                opa_insecure=False)
    again = make_report(from_run(execute(options), recorded))
    assert again.pdf == made.pdf.read_bytes()


def test_verify_matches_then_reports_what_changed(made: Made, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("verify", str(made.pdf), str(made.sample)) == 0
    out = capsys.readouterr().out
    assert "OK: the report matches" in out and "inputs: match" in out and "findings digest: match" in out
    first = Path(made.result.inputs[0].path)
    original = first.read_text(encoding="utf-8")
    try:
        first.write_text(original + "\n", encoding="utf-8")  # one more newline: valid YAML and JSON alike
        assert cli("verify", str(made.pdf), str(made.sample)) == 1
        out = capsys.readouterr().out
        assert "inputs: DIFFER" in out and f"({first}) changed: sha256" in out
        assert "policy digest: match" in out
        # The findings JSON lists the input hashes, so its digest moves too; the counts do not.
        assert "findings digest: DIFFER" in out and " -> " not in out
        assert "DIFFERS: the report no longer matches (inputs, findings digest)" in out
    finally:
        first.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("made", ["mci"], indirect=True)  # edits a dataset of samples/mci
def test_verify_names_changed_findings(made: Made, capsys: pytest.CaptureFixture[str]) -> None:
    storage = made.sample / "storage.yaml"
    original = storage.read_text(encoding="utf-8")
    edited = original.replace('readers: ["group:mci-research-core"]', 'readers: ["*"]', 1)
    assert edited != original
    try:
        storage.write_text(edited, encoding="utf-8")
        assert cli("verify", str(made.pdf), str(made.sample)) == 1
        out = capsys.readouterr().out
        assert "findings digest: DIFFER" in out and "total " in out
        assert "DIFFERS: the report no longer matches (inputs, findings digest)" in out
    finally:
        storage.write_text(original, encoding="utf-8")
    assert cli("verify", str(made.pdf), str(made.sample)) == 0


def test_verify_refuses_a_pdf_without_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "other.pdf"
    fake.write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert cli("verify", str(fake), str(SAMPLES / "mci")) == 2
    assert "no compliance-manifest.json attachment" in capsys.readouterr().err
