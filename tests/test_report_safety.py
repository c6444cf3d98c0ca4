"""No input string can fetch a URL, read a file or inject markup; renders are reproducible."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.errors import InputError
from compliance.output import fixed_instant
from compliance.report import integrity
from compliance.report.pdf import BundledOnlyFetcher, RefusedURL, ReportError, render_html, render_pdf
from compliance.resources import TEMPLATE_DIR
from tests.conftest import AS_OF

HOSTILE = """\
apiVersion: privacy.compliance/v1
kind: Program
metadata:
  id: hostile
  name: "<img src=http://127.0.0.1:{port}/x> & <b>bold</b>"
  description: "<style>@import url(http://127.0.0.1:{port}/css); body {{ background: url(file:///etc/passwd) }}</style>\
    <link rel=stylesheet href=http://127.0.0.1:{port}/l>"
controller:
  name: "</td></tr></table><script>alert(1)</script>"
  establishments:
    - {{country: DE, has_works_council: true, employees: 120}}
data_subjects:
  - {{category: employee, count: 120, vulnerable: false}}
data_categories:
  - {{id: keys, name: "url(file:///etc/passwd)", type: keystrokes, special_category: false}}
purposes:
  - id: p1
    description: "<iframe src=file:///etc/passwd></iframe><svg><image href=http://127.0.0.1:{port}/svg /></svg>"
    category: ai_training
    data_category_ids: [keys]
---
apiVersion: privacy.compliance/v1
kind: StorageInventory
metadata: {{id: inv, name: "<svg onload=x>"}}
datasets:
  - id: t.x
    program: hostile
    data_categories: [keys]
    personal_data: true
    sensitivity: 4
    access: {{readers: ["group:all-employees", "user:<img/src=http://127.0.0.1:{port}/r>"]}}
    rows: 10
"""


def report(directory: Path, *extra: str) -> tuple[int, Path, Path]:
    pdf, html = directory / "out.pdf", directory / "out.html"
    with pytest.raises(SystemExit) as done:
        main(["report", str(directory / "in"), "-o", str(pdf), "--html", str(html), "--as-of", AS_OF, "-q", *extra])
    return int(done.value.code or 0), pdf, html


def test_hostile_strings_are_text_and_fetch_nothing(tmp_path: Path, unfetched_port: int,
                                                    write: Callable[[str, str], Path]) -> None:
    write("in/program.yaml", HOSTILE.format(port=unfetched_port))
    code, pdf, html = report(tmp_path, "--rule", "GDPR-PD-002", "--rule", "GDPR-LB-001")
    assert code == 0
    markup = html.read_text(encoding="utf-8")
    assert f"&lt;img src=http://127.0.0.1:{unfetched_port}/x&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in markup
    assert "<script>alert" not in markup and "<iframe" not in markup and "<link rel=stylesheet href=http" not in markup
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    squashed = re.sub(r"\s+", "", text.decode("utf-8"))
    for shown in (f"<imgsrc=http://127.0.0.1:{unfetched_port}/x>&<b>bold</b>",
                  "</td></tr></table><script>alert(1)</script>", "url(file:///etc/passwd)", "<iframesrc=file:///etc/passwd></iframe>"):
        assert shown in squashed, shown
    assert "root:x:0:0" not in squashed


def test_control_characters_are_shown_as_escapes(tmp_path: Path, write: Callable[[str, str], Path]) -> None:
    """A terminal escape in a reader name is printed as `\\x1b` in the HTML and the PDF, not embedded raw."""
    hostile = HOSTILE.replace('"group:all-employees", "user:<img/src=http://127.0.0.1:{port}/r>"',
                              '"group:all-employees\\e[2J\\e]0;pwned\\a"')
    write("in/program.yaml", hostile.format(port=1))
    code, pdf, html = report(tmp_path, "--rule", "GDPR-PD-002")
    assert code == 0
    markup = html.read_text(encoding="utf-8")
    assert "\x1b" not in markup and "\x07" not in markup
    assert "group:all-employees\\x1b[2J\\x1b]0;pwned\\x07" in markup
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    assert b"\x1b" not in text
    assert b"group:all-employees\\x1b[2J" in text


def test_source_date_epoch_sets_the_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          write: Callable[[str, str], Path]) -> None:
    write("in/program.yaml", HOSTILE.format(port=9))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    code, pdf, _ = report(tmp_path, "--rule", "GDPR-LB-001")
    first = pdf.read_bytes()
    manifest, _ = integrity.read_manifest(first, str(pdf))
    assert code == 0 and manifest["generated"] == "2023-11-14T22:13:20Z"
    assert b"D:20231114221320Z" in first  # the attachments' dates
    assert fixed_instant("2026-11-22") == datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert fixed_instant("2026-11-22") == datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(InputError):
        fixed_instant("2026-11-22")


def test_fetcher_serves_only_bundled_files_and_data_urls(unfetched_port: int) -> None:
    fetcher = BundledOnlyFetcher()
    font = TEMPLATE_DIR / "fonts" / "DejaVuSerif.ttf"
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert fetcher.fetch("data:,a%20b").read() == b"a b"
    for url in (f"http://127.0.0.1:{unfetched_port}/x", f"https://127.0.0.1:{unfetched_port}/x", "file:///etc/passwd",
                (TEMPLATE_DIR / ".." / ".." / "pyproject.toml").as_uri(), f"ftp://127.0.0.1:{unfetched_port}/x",
                f"file://127.0.0.1{TEMPLATE_DIR / 'report.css'}", "javascript:alert(1)"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_markup_that_does_reach_weasyprint_still_fetches_nothing(unfetched_port: int) -> None:
    """Defence in depth: even unescaped markup could not load a remote or local resource."""
    fetcher = BundledOnlyFetcher()
    html = (f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{unfetched_port}/a.css">'
            f"<style>@import url(http://127.0.0.1:{unfetched_port}/b.css);"
            " p { background: url(file:///etc/passwd) }</style>"
            f'</head><body><p>x</p><img src="http://127.0.0.1:{unfetched_port}/c.png"><img src="file:///etc/passwd">'
            f'<svg><image href="http://127.0.0.1:{unfetched_port}/d.png" width="5" height="5"/></svg></body></html>')
    rendered = render_pdf(html, [], datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), "0" * 32, fetcher)
    assert rendered.pages == 1
    assert any("127.0.0.1" in url for url in fetcher.refused)
    assert "file:///etc/passwd" in fetcher.refused


def test_template_errors_become_one_line() -> None:
    with pytest.raises(ReportError) as raised:
        render_html({})
    message = raised.value.format_message()
    assert message.startswith("report template") and "\n" not in message
