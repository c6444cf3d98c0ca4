"""The DPIA report: findings and manifests -> a signed-off-ready PDF/A-3b.

source.py gathers what a run knows, context.py turns it into plain data, the templates word it,
pdf.py renders it safely, integrity.py embeds and reads back the manifest that `verify` checks.
"""

from __future__ import annotations

import hashlib
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


def _manifest(data: ReportData, generated: str, findings_json: bytes, findings_csv: bytes) -> dict[str, Any]:
    result = data.result
    return integrity.manifest(
        result.counts(),
        tool={"name": "compliance", "version": result.tool_version, "engine": result.engine},
        as_of=result.as_of, generated=generated, policy_digest=result.policy_digest,
        inputs=[{"path": r.path, "kind": r.kind, "id": r.id, "sha256": r.sha256} for r in result.inputs],
        findings_json=findings_json, findings_csv=findings_csv, run_options=data.run_options,
    )


def current_manifest(data: ReportData) -> dict[str, Any]:
    """The manifest a report of this run would carry (what `verify` compares against)."""
    findings_json = exports.findings_json(data.result)
    return _manifest(data, "", findings_json, exports.findings_csv(data.result))


def make_report(data: ReportData) -> Report:
    findings_json = exports.findings_json(data.result)
    findings_csv = exports.findings_csv(data.result)
    instant = fixed_instant(data.result.as_of)
    manifest = _manifest(data, w3c(instant), findings_json, findings_csv)
    manifest_bytes = integrity.encode(manifest)
    described = labels(data.lang).attachment
    files = [
        AttachedFile(integrity.MANIFEST_NAME, manifest_bytes, described[integrity.MANIFEST_NAME], "Supplement"),
        AttachedFile(integrity.FINDINGS_JSON, findings_json, described[integrity.FINDINGS_JSON]),
        AttachedFile(integrity.FINDINGS_CSV, findings_csv, described[integrity.FINDINGS_CSV]),
    ]
    listed = [{"name": f.name, "sha256": integrity.sha256(f.content), "size": len(f.content)} for f in files]
    page_data = context.build(data, generated=w3c(instant), findings_digest=manifest["findings"]["sha256"],
                              attachments=listed)
    html = render_html(page_data, lang=data.lang)
    identifier = hashlib.sha256(manifest_bytes + html.encode("utf-8")).hexdigest()[:32]
    rendered = render_pdf(html, files, instant, identifier)
    return Report(pdf=rendered.pdf, html=html, pages=rendered.pages, manifest=manifest)
