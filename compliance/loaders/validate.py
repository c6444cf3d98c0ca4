"""Schema validation (JSON Schema 2020-12, one per kind) and cross-reference checks."""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from compliance import resources
from compliance.errors import Problem
from compliance.loaders.document import Document, PathKey, format_path

KINDS = tuple(resources.SCHEMA_FILES)


@cache
def strict_schema(kind: str) -> dict[str, Any]:
    """The kind's schema as shipped, which documents are validated against once the loader has
    left out every null (loaders/yaml_json.py: null means "not declared")."""
    with resources.schema_path(kind).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@cache
def schema(kind: str) -> dict[str, Any]:
    """The kind's schema as published (`compliance schema KIND`, editors): the shipped one where
    every optional field and every list item also accepts null, as the tool does, so that an
    editor accepts exactly what `compliance validate` accepts."""
    return _nullable(copy.deepcopy(strict_schema(kind)))


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    """node, where every optional property, `additionalProperties` value and list item may be null."""
    result = dict(node)
    for key in ("$defs", "properties", "patternProperties"):
        if isinstance(result.get(key), dict):
            result[key] = {name: _nullable(sub) for name, sub in result[key].items()}
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        if isinstance(result.get(key), list):
            result[key] = [_nullable(sub) for sub in result[key]]
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains"):
        if isinstance(result.get(key), dict):
            result[key] = _nullable(result[key])
    if isinstance(result.get("properties"), dict):
        required = set(result.get("required", ()))
        result["properties"] = {name: sub if name in required else _or_null(sub)
                                for name, sub in result["properties"].items()}
    for key in ("items", "additionalProperties"):
        if isinstance(result.get(key), dict):
            result[key] = _or_null(result[key])
    return result


def _or_null(sub: dict[str, Any]) -> dict[str, Any]:
    kind = sub.get("type")
    if "const" in sub or (kind is None and not sub.get("enum")):
        # A $ref, a const or a combination: null as a second alternative, the notes kept outside.
        notes: dict[str, Any] = {key: sub[key] for key in ("title", "description") if key in sub}
        inner = {key: value for key, value in sub.items() if key not in notes}
        return {**notes, "anyOf": [inner, {"type": "null"}]}
    result = dict(sub)
    if kind is not None:
        types = kind if isinstance(kind, list) else [kind]
        result["type"] = types if "null" in types else [*types, "null"]
    if "enum" in result and None not in result["enum"]:
        result["enum"] = [*result["enum"], None]
    return result


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(strict_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _problem(document: Document, path: PathKey, message: str) -> Problem:
    position = document.locate(path)
    return Problem(document.path, position.line, position.column, format_path(path), message)


def show_value(value: Any) -> str:
    """A value of the input as JSON, shortened to 60 characters."""
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: ValidationError) -> list[tuple[PathKey, str]]:
    """The paths to point at and, for each, a message a person can act on that names the value refused."""
    path: PathKey = tuple(error.absolute_path)
    keyword = error.validator
    rule: Any = error.schema
    value: Any = error.validator_value
    instance: Any = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict) and isinstance(rule, dict):
        allowed = sorted(rule.get("properties", {}))
        return [((*path, name), f"unknown field '{name}'{_suggestion(name, allowed)}")
                for name in sorted(set(instance) - set(allowed))]
    if keyword == "uniqueItems" and isinstance(instance, list):
        repeated = _repeated_items(instance)
        if repeated:
            return [((*path, index), f"{show_value(instance[index])} is listed twice (first at "
                     f"{format_path((*path, first))}); each item may appear once") for index, first in repeated]
    return [(path, _message(str(keyword), value, instance, rule, error.message))]


def _message(keyword: str, value: Any, instance: Any, rule: Any, default: str) -> str:
    shown = show_value(instance)
    if keyword == "required":
        return default.replace("is a required property", "is required but not declared")
    if keyword == "enum":
        return f"{shown} is not allowed; expected one of: {', '.join(str(option) for option in value)}"
    if keyword == "type":
        return f"expected {' or '.join(value) if isinstance(value, list) else value}, got {shown}"
    if keyword == "format":
        return f"{shown} is not a valid {value} (ISO 8601 expected)"
    if keyword == "pattern" and isinstance(rule, dict) and rule.get("format") == "date-time":
        return f"{shown} is not an RFC 3339 date-time with a UTC offset (e.g. 2026-06-01T10:00:00Z)"
    if keyword == "pattern":
        return f"{shown} does not match the pattern {value}"
    if keyword == "const":
        return f"expected {show_value(value)}, got {shown}"
    bounds = {"minimum": "below the minimum of", "maximum": "above the maximum of",
              "exclusiveMinimum": "not above", "exclusiveMaximum": "not below"}
    if keyword in bounds:
        return f"{shown} is {bounds[keyword]} {value}"
    if keyword in ("minLength", "maxLength"):
        least = keyword == "minLength"
        if least and instance == "":
            return f'"" is empty; expected at least {_count(value, "character")}'
        return (f"{shown} is too {'short' if least else 'long'}; expected {'at least' if least else 'at most'} "
                f"{_count(value, 'character')}")
    if keyword in ("minItems", "maxItems", "minProperties", "maxProperties"):
        least = keyword.startswith("min")
        noun = "item" if keyword.endswith("Items") else "field"
        return (f"{shown} has {_count(len(instance), noun)}; expected {'at least' if least else 'at most'} "
                f"{_count(value, noun)}")
    if keyword == "multipleOf":
        return f"{shown} is not a multiple of {value}"
    # Other keywords: jsonschema's words, with the value as JSON rather than as Python writes it.
    said = default.removeprefix(f"{instance!r} ")
    return f"{shown} {said}" if said != default else f"{shown}: {default}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _suggestion(name: str, allowed: list[str]) -> str:
    hint = difflib.get_close_matches(name, allowed, n=1)
    return f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(allowed)}"


def _repeated_items(items: list[Any]) -> list[tuple[int, int]]:
    """(index, index of its first occurrence) for every item equal to an earlier one."""
    first: dict[str, int] = {}
    repeated = []
    for index, item in enumerate(items):
        key = json.dumps(item, sort_keys=True, default=str)
        if key in first:
            repeated.append((index, first[key]))
        else:
            first[key] = index
    return repeated


def _best_errors(errors: Iterable[ValidationError]) -> Iterable[ValidationError]:
    """For oneOf/anyOf, report the most relevant sub-error instead of the umbrella message."""
    for error in errors:
        if error.context:
            yield min(error.context, key=lambda sub: (-len(sub.absolute_path), str(sub.message)))
        else:
            yield error


def schema_problems(document: Document) -> list[Problem]:
    kind = document.kind
    if kind not in resources.SCHEMA_FILES:
        return [_problem(document, ("kind",), f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")]
    errors = sorted(_validator(kind).iter_errors(document.value), key=lambda e: list(map(str, e.absolute_path)))
    return [_problem(document, path, message) for error in _best_errors(errors) for path, message in _describe(error)]


def cross_reference_problems(documents: list[Document]) -> list[Problem]:
    """Identity and reference checks across the documents of one run."""
    problems: list[Problem] = []
    programs: dict[str, Document] = {}
    categories: dict[str, set[str]] = {}
    for document in documents:
        if document.kind != "Program" or document.id is None:
            continue
        if document.id in programs:
            problems.append(_problem(document, ("metadata", "id"), f"program {document.id!r} is defined twice "
                                     f"(also in {programs[document.id].path})"))
        programs[document.id] = document
        categories[document.id] = _program_categories(document, problems)
    seen_datasets: dict[str, str] = {}
    for document in documents:
        if document.kind != "StorageInventory":
            continue
        for index, dataset in enumerate(document.value.get("datasets", [])):
            _check_dataset(document, index, dataset, programs, seen_datasets, problems)
    return problems


def _program_categories(document: Document, problems: list[Problem]) -> set[str]:
    declared: set[str] = set()
    for index, category in enumerate(document.value.get("data_categories", [])):
        if category["id"] in declared:
            problems.append(_problem(document, ("data_categories", index, "id"),
                                     f"data category {category['id']!r} is declared twice"))
        declared.add(category["id"])
    for index, purpose in enumerate(document.value.get("purposes", [])):
        for ref_index, ref in enumerate(purpose.get("data_category_ids", [])):
            if ref not in declared:
                problems.append(_problem(document, ("purposes", index, "data_category_ids", ref_index),
                                         f"names data category {ref!r}, which data_categories does not declare"))
    return declared


def _check_dataset(
    document: Document,
    index: int,
    dataset: dict[str, Any],
    programs: dict[str, Document],
    seen: dict[str, str],
    problems: list[Problem],
) -> None:
    dataset_id = dataset["id"]
    if dataset_id in seen:
        problems.append(_problem(document, ("datasets", index, "id"),
                                 f"dataset {dataset_id!r} is listed twice (also in {seen[dataset_id]})"))
    seen[dataset_id] = document.path
    program = dataset.get("program")
    if program and program not in programs:
        known = ", ".join(sorted(programs)) or "none"
        problems.append(_problem(document, ("datasets", index, "program"),
                                 f"names program {program!r}, but no Program with that id was given "
                                 f"(programs given: {known}); pass its manifest too"))
