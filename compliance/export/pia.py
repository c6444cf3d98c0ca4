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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compliance.catalog import RuleMeta
from compliance.errors import InputError
from compliance.export import pia_answers
from compliance.export.common import as_map, declared
from compliance.export.pia_answers import p, ul
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


@dataclass(frozen=True)
class PiaInput:
    """One program and what the run found about it."""

    program: Mapping[str, Any]
    manifest: str  # the file it was read from
    findings: tuple[Finding, ...]
    evaluated_rules: tuple[str, ...]
    rules: Mapping[str, RuleMeta]  # package -> the rule's metadata (its DPIA placement)
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
                    run.rules, result.tool_version, result.policy_digest, result.as_of, datasets)


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
    groups = principles.group_by_rule(source.findings, EXAMPLES, source.rules)
    measures = [_measure(number, group, stamp) for number, group in enumerate(groups, start=1)]
    titles = {group["package"]: measure["title"] for group, measure in zip(groups, measures, strict=True)}
    provenance = (f"Drafted by compliance {source.tool_version} from {source.manifest} as of {source.as_of} "
                  f"(policy digest {source.policy_digest}); the evaluation is the DPO's.")
    texts = {**pia_answers.context(program, source.datasets, provenance), **pia_answers.principles(program)}
    answers: list[dict[str, Any]] = [
        _answer(question, {"text": text, "gauge": None, "list": []}, stamp) for question, text in sorted(texts.items())]
    assessment = risk.assessment([program], source.findings, source.evaluated_rules, source.rules.values())
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
        "comments": _comments(groups, titles, source.rules, stamp),
    }


def _answer(question: int, data: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    return {"pia_id": PIA_ID, "reference_to": question, "data": dict(data), "created_at": stamp, "updated_at": stamp}


# --- measures, risks, comments, evaluations --------------------------------------------------------------

def _measure(number: int, group: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    counted = f"{group['count']:,} finding{'s' if group['count'] != 1 else ''}"
    if group["waived"]:
        counted += f", {group['waived']:,} waived"
    examples = [f"{f['resource']}: {f['message']}" + (f" ({f['location']})" if f["location"] else "")
                for f in group["findings"]]
    content = (p(group["remediation"])
               + p(f"Remedies {group['rule']} ({group['severity']}; {counted}): {group['title']}. "
                    f"Legal references: {'; '.join(group['legal'])}.")
               + ul(examples)
               + (p(f"... and {group['more']:,} more (compliance check --format json lists them all).")
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
        text = (p(f"Estimated by compliance from the manifest and the findings, as the program stands: "
                   f"{key} {value} of 4 ({GAUGE_NAMES[value]}).")
                + ul(reasons)
                + p(f"Once every measure of 3.1 is in place, the same scoring gives {residual[key]} of 4 "
                     f"({GAUGE_NAMES[int(residual[key])]}). The DPO's evaluation may set other values."))
        answers.append(_answer(base + offset, {"text": text, "gauge": value, "list": []}, stamp))
    return answers


def _comments(groups: Sequence[Mapping[str, Any]], titles: Mapping[str, str], rules: Mapping[str, RuleMeta],
              stamp: str) -> list[dict[str, Any]]:
    comments = []
    for group in groups:
        meta = rules.get(group["package"])
        question = (meta.dpia.pia_question if meta else None) or SECTION_QUESTION.get(group["section"])
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
