"""A faithful Python reading of how the CNIL PIA tool imports a PIA file ("Import a PIA"), for the tests.

Read from https://github.com/LINCnil/pia at commit 44dd3138cde72251fba29e3b6bfd7bac3fa9fbe1
(v4.1.0-6, package.json 4.1.0):

- src/app/services/pia.service.ts: `import(file)` (FileReader, JSON.parse) -> `importData(data, 'IMPORT',
  false)`: `if (!data.pia) reject`; copies the PIA's fields listed in PIA_FIELDS (everything else in
  `data.pia` is ignored: its id, progress, is_example, lock_version, ...); name becomes
  "(IMPORT) " + name; status = parseInt(status, 10), NaN -> 0; created_at/updated_at through
  `new Date()`; structure fields only when `data.pia.structure_id` is truthy; `user_pias` only when
  signed in to a server. Then, awaited: `importAnswers` (answers.forEach: reference_to, data,
  created_at, updated_at), `importMeasures` (`data.measures.length`, then measures.forEach: title,
  content, placeholder, dates; each gets a new id) and `importComments` (comments.forEach:
  description, reference_to, for_measure, dates; reference_to is never remapped). A TypeError in any
  of these rejects the import ("wrong PIA file" dialog in entries.component.ts).
- `importEvaluations` is called from importMeasures once every measure is created, and is NOT
  awaited: `for (const evaluation of data.evaluations)` and `reference_to.startsWith('3.1')` throwing
  loses the remaining evaluations silently while the import succeeds. A "3.1.<old measure id>"
  reference is rewritten to the measure's new id. Copied: status, reference_to,
  action_plan_comment, evaluation_comment, evaluation_date (when truthy), gauges,
  estimated_implementation_date (when truthy), person_in_charge, global_status, dates.
- `calculPiaProgress` -> sid-status.service.ts `setSidStatus` for every item of
  src/assets/files/pia_architecture.json whose evaluation_mode is 'item' or 'question', and 4.3;
  global-evaluation.service.ts `validate` -> `answersVerification`, `evaluationsVerification`,
  `verification` (answerIsValid by the question's answer_type; measures need title and content),
  `dpoValidation` for 4.3; `setPiaProgress` adds 3.75 points (2 for 4.3) per step.

IndexedDB keys answers, comments and evaluations by [pia_id, reference_to]: an answer's
reference_to must be the question's number (111, not "111") for the questionnaire to find it.

QUESTIONNAIRE is transcribed here (ids, answer types, evaluation modes) from pia_architecture.json;
it is not imported from the code under test. Checked by hand against the tool's own files at that
commit: its example PIA (src/assets/files/2018-02-21-pia-example.json, validated) reads back with
every item validated and progress 100, and its end-to-end fixture (cypress/fixtures/pia.json) with
progress 96, the value that file records, and its one evaluation the tool cannot show
("3.1.[object Object]") reported as lost.
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass, field
from typing import Any

PIA_FIELDS = ("category", "dpo_status", "dpo_opinion", "concerned_people_opinion", "concerned_people_status",
              "concerned_people_searched_opinion", "concerned_people_searched_content", "rejection_reason",
              "applied_adjustments", "dpos_names", "people_names", "author_name", "evaluator_name", "validator_name")


@dataclass(frozen=True)
class Item:
    section: int
    item: int
    mode: str  # 'item', 'question' or '' (not evaluated)
    questions: tuple[tuple[int, str], ...] = ()  # (id, answer_type)
    is_measure: bool = False
    with_gauge: bool = False

    @property
    def reference(self) -> str:
        return f"{self.section}.{self.item}"


def _risk(item: int) -> Item:
    base = 300 + 10 * item
    return Item(3, item, "item", ((base + 1, "list"), (base + 2, "list"), (base + 3, "list"), (base + 4, "list"),
                                  (base + 5, "gauge"), (base + 6, "gauge")), with_gauge=True)


QUESTIONNAIRE = (
    Item(1, 1, "item", ((111, "text"), (112, "text"), (113, "text"))),
    Item(1, 2, "item", ((121, "text"), (122, "text"), (123, "text"))),
    Item(2, 1, "question", ((211, "text"), (212, "text"), (213, "text"), (214, "text"), (215, "text"))),
    Item(2, 2, "question", ((221, "text"), (222, "text"), (223, "text"), (224, "text"), (225, "text"),
                            (226, "text"), (227, "text"))),
    Item(3, 1, "question", is_measure=True),
    _risk(2), _risk(3), _risk(4),
    Item(3, 5, ""), Item(4, 1, ""), Item(4, 2, ""), Item(4, 3, ""), Item(4, 4, ""), Item(4, 5, ""),
)
QUESTION_IDS = frozenset(question for item in QUESTIONNAIRE for question, _ in item.questions)


class Rejected(Exception):
    """The tool refuses the file (or its promise rejects): the "wrong PIA file" dialog."""


@dataclass
class Imported:
    pia: dict[str, Any]
    answers: list[dict[str, Any]]
    measures: list[dict[str, Any]]
    evaluations: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    item_status: dict[str, int] = field(default_factory=dict)
    progress: float = 0.0
    lost: list[str] = field(default_factory=list)  # what the tool drops silently, or stores but never shows


def _js_string(value: Any, present: bool) -> str:
    if not present:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _js_truthy(value: Any) -> bool:
    return not (value is None or value is False or value == 0 or value == "" or
                (isinstance(value, float) and math.isnan(value)))


def _js_date(node: dict[str, Any], key: str, what: str, lost: list[str]) -> datetime.datetime | None:
    """`new Date(node[key])`: null is 1970-01-01; undefined or an unparsable string is an Invalid Date,
    which the tool stores and shows as such."""
    value = node.get(key)
    if key in node and value is None:
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    lost.append(f"{what}: new Date({value!r}) is an Invalid Date")
    return None


def _parse_int(value: Any) -> int:
    """parseInt(value, 10), NaN -> 0 (pia.service.ts)."""
    text = _js_string(value, True).strip()
    digits = ""
    for index, char in enumerate(text):
        if char.isdigit() or (index == 0 and char in "+-"):
            digits += char
        else:
            break
    try:
        return int(digits)
    except ValueError:
        return 0


def _for_each(value: Any, what: str) -> list[Any]:
    """`value.forEach(...)`: only an array has forEach; anything else is a TypeError (a rejection)."""
    if not isinstance(value, list):
        raise Rejected(f"TypeError: {what}.forEach is not a function")
    return value


def import_pia(text: str | bytes, first_measure_id: int = 1001) -> Imported:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise Rejected(f"JSON.parse: {error}") from None
    if not isinstance(data, dict) or not _js_truthy(data.get("pia")):
        raise Rejected("wrong pia file")  # `if (!data.pia)` (null or a non-object file fails there too)
    lost: list[str] = []
    source = data["pia"] if isinstance(data["pia"], dict) else {}  # a truthy non-object: every field undefined
    pia: dict[str, Any] = {"id": 1, "is_example": 0, "is_archive": 0}
    pia["name"] = "(IMPORT) " + _js_string(source.get("name"), "name" in source)
    for name in PIA_FIELDS:
        pia[name] = source.get(name)
    if _js_truthy(source.get("structure_id")):
        for name in ("structure_id", "structure_data", "structure_name", "structure_sector_name"):
            pia[name] = source.get(name)
    pia["status"] = _parse_int(source.get("status"))
    pia["created_at"] = _js_date(source, "created_at", "pia.created_at", lost)
    if _js_truthy(source.get("updated_at")):
        pia["updated_at"] = _js_date(source, "updated_at", "pia.updated_at", lost)

    answers = []
    for answer in _for_each(data.get("answers"), "answers"):
        if not isinstance(answer, dict):
            raise Rejected("TypeError: cannot read properties of an answer that is not an object")
        answers.append({"pia_id": 1, "reference_to": answer.get("reference_to"), "data": answer.get("data"),
                        "created_at": _js_date(answer, "created_at", "answer.created_at", lost)})
        if answer.get("reference_to") not in QUESTION_IDS:  # a number, as the questionnaire's ids are
            lost.append(f"answer to {answer.get('reference_to')!r}: no such question, never shown")

    raw_measures = data.get("measures")
    if raw_measures is None or (isinstance(raw_measures, str) and raw_measures):
        raise Rejected("TypeError: data.measures.length / forEach")
    measures, new_ids = [], {}
    for number, measure in enumerate(raw_measures if isinstance(raw_measures, list) else [], start=first_measure_id):
        if not isinstance(measure, dict):
            raise Rejected("TypeError: cannot read properties of a measure that is not an object")
        new_ids[str(measure.get("id"))] = number  # oldIdToNewId[measure.id] = id
        measures.append({"id": number, "pia_id": 1, "title": measure.get("title"), "content": measure.get("content"),
                         "placeholder": measure.get("placeholder"),
                         "created_at": _js_date(measure, "created_at", "measure.created_at", lost)})

    evaluations = _evaluations(data.get("evaluations"), new_ids, lost)
    comments = []
    for comment in _for_each(data.get("comments"), "comments"):
        if not isinstance(comment, dict):
            raise Rejected("TypeError: cannot read properties of a comment that is not an object")
        comments.append({"pia_id": 1, "description": comment.get("description"),
                         "reference_to": comment.get("reference_to"), "for_measure": comment.get("for_measure")})
        if comment.get("for_measure") is not True and comment.get("reference_to") not in QUESTION_IDS:
            lost.append(f"comment on {comment.get('reference_to')!r}: no such question, never shown")
    imported = Imported(pia, answers, measures, evaluations, comments, lost=lost)
    _progress(imported)
    return imported


def _evaluations(raw: Any, new_ids: dict[str, int], lost: list[str]) -> list[dict[str, Any]]:
    """importEvaluations: not awaited, so a TypeError loses the rest silently instead of rejecting."""
    if not isinstance(raw, list):
        lost.append("evaluations: not iterable, all lost")
        return []
    evaluations = []
    for index, evaluation in enumerate(raw):
        reference = evaluation.get("reference_to") if isinstance(evaluation, dict) else None
        if not isinstance(reference, str):
            lost.append(f"evaluations[{index}:]: reference_to.startsWith is not a function, these are lost")
            break
        if reference.startswith("3.1"):
            parts = reference.split(".")
            if len(parts) > 2 and parts[2] in new_ids:
                reference = f"3.1.{new_ids[parts[2]]}"
            elif len(parts) > 2:
                lost.append(f"evaluation {reference}: no measure with that id, never shown")
        evaluations.append({
            "pia_id": 1, "reference_to": reference, "status": evaluation.get("status"),
            "global_status": evaluation.get("global_status"), "gauges": evaluation.get("gauges"),
            "action_plan_comment": evaluation.get("action_plan_comment"),
            "evaluation_comment": evaluation.get("evaluation_comment"),
            "person_in_charge": evaluation.get("person_in_charge"),
        })
    return evaluations


# --- calculPiaProgress: the status of every item as the tool computes it after the import ----------------

def _answer_valid(answer: dict[str, Any], item: Item) -> bool:
    data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
    assert isinstance(data, dict)
    kinds = [kind for question, kind in item.questions if question == _parse_int(answer.get("reference_to"))]
    if len(kinds) != 1:
        return False
    text, gauge, listed = data.get("text"), data.get("gauge"), data.get("list")
    if kinds[0] == "gauge":
        return bool(text) and isinstance(gauge, int | float) and gauge > 0
    if kinds[0] == "list":
        return bool(listed)
    return bool(text)


def _evaluation_valid(evaluation: dict[str, Any], item: Item) -> bool:
    status = evaluation.get("status")
    if status == 1:
        return bool(evaluation.get("evaluation_comment"))
    if status == 2:
        if item.mode == "question":
            return bool(evaluation.get("action_plan_comment"))
        gauges = evaluation.get("gauges") or {}
        return (item.mode == "item" and item.with_gauge and gauges.get("x", 0) > 0 and gauges.get("y", 0) > 0
                and bool(evaluation.get("action_plan_comment")))
    return status == 3


def _item_status(imported: Imported, item: Item) -> int:
    by_reference: dict[str, dict[str, Any]] = {}
    for evaluation in imported.evaluations:  # getByReference: the first one found
        by_reference.setdefault(str(evaluation["reference_to"]), evaluation)
    if item.is_measure:
        expected: list[Any] = imported.measures
        given = [m for m in imported.measures if m.get("title") and m.get("content")]
        evaluations = [by_reference[f"{item.reference}.{m['id']}"] for m in imported.measures
                       if f"{item.reference}.{m['id']}" in by_reference]
        valid = given
    else:
        expected = list(item.questions)
        answers = {}
        for answer in imported.answers:  # getByReferenceAndPia(pia.id, question.id): the number itself
            answers.setdefault(answer["reference_to"], answer)
        given = [answers[question] for question, _ in item.questions if question in answers]
        if item.mode == "item":
            evaluations = [by_reference[item.reference]] if item.reference in by_reference else []
        else:
            evaluations = [by_reference[f"{item.reference}.{a['reference_to']}"] for a in given
                           if f"{item.reference}.{a['reference_to']}" in by_reference]
        valid = [a for a in given if _answer_valid(a, item)]
    if not (given and len(valid) == len(expected)):
        return 1 if given else 0
    if not evaluations:
        return 2
    if all((e.get("status") or 0) > 0 for e in evaluations):  # JS: undefined > 0 is false
        if all((e.get("status") or 0) > 1 and e.get("global_status") == 2 for e in evaluations):
            return 8 if imported.pia["status"] >= 2 else 7
        if any(e.get("status") == 1 and e.get("global_status") == 1 for e in evaluations):
            return 3
        return 6 if all(_evaluation_valid(e, item) for e in evaluations) else 5
    return 4 if all(e.get("status") == 0 and e.get("status") is not False for e in evaluations) else 5


def _dpo_status(pia: dict[str, Any]) -> int:
    dpo = bool(pia.get("dpos_names")) and pia.get("dpo_status") in (0, 1) and bool(pia.get("dpo_opinion"))
    searched = pia.get("concerned_people_searched_opinion")
    people = ((searched is False and bool(pia.get("concerned_people_searched_content")))
              or (searched is True and bool(pia.get("people_names"))
                  and pia.get("concerned_people_status") in (0, 1) and bool(pia.get("concerned_people_opinion"))))
    if dpo and people:
        return 8 if pia["status"] > 1 else 7
    return 0


def _progress(imported: Imported) -> None:
    progress = 4.0 if imported.pia["status"] > 0 else 0.0
    for item in QUESTIONNAIRE:
        if item.mode in ("item", "question"):
            status, points = _item_status(imported, item), 3.75
        elif item.reference == "4.3":
            status, points = _dpo_status(imported.pia), 2.0
        else:
            continue
        imported.item_status[item.reference] = status
        progress += points if 1 <= status < 5 else points * 2 if status in (5, 6) else points * 3 if status >= 7 else 0
    imported.progress = min(progress, 100.0)
