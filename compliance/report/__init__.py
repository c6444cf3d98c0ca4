"""The DPIA report: findings and manifests -> a signed-off-ready PDF/A-3b.

source.py gathers what a run knows, context.py turns it into plain data, the templates word it,
pdf.py renders it safely, integrity.py embeds and reads back the manifest that `verify` checks.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compliance.output import fixed_instant
from compliance.report import context, exports, integrity
from compliance.report.pdf import AttachedFile, labels, render_html, render_pdf, w3c
from compliance.report.source import ReportData, from_run

__all__ = ["Report", "ReportData", "current_manifest", "from_run", "make_report"]


@dataclass(frozen=True)
class Report:
    pdf: bytes
    html: str
    pages: int
    manifest: dict[str, Any]


def _manifest(data: ReportData, generated: str, digests: dict[str, str]) -> dict[str, Any]:
    result = data.result
    return integrity.manifest(
        result.counts(),
        tool={"name": "compliance", "version": result.tool_version, "engine": result.engine},
        as_of=result.as_of, generated=generated, policy_digest=result.policy_digest,
        inputs=[{"path": r.path, "kind": r.kind, "id": r.id, "sha256": r.sha256} for r in result.inputs],
        findings_json_sha256=digests[integrity.FINDINGS_JSON], findings_csv_sha256=digests[integrity.FINDINGS_CSV],
        run_options=data.run_options,
    )


def _attachments(data: ReportData) -> tuple[dict[str, bytes], dict[str, str]]:
    """findings.json and findings.csv, each serialised and hashed once."""
    files = {integrity.FINDINGS_JSON: exports.findings_json(data.result),
             integrity.FINDINGS_CSV: exports.findings_csv(data.result)}
    return files, {name: integrity.sha256(content) for name, content in files.items()}


def current_manifest(data: ReportData) -> dict[str, Any]:
    """The manifest a report of this run would carry (what `verify` compares against)."""
    return _manifest(data, "", _attachments(data)[1])


@contextlib.contextmanager
def _run_data_left_alone() -> Iterator[None]:
    """The garbage collector skips what exists before the report (the run: its findings, datasets, engine input).

    Rendering allocates millions of objects, so the collector runs its full collection a few times,
    and each one walked every object of the run again: 0.6 s of a 45,000-finding report. Frozen
    objects are still collected, after the report (gc.unfreeze); nothing is frozen if something
    else already froze objects or turned the collector off.
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def make_report(data: ReportData) -> Report:
    with _run_data_left_alone():
        return _make_report(data)


def _make_report(data: ReportData) -> Report:
    contents, digests = _attachments(data)
    instant = fixed_instant(data.result.as_of)
    manifest = _manifest(data, w3c(instant), digests)
    manifest_bytes = integrity.encode(manifest)
    described = labels(data.lang).attachment
    files = [
        AttachedFile(integrity.MANIFEST_NAME, manifest_bytes, described[integrity.MANIFEST_NAME], "Supplement"),
        AttachedFile(integrity.FINDINGS_JSON, contents[integrity.FINDINGS_JSON], described[integrity.FINDINGS_JSON]),
        AttachedFile(integrity.FINDINGS_CSV, contents[integrity.FINDINGS_CSV], described[integrity.FINDINGS_CSV]),
    ]
    digests[integrity.MANIFEST_NAME] = integrity.sha256(manifest_bytes)
    listed = [{"name": f.name, "sha256": digests[f.name], "size": len(f.content)} for f in files]
    page_data = context.build(data, generated=w3c(instant), findings_digest=manifest["findings"]["sha256"],
                              attachments=listed)
    html = render_html(page_data, lang=data.lang)
    identifier = hashlib.sha256(manifest_bytes + html.encode("utf-8")).hexdigest()[:32]
    rendered = render_pdf(html, files, instant, identifier)
    return Report(pdf=rendered.pdf, html=html, pages=rendered.pages, manifest=manifest)
