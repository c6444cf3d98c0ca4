"""Baselines: which findings an earlier `--format json` run already had, by fingerprint.

A finding's fingerprint (`Finding.fingerprint`) is the SHA-256 of the canonical JSON of (rule,
resource, evidence). Findings of the same rule and resource whose evidence is equal share a
fingerprint; matching counts occurrences, so a second such finding beyond what the baseline held is new.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from compliance.errors import InputError
from compliance.findings import FINGERPRINT_PREFIX, BaselineSummary, Result
from compliance.limits import DEFAULT_MAX_BYTES
from compliance.loaders.yaml_json import LoadError, read_limited

FINDINGS_SCHEMA = "compliance-findings/v1"


def load(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Counter[str]:
    """The fingerprints of a findings JSON written by `compliance check --format json`, with counts.

    The file is refused unread when it is over `max_bytes` (`--max-input-mb`), like every input.
    """
    if not Path(path).exists():
        raise InputError(f"{path}: baseline file not found")
    try:
        text = read_limited(Path(path), path, max_bytes).decode("utf-8")
    except LoadError as error:
        raise InputError(str(error.problem)) from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: cannot read the baseline: {error}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{error.lineno}:{error.colno}: baseline is not JSON: {error.msg}") from None
    if not isinstance(document, dict) or document.get("schema") != FINDINGS_SCHEMA:
        raise InputError(f"{path}: schema: not a findings document ({FINDINGS_SCHEMA} expected; "
                         "write one with `compliance check --format json -o FILE`)")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise InputError(f"{path}: findings: a list expected")
    fingerprints: Counter[str] = Counter()
    for index, finding in enumerate(findings):
        value = finding.get("fingerprint") if isinstance(finding, dict) else None
        if not isinstance(value, str) or not value.startswith(FINGERPRINT_PREFIX):
            raise InputError(f"{path}: findings[{index}].fingerprint: missing; the baseline was written by an "
                             "older version, regenerate it with `compliance check --format json -o FILE`")
        fingerprints[value] += 1
    return fingerprints


def apply(result: Result, path: str, known: Counter[str] | None = None) -> Result:
    """Mark the findings the baseline at `path` already had (`in_baseline`); they no longer fail the run.

    `known` is that file's fingerprints when already read with `load`.
    """
    known = Counter(load(path) if known is None else known)
    findings = []
    for finding in result.findings:
        key = finding.fingerprint
        if known[key] > 0:
            known[key] -= 1
            finding = replace(finding, in_baseline=True)
        findings.append(finding)
    matched = sum(1 for finding in findings if finding.in_baseline)
    summary = BaselineSummary(path=path, matched=matched, new=len(findings) - matched)
    return replace(result, findings=tuple(findings), baseline=summary)
