"""A program's DPIA as the JSON file the CNIL PIA tool imports ("Import a PIA").

The file holds what the tool's export holds: `pia` (the PIA's own fields), `answers` (keyed by the
questionnaire's question ids: 111-123 context, 211-227 fundamental principles, 321-346 risks),
`measures` (section 3.1, planned or existing measures), `evaluations` and `comments`. What it
holds, and from where:

- context and fundamental principles: the manifest's facts, one answer per question the manifest
  says something about; a question it is silent on (codes of conduct, rights of access, ...) has no
  answer, so the tool shows it as still to write;
- findings: a comment on the question of their principle (plain text, as comments are), and every
  rule that failed is a measure of 3.1 whose content is the rule's remediation and the affected
  resources;
- risks 3.2-3.4 (illegitimate access, unwanted modification, disappearance): the threats are the
  failed rules linked to the scenario, the controls the measures that remedy them, severity and
  likelihood the report's own scoring of the program as found (the text says how it was derived);
  impacts and risk sources are left to the DPO;
- evaluations: the DPO's. An item whose answers are complete is submitted for evaluation the way
  the tool does it (evaluations with status 0, "to be evaluated"); nothing is evaluated here, and
  the DPO's opinion, the data subjects' opinion and the validation are left empty.

The format follows the tool's import code (pia.service.ts `importData`) and its questionnaire
(pia_architecture.json) in LINCnil/pia v4.1; tests/pia_import.py reads files the way that code does.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from compliance.errors import InputError
from compliance.export.common import as_map, as_maps, declared, mechanism, strings, words
from compliance.findings import Finding
from compliance.report import principles, risk
from compliance.runner import Run

PIA_ID = 1  # the id the file gives its PIA; the tool assigns its own on import
MEASURE_PLACEHOLDER = "measures.default_placeholder"  # the tool's placeholder key for measures a user adds
EXAMPLES = 5  # affected resources listed per rule in a measure or a comment; the rest counted
PENDING = 0  # Evaluation.status 0: to be evaluated ("pending"); global_status 0: no evaluation yet

# The questionnaire of pia_architecture.json: (section, item) -> evaluation mode and its questions' answer types.
ITEMS: dict[tuple[int, int], tuple[str, tuple[tuple[int, str], ...]]] = {
    (1, 1): ("item", ((111, "text"), (112, "text"), (113, "text"))),
    (1, 2): ("item", ((121, "text"), (122, "text"), (123, "text"))),
    (2, 1): ("question", tuple((question, "text") for question in range(211, 216))),
    (2, 2): ("question", tuple((question, "text") for question in range(221, 228))),
    **{(3, item): ("item", ((item * 10 + 301, "list"), (item * 10 + 302, "list"), (item * 10 + 303, "list"),
                            (item * 10 + 304, "list"), (item * 10 + 305, "gauge"), (item * 10 + 306, "gauge")))
       for item in (2, 3, 4)},
}
MEASURES_ITEM = (3, 1)  # is_measure: one evaluation per measure, "3.1.<measure id>"
SCENARIO_ITEM = {"illegitimate_access": 2, "unwanted_modification": 3, "disappearance": 4}
GAUGE_NAMES = {1: "negligible", 2: "limited", 3: "significant", 4: "maximum"}

# Where a finding is commented: the question of its principle (compliance.report.principles sections).
SECTION_QUESTION = {"lawfulness": 212, "employment": 212, "purpose_limitation": 211, "minimisation": 213,
                    "storage_limitation": 215, "transparency": 221, "rights": 225, "processors": 226,
                    "transfers": 227}
RULE_QUESTION = {"GDPR-PR-004": 214, "GDPR-LB-005": 222, "GDPR-LB-006": 222}


@dataclass(frozen=True)
class PiaInput:
    """One program and what the run found about it."""

    program: Mapping[str, Any]
    manifest: str  # the file it was read from
    findings: tuple[Finding, ...]
    evaluated_rules: tuple[str, ...]
    tool_version: str
    policy_digest: str
    as_of: str
    datasets: tuple[Mapping[str, Any], ...]


def select(run: Run, program_id: str | None) -> PiaInput:
    """The one program a PIA is about (`--program` when the paths hold several) and its findings."""
    documents = run.inputs.of_kind("Program")
    ids = sorted(str(document.id) for document in documents)
    if not documents:
        raise InputError("no Program document under the given paths: the PIA describes one program's processing")
    if program_id is None and len(documents) > 1:
        raise InputError(f"the paths hold {len(documents)} programs ({', '.join(ids)}): choose one with --program ID "
                         "(the PIA tool takes one DPIA per file)")
    chosen = [d for d in documents if program_id is None or d.id == program_id]
    if not chosen:
        raise InputError(f"--program {program_id}: no such program under the given paths (found: {', '.join(ids)})")
    document = chosen[0]
    own = str(document.id)
    datasets = tuple(d for d in run.engine_input["datasets"] if len(documents) == 1 or d.get("program") == own)
    owners = {str(d.get("id")): str(d.get("program")) for d in datasets}
    findings = tuple(f for f in run.result.findings if len(documents) == 1 or _owner(f.resource, owners) == own)
    result = run.result
    return PiaInput(document.value, document.path, findings, tuple(sorted({meta.id for meta in result.rules})),
                    result.tool_version, result.policy_digest, result.as_of, datasets)


def _owner(resource: str, dataset_programs: Mapping[str, str]) -> str | None:
    kind, _, rest = resource.partition(":")
    if kind == "program":
        return rest
    if kind == "dataset":
        return dataset_programs.get(rest)
    return rest.split("/")[0] if "/" in rest else None


def encode(pia: Mapping[str, Any]) -> bytes:
    return (json.dumps(pia, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build(source: PiaInput, instant: datetime.datetime) -> dict[str, Any]:
    stamp = instant.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    program = source.program
    metadata = as_map(program.get("metadata"))
    groups = principles.group_by_rule(source.findings, EXAMPLES)
    measures = [_measure(number, group, stamp) for number, group in enumerate(groups, start=1)]
    titles = {group["package"]: measure["title"] for group, measure in zip(groups, measures, strict=True)}
    texts = {**_context(source), **_principles(program)}
    answers: list[dict[str, Any]] = [
        _answer(question, {"text": text, "gauge": None, "list": []}, stamp) for question, text in sorted(texts.items())]
    assessment = risk.assessment([program], source.findings, source.evaluated_rules)
    for scenario in assessment["scenarios"]:
        item = SCENARIO_ITEM.get(scenario["key"])
        if item is not None:
            answers.extend(_risk_answers(item, scenario, groups, titles, stamp))
    answers = [{**answer, "id": number} for number, answer in enumerate(answers, start=1)]
    return {
        "pia": {
            "id": PIA_ID,
            "name": str(metadata.get("name") or metadata.get("id") or ""),
            "category": None,
            "status": 0,  # 0: in progress
            "author_name": str(metadata["owner"]) if declared(metadata.get("owner")) else None,
            "evaluator_name": None,
            "validator_name": None,
            "dpo_status": None,
            "dpo_opinion": None,
            "dpos_names": None,
            "concerned_people_searched_opinion": None,
            "concerned_people_searched_content": None,
            "concerned_people_opinion": None,
            "concerned_people_status": None,
            "people_names": None,
            "rejection_reason": None,
            "applied_adjustments": None,
            "is_example": 0,
            "is_archive": 0,
            "structure_id": None,
            "structure_name": None,
            "structure_sector_name": None,
            "structure_data": None,
            "created_at": stamp,
            "updated_at": stamp,
        },
        "answers": answers,
        "measures": measures,
        "evaluations": _evaluations(answers, measures, stamp),
        "comments": _comments(groups, titles, stamp),
    }


def _answer(question: int, data: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    return {"pia_id": PIA_ID, "reference_to": question, "data": dict(data), "created_at": stamp, "updated_at": stamp}


# --- HTML answers (the tool's rich-text fields); every input string is escaped -------------------------

def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _ul(lines: Iterable[str]) -> str:
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


def _context(source: PiaInput) -> dict[int, str]:
    program = source.program
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
        texts[111] = (_p(f"{name}: {description}" if declared(description) else name) + _ul(overview)
                      + _p(f"Drafted by compliance {source.tool_version} from {source.manifest} as of {source.as_of} "
                           f"(policy digest {source.policy_digest[:16]}); the evaluation is the DPO's."))
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
        texts[112] = _ul(duties)
    categories = [_category(c) for c in as_maps(program.get("data_categories"))]
    readers = [f"{r.get('group', '')}" + (f" ({words(r['size'])} people)" if isinstance(r.get("size"), int) else "")
               for r in as_maps(as_map(program.get("access")).get("readers"))]
    if categories or readers:
        texts[121] = (_p("Data categories:") + _ul(categories) if categories else "") + (
            _p("Who can read them:") + _ul(readers) if readers else "")
    lifecycle = _lifecycle(program)
    if lifecycle:
        texts[122] = _ul(lifecycle)
    assets = [f"{loc.get('system', '')} ({loc.get('country', '')})"
              for loc in as_maps(as_map(program.get("storage")).get("locations"))]
    if source.datasets:
        countries = sorted({str(as_map(d.get("location")).get("country", "unknown")) for d in source.datasets})
        assets.append(f"{len(source.datasets):,} datasets in the storage inventories "
                      f"(countries: {', '.join(countries)})")
    assets += [f"{p.get('service', '')} ({p.get('name', '')})" for p in as_maps(program.get("processors"))
               if declared(p.get("service"))]
    if assets:
        texts[123] = _ul(assets)
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


def _principles(program: Mapping[str, Any]) -> dict[int, str]:
    purposes = as_maps(program.get("purposes"))
    categories = as_maps(program.get("data_categories"))
    capture = as_map(as_map(program.get("program")).get("capture"))
    texts: dict[int, str] = {}
    stated = [f"{p.get('id', '')}" + (f": {p['description']}" if declared(p.get("description")) else "")
              + (f" (category: {words(p['category'])})" if declared(p.get("category")) else "")
              + (f"; never used for: {', '.join(words(u) for u in strings(p.get('prohibited_secondary_uses')))}"
                 if strings(p.get("prohibited_secondary_uses")) else "") for p in purposes]
    if stated:
        texts[211] = _ul(stated)
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
        texts[212] = _ul(bases)
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
        texts[213] = _ul(minimisation)
    accuracy = [f"{c.get('id', '')}: {', '.join(strings(c.get('accuracy_controls')))}"
                for c in categories if strings(c.get("accuracy_controls"))]
    if accuracy:
        texts[214] = _ul(accuracy)
    kept = [f"{c.get('id', '')}: {words(c['retention_days'])} days"
            + (f" ({c['retention_justification']})" if declared(c.get("retention_justification")) else "")
            for c in categories if isinstance(c.get("retention_days"), int)]
    unset = [str(c.get("id", "")) for c in categories if not isinstance(c.get("retention_days"), int)]
    retention = as_map(program.get("retention"))
    kept += _facts([("Deleted automatically", retention.get("auto_deletion")),
                    ("Retention schedule", retention.get("schedule_ref"))])
    if kept:
        texts[215] = _ul(kept) + (_p(f"No retention period declared for: {', '.join(unset)}.") if unset else "")
    transparency = as_map(program.get("transparency"))
    notice, third = as_map(transparency.get("notice")), as_map(transparency.get("third_party_notice"))
    informed = _facts([("Notice given", notice.get("provided")), ("Date", notice.get("date")),
                       ("Channels", notice.get("channels")), ("It tells", notice.get("contents")),
                       ("Plain language", notice.get("plain_language")), ("Layered", notice.get("layered")),
                       ("Notice to third parties needed", third.get("needed")),
                       ("Approach to third parties", third.get("approach"))])
    if informed:
        texts[221] = _ul(informed)
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
        texts[222] = _ul(consented)
    rights = as_map(program.get("rights"))
    objection, opt_out = as_map(rights.get("objection")), as_map(rights.get("opt_out"))
    objecting = _facts([("Objection", objection.get("mechanism")),
                        ("Answered within (days)", objection.get("response_days")),
                        ("Compelling grounds logged", objection.get("compelling_grounds_log")),
                        ("Opt-out at launch", opt_out.get("available_at_launch")),
                        ("Opt-out scope", opt_out.get("scope"))])
    if objecting:
        texts[225] = _ul(objecting)
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
        texts[226] = _ul(processors)
    elif isinstance(program.get("processors"), list):
        texts[226] = _p("The manifest declares no processor.")
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
        texts[227] = _ul(transfers)
    elif isinstance(program.get("transfers"), list):
        texts[227] = _p("The manifest declares no transfer outside the European Union.")
    return texts


# --- measures, risks, comments, evaluations --------------------------------------------------------------

def _measure(number: int, group: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    counted = f"{group['count']:,} finding{'s' if group['count'] != 1 else ''}"
    if group["waived"]:
        counted += f", {group['waived']:,} waived"
    examples = [f"{f['resource']}: {f['message']}" + (f" ({f['location']})" if f["location"] else "")
                for f in group["findings"]]
    content = (_p(group["remediation"])
               + _p(f"Remedies {group['rule']} ({group['severity']}; {counted}): {group['title']}. "
                    f"Legal references: {'; '.join(group['legal'])}.")
               + _ul(examples)
               + (_p(f"... and {group['more']:,} more (compliance check --format json lists them all).")
                  if group["more"] else ""))
    return {"id": number, "pia_id": PIA_ID, "title": f"Remedy {group['rule']}: {group['title']}", "content": content,
            "placeholder": MEASURE_PLACEHOLDER, "created_at": stamp, "updated_at": stamp}


def _risk_answers(item: int, scenario: Mapping[str, Any], groups: Sequence[Mapping[str, Any]],
                  titles: Mapping[str, str], stamp: str) -> list[dict[str, Any]]:
    base = 300 + item * 10
    linked = set(scenario["linked_rules"])
    failed = [g for g in groups if g["rule"] in linked]
    answers = []
    if failed:
        answers.append(_answer(base + 2, {"text": None, "gauge": None,
                                          "list": [f"{g['rule']}: {g['title']}" for g in failed]}, stamp))
        answers.append(_answer(base + 4, {"text": None, "gauge": None,
                                          "list": list(dict.fromkeys(titles[g["package"]] for g in failed))}, stamp))
    inherent, residual = scenario["inherent"], scenario["residual"]
    modifiers = scenario["modifiers"]
    severity = [f"base {scenario['base_severity']} for this scenario"]
    if modifiers["sensitive"]:
        severity.append("+1: special-category or sensitive data involved")
    if modifiers["identifiable"]:
        severity.append("+1: data subjects directly identifiable (no pseudonymisation)")
    if modifiers["encrypted"]:
        severity.append("-1: encrypted at rest with managed keys")
    likelihood = [f"base {scenario['base_likelihood']} for this scenario"]
    likelihood += [f"+1: {rule} failed at critical severity" for rule in modifiers["raised_by"]]
    if modifiers["tested"]:
        likelihood.append("-1: access controls independently tested")
    for offset, key, reasons in ((5, "severity", severity), (6, "likelihood", likelihood)):
        value = int(inherent[key])
        text = (_p(f"Estimated by compliance from the manifest and the findings, as the program stands: "
                   f"{key} {value} of 4 ({GAUGE_NAMES[value]}).")
                + _ul(reasons)
                + _p(f"Once every measure of 3.1 is in place, the same scoring gives {residual[key]} of 4 "
                     f"({GAUGE_NAMES[int(residual[key])]}). The DPO's evaluation may set other values."))
        answers.append(_answer(base + offset, {"text": text, "gauge": value, "list": []}, stamp))
    return answers


def _comments(groups: Sequence[Mapping[str, Any]], titles: Mapping[str, str], stamp: str) -> list[dict[str, Any]]:
    comments = []
    for group in groups:
        question = RULE_QUESTION.get(group["rule"], SECTION_QUESTION.get(group["section"]))
        if question is None:
            continue  # security, accountability and other rules: their measures and the risks carry them
        plural = "s" if group["count"] != 1 else ""
        lines = [f"{group['rule']} ({group['severity']}, {group['count']:,} finding{plural}): {group['title']}"]
        lines += [f"- {f['message']}" + (f" ({f['location']})" if f["location"] else "") for f in group["findings"]]
        if group["more"]:
            lines.append(f"- ... and {group['more']:,} more")
        lines.append(f"Legal references: {'; '.join(group['legal'])}. Measure: {titles[group['package']]}.")
        comments.append({"pia_id": PIA_ID, "reference_to": question, "for_measure": False,
                         "description": "\n".join(lines), "created_at": stamp, "updated_at": stamp})
    return [{**comment, "id": number} for number, comment in enumerate(comments, start=1)]


def _complete(answer: Mapping[str, Any] | None, answer_type: str) -> bool:
    """What the tool counts as answered (global-evaluation.service.ts answerIsValid)."""
    if answer is None:
        return False
    data = answer["data"]
    if answer_type == "gauge":
        return bool(data.get("text")) and isinstance(data.get("gauge"), int) and data["gauge"] > 0
    if answer_type == "list":
        return bool(data.get("list"))
    return bool(data.get("text"))


def _evaluations(answers: Sequence[Mapping[str, Any]], measures: Sequence[Mapping[str, Any]],
                 stamp: str) -> list[dict[str, Any]]:
    """The tool's "ask for an evaluation" for each item whose answers are complete: status 0, to be evaluated."""
    by_question = {answer["reference_to"]: answer for answer in answers}
    references = []
    for (section, item), (mode, questions) in ITEMS.items():
        if not all(_complete(by_question.get(question), kind) for question, kind in questions):
            continue
        if mode == "item":
            references.append(f"{section}.{item}")
        else:
            references.extend(f"{section}.{item}.{question}" for question, _ in questions)
    section, item = MEASURES_ITEM
    references.extend(f"{section}.{item}.{measure['id']}" for measure in measures)
    return [{"id": number, "pia_id": PIA_ID, "reference_to": reference, "status": PENDING, "global_status": PENDING,
             "action_plan_comment": None, "evaluation_comment": None, "evaluation_date": None, "gauges": None,
             "estimated_implementation_date": None, "person_in_charge": None, "created_at": stamp,
             "updated_at": stamp} for number, reference in enumerate(references, start=1)]
