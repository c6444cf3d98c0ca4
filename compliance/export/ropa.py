"""The record of processing activities (GDPR Art. 30(1)) from the Program manifests.

One row per program (or per purpose), columns in the order of Art. 30(1)(a)-(g), modelled on the
fields of the CNIL's register template (controller, joint controller, representative and DPO;
purposes; data subjects and personal data; recipients; transfers and their safeguards; erasure time
limits; security measures). A value the manifest does not declare is an empty cell, named in the
last column with the manifest field that would fill it; nothing is guessed. A list declared empty
(`transfers: []`) reads "none" and is not missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from compliance.export.common import as_map, as_maps, declared, mechanism, strings, words

# EU and EEA states: a controller established in none of them needs an Art. 27 representative.
EEA = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
})

HEADERS = (
    "Program", "Name", "Source", "Record entry", "Record last updated",
    "(a) Controller", "(a) Controller contact", "(a) Joint controllers", "(a) Representative (Art. 27)",
    "(a) Data protection officer",
    "(b) Purposes",
    "(c) Categories of data subjects", "(c) Categories of personal data",
    "(d) Categories of recipients",
    "(e) Transfers to third countries", "(e) Transfer safeguards",
    "(f) Time limits for erasure",
    "(g) Security measures",
)
PURPOSE_HEADER = "Purpose"
MISSING_HEADER = "Missing (not declared in the manifest)"
NONE = "none"


class RowsBy(StrEnum):
    PROGRAM = "program"
    PURPOSE = "purpose"


@dataclass(frozen=True)
class Source:
    """One Program document: its value and where it was read (`path:line`)."""

    value: Mapping[str, Any]
    where: str


@dataclass(frozen=True)
class Register:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class _Row:
    """Cells by header, plus what the manifest leaves undeclared."""

    def __init__(self) -> None:
        self.cells: dict[str, str] = {}
        self.missing: list[str] = []

    def put(self, header: str, lines: Sequence[str], missing: str | None = None) -> None:
        self.cells[header] = "\n".join(lines)
        if not lines and missing:
            self.missing.append(missing)


def register(programs: Sequence[Source], rows_by: RowsBy = RowsBy.PROGRAM) -> Register:
    """The register's header and rows, sorted by program id; a program's purposes in the manifest's order."""
    headers = (*HEADERS[:3], PURPOSE_HEADER, *HEADERS[3:]) if rows_by is RowsBy.PURPOSE else HEADERS
    rows: list[tuple[str, ...]] = []
    for source in sorted(programs, key=lambda s: (str(as_map(s.value.get("metadata")).get("id", "")), s.where)):
        purposes = as_maps(source.value.get("purposes"))
        if rows_by is RowsBy.PURPOSE and purposes:
            rows.extend(_cells(headers, _row(source, [purpose], purpose)) for purpose in purposes)
        else:
            rows.append(_cells(headers, _row(source, purposes if "purposes" in source.value else None, None)))
    return Register((*headers, MISSING_HEADER), tuple(rows))


def _cells(headers: Sequence[str], row: _Row) -> tuple[str, ...]:
    return (*(row.cells.get(header, "") for header in headers), "; ".join(row.missing))


def _row(source: Source, purposes: list[Mapping[str, Any]] | None, one: Mapping[str, Any] | None) -> _Row:
    """A program's row; with `one`, the row of that one purpose (its own data categories only)."""
    program = source.value
    metadata = as_map(program.get("metadata"))
    records = as_map(program.get("records"))
    row = _Row()
    row.put("Program", [str(metadata.get("id", ""))])
    row.put("Name", [str(metadata["name"])] if declared(metadata.get("name")) else [])
    row.put("Source", [source.where])
    row.put("Record entry", [str(records["ropa_entry_id"])] if declared(records.get("ropa_entry_id")) else [],
            "record entry (records.ropa_entry_id)")
    row.put("Record last updated", [str(records["last_updated"])] if declared(records.get("last_updated")) else [])
    _controller(program, row)
    if one is not None:
        row.put(PURPOSE_HEADER, [str(one.get("id", ""))])
    _purposes(purposes, row)
    categories = _categories(program, one)
    _subjects_and_data(program, categories, one, row)
    _recipients(program, row)
    _transfers(program, row)
    _erasure(program, categories, row)
    _security(program, row)
    return row


def _controller(program: Mapping[str, Any], row: _Row) -> None:
    controller = as_map(program.get("controller"))
    row.put("(a) Controller", [str(controller["name"])] if declared(controller.get("name")) else [],
            "(a) controller name (controller.name)")
    row.put("(a) Controller contact", [str(controller["contact"])] if declared(controller.get("contact")) else [],
            "(a) controller contact (controller.contact)")
    joint = controller.get("joint_controllers")
    row.put("(a) Joint controllers", (strings(joint) or [NONE]) if isinstance(joint, list) else [],
            "(a) joint controllers (controller.joint_controllers; [] for none)")
    countries = {str(e.get("country")) for e in as_maps(controller.get("establishments"))}
    regions = {str(place.get("region", "")).split("-")[0]
               for place in as_maps(as_map(program.get("jurisdictions")).get("data_subject_locations"))}
    representative = controller.get("eu_representative")
    # Art. 27(1): a controller not established in the Union whose processing reaches people in it (Art. 3(2)).
    needed = bool(countries) and not countries & EEA and bool(regions & EEA)
    row.put("(a) Representative (Art. 27)", [str(representative)] if declared(representative) else [],
            "(a) representative in the Union (controller.eu_representative)" if needed else None)
    dpo = as_map(program.get("dpo"))
    if dpo.get("designated") is False:
        row.put("(a) Data protection officer", ["none designated"])
        return
    lines = []
    if dpo.get("designated") is True:
        lines.append("designated" + (f", reports to {dpo['reports_to']}" if declared(dpo.get("reports_to")) else ""))
    row.put("(a) Data protection officer", lines, "(a) data protection officer (dpo.designated)")
    if lines:  # the Program schema has no field for the DPO's name and contact: the register must add them
        row.missing.append("(a) DPO name and contact (no manifest field: add them to the register)")


def _purposes(purposes: list[Mapping[str, Any]] | None, row: _Row) -> None:
    lines = []
    for purpose in purposes or []:
        ident = str(purpose.get("id", ""))
        text = f"{ident}: {purpose['description']}" if declared(purpose.get("description")) else ident
        if declared(purpose.get("lawful_basis")):
            text += f" (lawful basis: {words(purpose['lawful_basis'])})"
        else:
            row.missing.append(f"(b) lawful basis of {ident} (purposes[].lawful_basis)")
        if not declared(purpose.get("description")):
            row.missing.append(f"(b) description of {ident} (purposes[].description)")
        lines.append(text)
    if purposes is not None and not purposes:
        lines = [NONE]
    row.put("(b) Purposes", lines, "(b) purposes (purposes)")


def _categories(program: Mapping[str, Any], one: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The data categories of the row: all of the program's, or those its one purpose uses."""
    categories = as_maps(program.get("data_categories"))
    if one is None:
        return categories
    used = set(strings(one.get("data_category_ids")))
    return [c for c in categories if str(c.get("id")) in used]


def _subjects_and_data(program: Mapping[str, Any], categories: list[Mapping[str, Any]],
                       one: Mapping[str, Any] | None, row: _Row) -> None:
    subjects = []
    for subject in as_maps(program.get("data_subjects")):
        count = subject.get("count")
        subjects.append(words(subject.get("category", "")) + (f" ({words(count)})" if isinstance(count, int) else ""))
    row.put("(c) Categories of data subjects", subjects, "(c) categories of data subjects (data_subjects)")
    lines = []
    for category in categories:
        name = str(category["name"]) if declared(category.get("name")) else str(category.get("id", ""))
        text = f"{name} [{category.get('id', '')}]"
        kinds = ", ".join(strings(category.get("art9_types")))
        if category.get("special_category") is True:
            text += f"; special category{f' ({kinds})' if kinds else ''}"
        elif category.get("incidental_special_category_likely") is True:
            text += f"; special-category data likely captured incidentally{f' ({kinds})' if kinds else ''}"
        if category.get("criminal_data") is True:
            text += "; criminal-offence data (Art. 10)"
        lines.append(text)
    row.put("(c) Categories of personal data", lines,
            f"(c) categories of personal data of {one.get('id', '')} (purposes[].data_category_ids)" if one is not None
            else "(c) categories of personal data (data_categories)")


def _recipients(program: Mapping[str, Any], row: _Row) -> None:
    access = as_map(program.get("access"))
    lines = []
    for reader in as_maps(access.get("readers")):
        size = reader.get("size")
        people = f" ({words(size)} people)" if isinstance(size, int) else ""
        lines.append(f"internal: {reader.get('group', '')}{people}")
    for processor in as_maps(program.get("processors")):
        details = [str(processor[key]) for key in ("service", "country") if declared(processor.get(key))]
        if declared(processor.get("transfer_mechanism")):
            details.append(f"transfer: {mechanism(processor['transfer_mechanism'])}")
        lines.append(f"processor: {processor.get('name', '')}" + (f" ({'; '.join(details)})" if details else ""))
    lines.extend(f"third-country recipient: {t['recipient']} ({t.get('destination', '')})"
                 for t in as_maps(program.get("transfers")) if declared(t.get("recipient")))
    missing = []
    if not isinstance(access.get("readers"), list):
        missing.append("(d) internal recipients (access.readers)")
    if not isinstance(program.get("processors"), list):
        missing.append("(d) processors (processors; [] for none)")
    if not lines and not missing:
        lines = [NONE]
    row.put("(d) Categories of recipients", lines)
    row.missing.extend(missing)


def _transfers(program: Mapping[str, Any], row: _Row) -> None:
    transfers = program.get("transfers")
    places, safeguards = [], []
    for number, transfer in enumerate(as_maps(transfers)):
        destination = str(transfer.get("destination", ""))
        place = destination + (f": {transfer['recipient']}" if declared(transfer.get("recipient")) else "")
        places.append(place)
        tool = transfer.get("mechanism")
        if not declared(tool):
            row.missing.append(f"(e) safeguard of the transfer to {place} (transfers[{number}].mechanism)")
            safeguards.append(f"{destination}: not declared")
            continue
        details = [mechanism(tool)]
        if declared(transfer.get("scc_module")):
            details.append(f"module {transfer['scc_module']}")
        if isinstance(transfer.get("dpf_certified"), bool):
            details.append(f"recipient DPF-certified: {words(transfer['dpf_certified'])}")
        if isinstance(transfer.get("dpf_covers_hr"), bool):
            details.append(f"certification covers HR data: {words(transfer['dpf_covers_hr'])}")
        if isinstance(transfer.get("tia_done"), bool):
            details.append(f"transfer impact assessment: {'done' if transfer['tia_done'] else 'not done'}")
        measures = strings(transfer.get("supplementary_measures"))
        if measures:
            details.append(f"supplementary measures: {', '.join(measures)}")
        safeguards.append(f"{destination}: {'; '.join(details)}")
    if isinstance(transfers, list) and not transfers:
        places, safeguards = [NONE], [NONE]
    row.put("(e) Transfers to third countries", places, "(e) transfers (transfers; [] for none)")
    row.put("(e) Transfer safeguards", safeguards)


def _erasure(program: Mapping[str, Any], categories: list[Mapping[str, Any]], row: _Row) -> None:
    lines = []
    for category in categories:
        ident = str(category.get("id", ""))
        days = category.get("retention_days")
        if isinstance(days, int) and not isinstance(days, bool):
            lines.append(f"{ident}: {words(days)} days")
        else:
            row.missing.append(f"(f) erasure time limit of {ident} (data_categories[].retention_days)")
    retention = as_map(program.get("retention"))
    if isinstance(retention.get("auto_deletion"), bool):
        lines.append(f"automatic deletion: {words(retention['auto_deletion'])}")
    if declared(retention.get("schedule_ref")):
        lines.append(f"retention schedule: {retention['schedule_ref']}")
    row.put("(f) Time limits for erasure", lines,
            None if categories else "(f) time limits for erasure (data_categories[].retention_days)")


def _security(program: Mapping[str, Any], row: _Row) -> None:
    """The Art. 32 measures the manifest declares in place (a measure declared absent is not listed)."""
    storage, access = as_map(program.get("storage")), as_map(program.get("access"))
    encryption, pseudonymisation = as_map(storage.get("encryption")), as_map(storage.get("pseudonymisation"))
    lines = []
    if encryption.get("at_rest") is True:
        details = [str(encryption["algorithm"])] if declared(encryption.get("algorithm")) else []
        if encryption.get("key_management") in ("kms", "hsm"):
            details.append(f"keys in {str(encryption['key_management']).upper()}")
        lines.append("encryption at rest" + (f" ({', '.join(details)})" if details else ""))
    if encryption.get("in_transit") is True:
        lines.append("encryption in transit")
    if pseudonymisation.get("applied") is True:
        held = pseudonymisation.get("key_held_separately") is True
        lines.append("pseudonymisation" + (" (keys held separately)" if held else ""))
    if access.get("default_visibility") in ("restricted", "team"):
        lines.append(f"access restricted by default (visibility: {access['default_visibility']})")
    review = access.get("least_privilege_review_days")
    if isinstance(review, int) and not isinstance(review, bool):
        lines.append(f"access rights reviewed every {words(review)} days")
    for key, text in (("automated_acl_tests", "automated access-control tests"), ("access_logging", "access logging"),
                      ("anomaly_alerting", "alerts on anomalous access"),
                      ("label_enforcement", "sensitivity labels enforced by access control")):
        if access.get(key) is True:
            lines.append(text)
    if storage.get("backup_restore_tested") is True:
        lines.append("backup restores tested")
    redaction = strings(as_map(as_map(program.get("program")).get("capture")).get("on_device_redaction"))
    if redaction:
        lines.append(f"on-device redaction before upload ({', '.join(redaction)})")
    declared_any = "storage" in program or "access" in program
    row.put("(g) Security measures", lines,
            "(g) security measures: none declared in place (storage, access)" if declared_any
            else "(g) security measures (storage, access)")
