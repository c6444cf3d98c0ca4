"""Tamper evidence: the manifest embedded in the PDF, reading it back, and comparing two of them.

The manifest (`compliance-manifest.json`, a PDF attachment) records the input hashes, the policy
digest, the run options and the sha256 of the findings JSON (the very bytes of `check --format json`,
also attached as findings.json). `compliance verify` re-runs the check and compares.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any

from compliance.errors import InputError

MANIFEST_SCHEMA = "compliance-report-manifest/v1"
MANIFEST_NAME = "compliance-manifest.json"
FINDINGS_JSON = "findings.json"
FINDINGS_CSV = "findings.csv"

_STREAM = re.compile(rb"(\d+) 0 obj\s*<<(.{0,4000}?)>>\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length (\d+)(?!\s+\d+\s+R)")
_FILESPEC = re.compile(rb"/Type\s*/Filespec\s*/F\s*\((?P<name>(?:[^()\\]|\\.){1,200})\).{0,600}?"
                       rb"/EF\s*<<\s*/F\s+(?P<ref>\d+)\s+0\s+R", re.S)


def sha256(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def manifest(result_summary: Mapping[str, Any], *, tool: Mapping[str, str], as_of: str, generated: str,
             policy_digest: str, inputs: list[dict[str, str]], findings_json_sha256: str, findings_csv_sha256: str,
             run_options: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest; the attachments' digests are `sha256()` of findings.json and findings.csv."""
    return {
        "schema": MANIFEST_SCHEMA,
        "tool": dict(tool),
        "as_of": as_of,
        "generated": generated,
        "run_options": dict(run_options),
        "policy_digest": policy_digest,
        "inputs": inputs,
        "findings": {"sha256": findings_json_sha256, "total": result_summary.get("total", 0),
                     "summary": dict(result_summary)},
        "attachments": {FINDINGS_JSON: findings_json_sha256, FINDINGS_CSV: findings_csv_sha256},
    }


def encode(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _streams(pdf: bytes) -> dict[int, bytes]:
    """Object number -> decoded content of every stream object at the top level of the file."""
    streams: dict[int, bytes] = {}
    for match in _STREAM.finditer(pdf):
        header = match.group(2)
        length = _LENGTH.search(header)
        if length is None:
            continue
        raw = pdf[match.end():match.end() + int(length.group(1))]
        try:
            streams[int(match.group(1))] = zlib.decompress(raw) if b"/FlateDecode" in header else raw
        except zlib.error:
            continue
    return streams


def _unescape(name: bytes) -> str:
    return re.sub(rb"\\(.)", rb"\1", name).decode("latin-1")


def attachments(pdf: bytes) -> dict[str, bytes]:
    """Name -> content of the files attached to a PDF written by this tool (WeasyPrint/pydyf layout)."""
    streams = _streams(pdf)
    texts = [pdf, *(content for content in streams.values() if b"/Filespec" in content)]
    found: dict[str, bytes] = {}
    for text in texts:
        for spec in _FILESPEC.finditer(text):
            reference = int(spec.group("ref"))
            if reference in streams:
                found.setdefault(_unescape(spec.group("name")), streams[reference])
    return found


def read_manifest(pdf: bytes, source: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The embedded manifest and every attachment, or an InputError naming the file."""
    if not pdf.startswith(b"%PDF-"):
        raise InputError(f"{source}: not a PDF file")
    files = attachments(pdf)
    content = files.get(MANIFEST_NAME)
    if content is None:
        raise InputError(f"{source}: no {MANIFEST_NAME} attachment: not a report written by `compliance report`")
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{source}: {MANIFEST_NAME} is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("schema") != MANIFEST_SCHEMA:
        raise InputError(f"{source}: {MANIFEST_NAME} is not a {MANIFEST_SCHEMA} document")
    return document, files


def differences(recorded: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, list[str]]:
    """What differs between the report's manifest and a fresh run's, by aspect (empty lists: all match)."""
    return {
        "inputs": _input_differences(recorded.get("inputs", []), current.get("inputs", [])),
        "policy": ([f"policy digest {recorded.get('policy_digest')} in the report, "
                    f"{current.get('policy_digest')} now"]
                   if recorded.get("policy_digest") != current.get("policy_digest") else []),
        "findings": _findings_differences(recorded, current),
    }


def _input_differences(recorded: list[Mapping[str, str]], current: list[Mapping[str, str]]) -> list[str]:
    def key(record: Mapping[str, str]) -> tuple[str, str]:
        return (str(record.get("kind")), str(record.get("id")))

    before = {key(r): r for r in recorded}
    after = {key(r): r for r in current}
    lines = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        label = f"{name[0]} {name[1]}"
        if new is None and old is not None:
            lines.append(f"{label} ({old.get('path')}) is no longer among the inputs")
        elif old is None and new is not None:
            lines.append(f"{label} ({new.get('path')}) is a new input")
        elif old is not None and new is not None and old.get("sha256") != new.get("sha256"):
            lines.append(f"{label} ({new.get('path')}) changed: sha256 {old.get('sha256')} in the report, "
                         f"{new.get('sha256')} now")
    return lines


def _findings_differences(recorded: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    old, new = recorded.get("findings", {}), current.get("findings", {})
    if old.get("sha256") == new.get("sha256"):
        return []
    line = f"findings digest {old.get('sha256')} in the report, {new.get('sha256')} now"
    old_summary, new_summary = old.get("summary", {}), new.get("summary", {})
    changed = [f"{name} {old_summary.get(name, 0)} -> {new_summary.get(name, 0)}"
               for name in sorted(set(old_summary) | set(new_summary))
               if old_summary.get(name, 0) != new_summary.get(name, 0)]
    if changed:
        line += f" ({', '.join(changed)})"
    old_tool, new_tool = recorded.get("tool", {}), current.get("tool", {})
    if old_tool.get("version") != new_tool.get("version"):
        line += f"; tool version {old_tool.get('version')} made the report, {new_tool.get('version')} ran now"
    return [line]
