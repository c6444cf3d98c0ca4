"""Waivers (docs/ci.md): accepted exceptions, matched on rule id and a glob on the finding's resource.

A waiver that matches and has not expired marks its findings as waived: they stay in every output,
shown as waived, and no longer fail the run. An expired waiver covers nothing and is reported; so is
a waiver that matches no finding. Those reports are `WaiverUse` records beside the findings, never
findings themselves: every finding's rule id stays one of the catalog (`compliance rules`).
"""

from __future__ import annotations

import datetime
import fnmatch
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from compliance.findings import Finding, Waiver, WaiverUse
from compliance.kinds import DocumentKind
from compliance.limits import DEFAULT_MAX_BYTES
from compliance.loaders.document import Document
from compliance.loaders.inputs import load_inputs

KIND = DocumentKind.WAIVERS


def load_files(paths: Sequence[str], already: Iterable[Document] = (),
               max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document, ...]:
    """The Waivers documents of `--waivers FILE`s, leaving out any already loaded among the PATHs.

    Files over `max_bytes` (`--max-input-mb`) are refused, as the PATHs are.
    Each file must hold Waivers documents only; schema problems (a waiver without approver,
    reason or expiry) raise InputProblems, exit code 2, like any other input problem.
    """
    if not paths:
        return ()
    seen = {(Path(document.path).resolve(), document.index) for document in already}
    documents = []
    for document in load_inputs(paths, kinds=(KIND,), max_bytes=max_bytes).documents:
        key = (Path(document.path).resolve(), document.index)
        if key not in seen:
            seen.add(key)
            documents.append(document)
    return tuple(documents)


def waivers_of(documents: Iterable[Document]) -> list[Waiver]:
    """Every waiver of the Waivers documents, in file order, with the line it starts on."""
    waivers = []
    for document in documents:
        if document.kind != KIND:
            continue
        for index, entry in enumerate(document.value.get("waivers", [])):
            waivers.append(Waiver(
                rule=str(entry["rule"]), resource=str(entry["resource"]), reason=str(entry["reason"]),
                approved_by=str(entry["approved_by"]), expires=str(entry["expires"]),
                path=document.path, line=document.locate(("waivers", index)).line,
            ))
    return waivers


def apply(
    findings: Sequence[Finding],
    documents: Iterable[Document],
    as_of: datetime.date,
    *,
    evaluated_rules: Collection[str] | None = None,
    known_rules: Collection[str] | None = None,
) -> tuple[list[Finding], tuple[WaiverUse, ...]]:
    """Mark the findings that unexpired waivers cover; say what each waiver did.

    The first unexpired matching waiver (in file order) is the one a finding carries. A waiver of a
    rule that was not evaluated in this run (`--rule` / `--skip-rule`) is neither used nor unused.
    """
    waivers = waivers_of(documents)
    if not waivers:
        return list(findings), ()
    by_rule: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        by_rule.setdefault(finding.rule, []).append(index)
    matched = []
    for waiver in waivers:  # 45,000 tables: match each waiver's glob only against its own rule's findings
        glob = re.compile(fnmatch.translate(waiver.resource)).match
        matched.append([index for index in by_rule.get(waiver.rule, ()) if glob(findings[index].resource)])
    marked = list(findings)
    for waiver, indexes in zip(waivers, matched, strict=True):
        if waiver.expired(as_of):
            continue
        for index in indexes:
            if marked[index].waiver is None:
                marked[index] = replace(marked[index], waiver=waiver)
    uses = tuple(_use(waiver, len(indexes), as_of, evaluated_rules, known_rules)
                 for waiver, indexes in zip(waivers, matched, strict=True))
    return marked, uses


def _use(waiver: Waiver, count: int, as_of: datetime.date, evaluated_rules: Collection[str] | None,
         known_rules: Collection[str] | None) -> WaiverUse:
    what = f"waiver of {waiver.rule} for {waiver.resource} (approved by {waiver.approved_by})"
    if waiver.expired(as_of):
        status = "expired"
        message = f"{what} expired on {waiver.expires} and no longer applies"
        if count:
            message += f"; the {count} finding{'s' if count != 1 else ''} it covered count again"
    elif count:
        status, message = "applied", f"{what} covers {count} finding{'s' if count != 1 else ''}"
    elif known_rules is not None and waiver.rule not in known_rules:
        status, message = "unused", f"{what} names a rule that is not in the catalog (`compliance rules` lists them)"
    elif evaluated_rules is not None and waiver.rule not in evaluated_rules:
        status, message = "not_evaluated", f"{what} was not checked: its rule did not run"
    else:
        status, message = "unused", f"{what} matches no finding; remove it or fix its rule or resource"
    return WaiverUse(rule=waiver.rule, resource=waiver.resource, reason=waiver.reason,
                     approved_by=waiver.approved_by, expires=waiver.expires, path=waiver.path, line=waiver.line,
                     status=status, matched=count, message=message)
