"""The PIA tool's answers from a Program manifest: context (111-123) and fundamental principles (211-227).

Each answer is the tool's rich text (HTML) with every input string escaped, and lists only what the
manifest declares; a question it says nothing about gets no answer at all (so the tool shows it as
still to write), never a placeholder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from compliance.export.common import as_map, as_maps, declared, mechanism, strings, words


def p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def ul(lines: Iterable[str]) -> str:
    items = [f"<li>{escape(line)}</li>" for line in lines]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _facts(pairs: Iterable[tuple[str, Any]]) -> list[str]:
    """`label: value` for each declared value (lists joined; booleans yes/no)."""
    lines = []
    for label, value in pairs:
        if isinstance(value, list):
            if value:
                lines.append(f"{label}: {', '.join(strings(value))}")
        elif declared(value):
            lines.append(f"{label}: {words(value)}")
    return lines


def context(program: Mapping[str, Any], datasets: Sequence[Mapping[str, Any]], provenance: str) -> dict[int, str]:
    """Answers 111-123: the processing, its responsibilities, its data, their life cycle and supporting assets."""
    metadata, body = as_map(program.get("metadata")), as_map(program.get("program"))
    controller = as_map(program.get("controller"))
    texts: dict[int, str] = {}
    overview = _facts([
        ("Status", body.get("status")), ("Collection started", body.get("start_date")),
        ("Technologies", body.get("technologies")), ("Participation mandatory", body.get("mandatory_participation")),
        ("Covert", body.get("covert")), ("Novel technology", body.get("novel_technology")),
        ("Purposes", [p.get("id") for p in as_maps(program.get("purposes"))]),
        ("Data subjects", [_subject(s) for s in as_maps(program.get("data_subjects"))]),
        ("Where they are", [_place(p) for p in as_maps(as_map(program.get("jurisdictions")).get(
            "data_subject_locations"))]),
    ])
    description = metadata.get("description") or body.get("description")
    if declared(description) or overview:
        name = str(metadata.get("name") or metadata.get("id") or "")
        texts[111] = (p(f"{name}: {description}" if declared(description) else name) + ul(overview)
                      + p(provenance))
    duties = _facts([("Controller", controller.get("name")), ("Contact", controller.get("contact")),
                     ("Joint controllers", controller.get("joint_controllers")),
                     ("Representative in the Union", controller.get("eu_representative")),
                     ("Program owner", metadata.get("owner"))])
    duties += [f"Establishment: {_establishment(e)}" for e in as_maps(controller.get("establishments"))]
    dpo = as_map(program.get("dpo"))
    duties += _facts([("DPO designated", dpo.get("designated")), ("DPO reports to", dpo.get("reports_to")),
                      ("DPO involved from", dpo.get("involved_from"))])
    duties += [f"Processor: {_processor(p)}" for p in as_maps(program.get("processors"))]
    if duties:
        texts[112] = ul(duties)
    categories = [_category(c) for c in as_maps(program.get("data_categories"))]
    readers = [f"{r.get('group', '')}" + (f" ({words(r['size'])} people)" if isinstance(r.get("size"), int) else "")
               for r in as_maps(as_map(program.get("access")).get("readers"))]
    if categories or readers:
        texts[121] = (p("Data categories:") + ul(categories) if categories else "") + (
            p("Who can read them:") + ul(readers) if readers else "")
    lifecycle = _lifecycle(program)
    if lifecycle:
        texts[122] = ul(lifecycle)
    assets = [f"{loc.get('system', '')} ({loc.get('country', '')})"
              for loc in as_maps(as_map(program.get("storage")).get("locations"))]
    if datasets:
        countries = sorted({str(as_map(d.get("location")).get("country", "unknown")) for d in datasets})
        assets.append(f"{len(datasets):,} datasets in the storage inventories "
                      f"(countries: {', '.join(countries)})")
    assets += [f"{p.get('service', '')} ({p.get('name', '')})" for p in as_maps(program.get("processors"))
               if declared(p.get("service"))]
    if assets:
        texts[123] = ul(assets)
    return texts


def _subject(subject: Mapping[str, Any]) -> str:
    count = subject.get("count")
    return words(subject.get("category", "")) + (f" ({words(count)})" if isinstance(count, int) else "")


def _place(place: Mapping[str, Any]) -> str:
    count = place.get("headcount")
    return str(place.get("region", "")) + (f" ({words(count)})" if isinstance(count, int) else "")


def _establishment(node: Mapping[str, Any]) -> str:
    facts = _facts([("employees", node.get("employees")), ("works council", node.get("has_works_council"))])
    return str(node.get("country", "")) + (f" ({'; '.join(facts)})" if facts else "")


def _processor(node: Mapping[str, Any]) -> str:
    facts = _facts([("service", node.get("service")), ("country", node.get("country")),
                    ("data processing agreement signed", node.get("dpa_signed"))])
    return str(node.get("name", "")) + (f" ({'; '.join(facts)})" if facts else "")


def _category(node: Mapping[str, Any]) -> str:
    name = str(node.get("name") or node.get("id") or "")
    facts = _facts([("type", node.get("type")), ("source", node.get("source")),
                    ("special category", node.get("special_category")),
                    ("special-category data likely captured incidentally",
                     node.get("incidental_special_category_likely")),
                    ("Art. 9 types", node.get("art9_types")), ("kept (days)", node.get("retention_days")),
                    ("pseudonymised", node.get("pseudonymised")), ("sensitivity label", node.get("sensitivity_label"))])
    return f"{name} [{node.get('id', '')}]" + (f": {'; '.join(facts)}" if facts else "")


def _lifecycle(program: Mapping[str, Any]) -> list[str]:
    capture = as_map(as_map(program.get("program")).get("capture"))
    lines = _facts([("Capture scope", capture.get("scope")), ("Applications captured", capture.get("allowlisted_apps")),
                    ("Categories never captured", capture.get("blocked_categories")),
                    ("Screenshot every (seconds)", capture.get("screenshot_interval_seconds")),
                    ("Typed text captured", capture.get("keystroke_content_captured")),
                    ("Password fields excluded", capture.get("password_fields_excluded")),
                    ("Redacted on the device", capture.get("on_device_redaction")),
                    ("Captured outside working hours", capture.get("off_hours_capture")),
                    ("Captured when working remotely", capture.get("remote_work_capture")),
                    ("Personal devices", capture.get("personal_devices"))])
    storage = as_map(program.get("storage"))
    lines += [f"Stored in {loc.get('system', '')} ({loc.get('country', '')})"
              for loc in as_maps(storage.get("locations"))]
    lines += [f"Used for {p.get('id', '')}: {', '.join(strings(p.get('data_category_ids')))}"
              for p in as_maps(program.get("purposes")) if strings(p.get("data_category_ids"))]
    lines += [f"Sent to {t.get('destination', '')}" + (f" ({t['recipient']})" if declared(t.get("recipient")) else "")
              for t in as_maps(program.get("transfers"))]
    retention = as_map(program.get("retention"))
    lines += _facts([("Deleted automatically", retention.get("auto_deletion")),
                     ("Retention schedule", retention.get("schedule_ref"))])
    return lines


def principles(program: Mapping[str, Any]) -> dict[int, str]:
    """Answers 211-227: the fundamental principles, as far as the manifest declares them."""
    purposes = as_maps(program.get("purposes"))
    categories = as_maps(program.get("data_categories"))
    capture = as_map(as_map(program.get("program")).get("capture"))
    texts: dict[int, str] = {}
    stated = [f"{p.get('id', '')}" + (f": {p['description']}" if declared(p.get("description")) else "")
              + (f" (category: {words(p['category'])})" if declared(p.get("category")) else "")
              + (f"; never used for: {', '.join(words(u) for u in strings(p.get('prohibited_secondary_uses')))}"
                 if strings(p.get("prohibited_secondary_uses")) else "") for p in purposes]
    if stated:
        texts[211] = ul(stated)
    bases = []
    for purpose in purposes:
        facts = _facts([("lawful basis", purpose.get("lawful_basis")),
                        ("legal obligation", purpose.get("legal_obligation_ref")),
                        ("legitimate-interests assessment completed", as_map(purpose.get("lia")).get("completed")),
                        ("Art. 9 condition", purpose.get("art9_condition")),
                        ("derived from purpose", purpose.get("derived_from_purpose"))])
        if not declared(purpose.get("lawful_basis")):
            facts.insert(0, "no lawful basis declared")
        bases.append(f"{purpose.get('id', '')}: {'; '.join(facts)}")
    if bases:
        texts[212] = ul(bases)
    alternatives = [f"{a.get('option', '')}: " + ("evaluated" if a.get("evaluated") is True else "not evaluated")
                    + (f" (rejected: {a['rejected_reason']})" if declared(a.get("rejected_reason")) else "")
                    for a in as_maps(as_map(program.get("program")).get("less_intrusive_alternatives"))]
    minimisation = [f"{p.get('id', '')} uses {', '.join(strings(p.get('data_category_ids')))}"
                    for p in purposes if strings(p.get("data_category_ids"))]
    minimisation += _facts([("Capture scope", capture.get("scope")),
                            ("Typed text captured", capture.get("keystroke_content_captured")),
                            ("Redacted on the device", capture.get("on_device_redaction"))])
    minimisation += [f"Alternative {line}" for line in alternatives]
    if minimisation:
        texts[213] = ul(minimisation)
    accuracy = [f"{c.get('id', '')}: {', '.join(strings(c.get('accuracy_controls')))}"
                for c in categories if strings(c.get("accuracy_controls"))]
    if accuracy:
        texts[214] = ul(accuracy)
    kept = [f"{c.get('id', '')}: {words(c['retention_days'])} days"
            + (f" ({c['retention_justification']})" if declared(c.get("retention_justification")) else "")
            for c in categories if isinstance(c.get("retention_days"), int)]
    unset = [str(c.get("id", "")) for c in categories if not isinstance(c.get("retention_days"), int)]
    retention = as_map(program.get("retention"))
    kept += _facts([("Deleted automatically", retention.get("auto_deletion")),
                    ("Retention schedule", retention.get("schedule_ref"))])
    if kept:
        texts[215] = ul(kept) + (p(f"No retention period declared for: {', '.join(unset)}.") if unset else "")
    transparency = as_map(program.get("transparency"))
    notice, third = as_map(transparency.get("notice")), as_map(transparency.get("third_party_notice"))
    informed = _facts([("Notice given", notice.get("provided")), ("Date", notice.get("date")),
                       ("Channels", notice.get("channels")), ("It tells", notice.get("contents")),
                       ("Plain language", notice.get("plain_language")), ("Layered", notice.get("layered")),
                       ("Notice to third parties needed", third.get("needed")),
                       ("Approach to third parties", third.get("approach"))])
    if informed:
        texts[221] = ul(informed)
    consent = as_map(program.get("consent"))
    withdrawal = as_map(consent.get("withdrawal"))
    consented = _facts([("Consent relied on", consent.get("used")), ("Form", consent.get("form")),
                        ("Refusal without detriment", consent.get("refusal_without_detriment")),
                        ("Alternative offered", consent.get("alternative_offered")),
                        ("Granular", consent.get("granular")),
                        ("Records kept", consent.get("records_kept")), ("Withdrawal", withdrawal.get("mechanism")),
                        ("Withdrawal in one step", withdrawal.get("one_step")),
                        ("Processing stops within (hours)", withdrawal.get("stops_processing_within_hours"))])
    if consented:
        texts[222] = ul(consented)
    rights = as_map(program.get("rights"))
    objection, opt_out = as_map(rights.get("objection")), as_map(rights.get("opt_out"))
    objecting = _facts([("Objection", objection.get("mechanism")),
                        ("Answered within (days)", objection.get("response_days")),
                        ("Compelling grounds logged", objection.get("compelling_grounds_log")),
                        ("Opt-out at launch", opt_out.get("available_at_launch")),
                        ("Opt-out scope", opt_out.get("scope"))])
    if objecting:
        texts[225] = ul(objecting)
    processors = []
    for node in as_maps(program.get("processors")):
        clauses = node.get("art28_clauses")
        facts = _facts([("service", node.get("service")), ("country", node.get("country")),
                        ("agreement signed", node.get("dpa_signed")),
                        ("Art. 28(3) clauses", clauses), ("sub-processors", node.get("subprocessor_authorisation")),
                        ("transfer tool", mechanism(node["transfer_mechanism"])
                         if declared(node.get("transfer_mechanism")) else None)])
        processors.append(f"{node.get('name', '')}" + (f": {'; '.join(facts)}" if facts else ""))
    if processors:
        texts[226] = ul(processors)
    elif isinstance(program.get("processors"), list):
        texts[226] = p("The manifest declares no processor.")
    transfers = []
    for node in as_maps(program.get("transfers")):
        tool = mechanism(node["mechanism"]) if declared(node.get("mechanism")) else None
        facts = _facts([("recipient", node.get("recipient")), ("transfer tool", tool),
                        ("recipient DPF-certified", node.get("dpf_certified")),
                        ("certification covers HR data", node.get("dpf_covers_hr")),
                        ("SCC module", node.get("scc_module")), ("transfer impact assessment", node.get("tia_done")),
                        ("supplementary measures", node.get("supplementary_measures"))])
        transfers.append(f"{node.get('destination', '')}" + (f": {'; '.join(facts)}" if facts else ""))
    if transfers:
        texts[227] = ul(transfers)
    elif isinstance(program.get("transfers"), list):
        texts[227] = p("The manifest declares no transfer outside the European Union.")
    return texts
