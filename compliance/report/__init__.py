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


# Allocations between two young collections while a report renders (CPython's default: 700).
YOUNG_COLLECTION_EVERY = 20_000


@contextlib.contextmanager
def _collector_spared() -> Iterator[None]:
    """The garbage collector stays out of the way of the rendering, which allocates no cycles worth chasing.

    WeasyPrint keeps hundreds of thousands of boxes alive while it lays out and draws the pages, so
    with CPython's defaults the collector ran a full collection 3 to 8 times a report, each one
    walking the whole heap (the run's findings, datasets and engine input too): 0.5 to 1 s of CPU
    on samples/mci and on 45,000 findings. During the report the objects that exist before it are
    frozen (gc.freeze: left out of collections, collected after the report as before) and young
    collections run every 20,000 allocations, so a report sees a few young collections and no full
    one; the peak memory measured the same. Nothing changes if the collector is off or something
    else froze objects (then only the threshold is raised).
    """
    if not gc.isenabled():
        yield
        return
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(max(threshold[0], YOUNG_COLLECTION_EVERY), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


def make_report(data: ReportData) -> Report:
    with _collector_spared():
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
