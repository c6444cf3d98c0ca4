"""Schema validation (JSON Schema 2020-12, one per kind) and cross-reference checks."""

from __future__ import annotations

import copy
import datetime
import difflib
import json
import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is imported when a document is refused, not for every run (0.04 s)
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
    from jsonschema import Draft202012Validator

    return Draft202012Validator(strict_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def format_conforms(value: Any, name: str) -> bool:
    """What jsonschema's format checker says of `value` under `format: name`, for the formats our schemas
    use, without importing jsonschema: `date` as jsonschema checks it, `date-time` with
    rfc3339-validator where it is installed (jsonschema checks it only then). Another format: jsonschema's
    own checker. tests/test_validate_fast.py holds the two to the same answers."""
    if name == "date":
        if not isinstance(value, str):
            return True
        try:
            return bool(_DATE.fullmatch(value) and datetime.date.fromisoformat(value))
        except ValueError:
            return False
    if name == "date-time":
        try:
            from rfc3339_validator import validate_rfc3339  # type: ignore[import-untyped, import-not-found, unused-ignore]
        except ImportError:
            return True
        return not isinstance(value, str) or bool(validate_rfc3339(value.upper()))
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator.FORMAT_CHECKER.conforms(value, name))


def _problem(document: Document, path: PathKey, message: str) -> Problem:
    position = document.locate(path)
    return Problem(document.path, position.line, position.column, format_path(path), message)


def show_value(value: Any) -> str:
    """A value of the input as JSON, shortened to 60 characters."""
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: ValidationError, path: PathKey | None = None) -> list[tuple[PathKey, str]]:
    """The paths to point at and, for each, a message a person can act on that names the value refused
    (path: where the error is in the document, when not its absolute_path)."""
    if path is None:
        path = tuple(error.absolute_path)
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


def _best_errors(errors: Iterable[tuple[PathKey, ValidationError]],
                 where: Callable[[PathKey], PathKey]) -> Iterable[tuple[PathKey, ValidationError]]:
    """For oneOf/anyOf, report the most relevant sub-error instead of the umbrella message."""
    for path, error in errors:
        if error.context:
            best = min(error.context, key=lambda sub: (-len(sub.absolute_path), str(sub.message)))
            yield where(tuple(best.absolute_path)), best
        else:
            yield path, error


def schema_problems(document: Document, fast: bool = True) -> list[Problem]:
    """Every schema problem of the document, in path order, each with its position.

    fast: first run the compiled accept check (below); a document it accepts has no problem, and
    of a document it refuses, jsonschema sees everything but the items of a large list that pass
    the check, so the messages are jsonschema's, as with fast=False (tests/test_validate_fast.py).
    """
    kind = document.kind
    if kind not in resources.SCHEMA_FILES:
        return [_problem(document, ("kind",), f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")]
    value = document.value
    where: Callable[[PathKey], PathKey] = _unchanged
    accept = _accept(kind) if fast else None
    if accept is not None:
        if accept.whole(value):
            return []
        value, where = accept.failing_part(value)
    found = [(where(tuple(error.absolute_path)), error) for error in _validator(kind).iter_errors(value)]
    found.sort(key=lambda pair: list(map(str, pair[0])))
    # jsonschema checks a `format` only where an optional package is installed (rfc3339-validator
    # for date-time, which moto's server pulls in): where a pattern already refused the value, the
    # format error says the same again, so it is left out and the message does not depend on them.
    refused = {path for path, error in found if error.validator == "pattern"}
    found = [(path, error) for path, error in found if not (error.validator == "format" and path in refused)]
    return [_problem(document, path, message) for path, error in _best_errors(found, where)
            for path, message in _describe(error, path)]


def _unchanged(path: PathKey) -> PathKey:
    return path


# The compiled accept check: a predicate per schema node, true exactly where jsonschema finds no
# error under it, or false where it cannot say (then jsonschema decides). Only the keywords below
# are compiled, each as jsonschema 4 (Draft 2020-12) applies it; a schema using any other keyword
# is not compiled at all, so a keyword added to a schema cannot be skipped silently.
_Check = Callable[[Any], bool]
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples",
                          "deprecated", "readOnly", "writeOnly"})
_COMPILED = frozenset({"type", "const", "enum", "pattern", "format", "minLength", "minimum", "maximum",
                       "required", "properties", "additionalProperties", "propertyNames", "items", "uniqueItems",
                       "$ref"})


class _Uncompiled(Exception):
    """A schema the accept check does not cover."""


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _is_integer(value: Any) -> bool:
    # jsonschema's "integer": an int but not a bool, or a float with no fractional part.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


_TYPES: dict[str, _Check] = {
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "integer": _is_integer,
    "null": lambda value: value is None,
    "number": _is_number,
    "object": lambda value: isinstance(value, dict),
    "string": lambda value: isinstance(value, str),
}


@dataclass(frozen=True)
class _Accept:
    """A kind's compiled check, and one per item of each top-level list whose schema is only
    `type: array` and `items` (no error can be about the list as a whole once it is a list)."""

    whole: _Check
    items: dict[str, _Check]

    def failing_part(self, value: Any) -> tuple[Any, Callable[[PathKey], PathKey]]:
        """value with those lists holding only the items the check refuses, and the function that
        gives a path in it its path in value."""
        if not isinstance(value, dict):
            return value, _unchanged
        kept: dict[str, list[int]] = {}
        part = value
        for name, check in self.items.items():
            items = value.get(name)
            if isinstance(items, list):
                kept[name] = [index for index, item in enumerate(items) if not check(item)]
                part = {**part, name: [items[index] for index in kept[name]]}
        if not kept:
            return value, _unchanged

        def where(path: PathKey) -> PathKey:
            if len(path) >= 2 and path[0] in kept and isinstance(path[1], int):
                return (path[0], kept[str(path[0])][path[1]], *path[2:])
            return path

        return part, where


def accepts(kind: str, value: Any) -> bool:
    """True when the compiled check accepts the value: jsonschema would find no problem in it."""
    accept = _accept(kind)
    return accept is not None and accept.whole(value)


@cache
def _accept(kind: str) -> _Accept | None:
    root = strict_schema(kind)
    try:
        compiler = _Compiler(root)
        whole = compiler.node(root)
        # Errors about the document itself (type, required, additionalProperties) do not show its
        # value, so a copy of it with shorter lists gets the same words.
        plain_root = set(root) - _ANNOTATIONS <= {"type", "required", "properties", "additionalProperties"}
        items = {name: compiler.node(sub["items"]) for name, sub in root.get("properties", {}).items()
                 if plain_root and isinstance(sub, dict) and sub.get("type") == "array" and "items" in sub
                 and set(sub) - _ANNOTATIONS <= {"type", "items"}}
    except _Uncompiled:
        return None
    return _Accept(whole, items)


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.defs: dict[str, _Check] = {}

    def node(self, schema: Any) -> _Check:
        if schema is True or schema == {}:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict) or set(schema) - _ANNOTATIONS - _COMPILED:
            raise _Uncompiled(schema)
        checks: list[_Check] = []
        if "type" in schema:
            checks.append(self._type(schema["type"]))
        if "const" in schema:
            checks.append(self._one_of_values([schema["const"]]))
        if "enum" in schema:
            checks.append(self._one_of_values(schema["enum"]))
        checks.extend(self._string(schema))
        checks.extend(self._number(schema))
        if set(schema) & {"required", "properties", "additionalProperties", "propertyNames"}:
            checks.append(self._object(schema))
        if "items" in schema or schema.get("uniqueItems"):
            checks.append(self._array(schema))
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            first, second = checks
            return lambda value: first(value) and second(value)

        def every(value: Any) -> bool:
            for check in checks:  # noqa: SIM110  (a loop: all() over a generator costs twice as much here)
                if not check(value):
                    return False
            return True

        return every

    def _type(self, types: Any) -> _Check:
        names = types if isinstance(types, list) else [types]
        if any(name not in _TYPES for name in names):
            raise _Uncompiled(types)
        if len(names) == 1:
            return _TYPES[names[0]]
        checks = [_TYPES[name] for name in names]

        def any_type(value: Any) -> bool:
            for check in checks:  # noqa: SIM110  (as in node())
                if check(value):
                    return True
            return False

        return any_type

    @staticmethod
    def _one_of_values(options: list[Any]) -> _Check:
        # jsonschema compares a string to anything with ==; other values are compared more loosely
        # (1 == 1.0, lists and objects by content): accepted here only when of the same type and equal.
        if all(isinstance(option, str) for option in options):
            allowed = frozenset(options)
            return lambda value: isinstance(value, str) and value in allowed
        scalars = [option for option in options if type(option) in (str, int, float, bool)]
        return lambda value: any(type(value) is type(option) and value == option for option in scalars)

    @staticmethod
    def _string(schema: dict[str, Any]) -> list[_Check]:
        checks: list[_Check] = []
        if "pattern" in schema:
            search = re.compile(schema["pattern"]).search
            checks.append(lambda value: not isinstance(value, str) or search(value) is not None)
        if "minLength" in schema:
            least = schema["minLength"]
            checks.append(lambda value: not isinstance(value, str) or len(value) >= least)
        if "format" in schema:
            name = schema["format"]
            checks.append(lambda value: format_conforms(value, name))
        return checks

    @staticmethod
    def _number(schema: dict[str, Any]) -> list[_Check]:
        checks: list[_Check] = []
        if "minimum" in schema:
            least = schema["minimum"]
            checks.append(lambda value: not _is_number(value) or value >= least)
        if "maximum" in schema:
            most = schema["maximum"]
            checks.append(lambda value: not _is_number(value) or value <= most)
        return checks

    def _object(self, schema: dict[str, Any]) -> _Check:
        properties = {name: self.node(sub) for name, sub in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        additional = None if extra is False else self.node(extra)
        names = self.node(schema["propertyNames"]) if "propertyNames" in schema else None

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for name in required:
                if name not in value:
                    return False
            for key, item in value.items():
                sub = properties.get(key)
                if sub is None:
                    if additional is None or not additional(item):
                        return False
                elif not sub(item):
                    return False
                if names is not None and not names(key):
                    return False
            return True

        return check

    def _array(self, schema: dict[str, Any]) -> _Check:
        each = self.node(schema["items"]) if "items" in schema else _always
        unique = bool(schema.get("uniqueItems"))

        def check(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            for item in value:
                if not each(item):
                    return False
            # Repeated items: only lists of strings or of integers (not booleans, which jsonschema tells
            # apart from 1 and 0) are compared here; any other list goes to jsonschema.
            if not unique:
                return True
            plain = all(isinstance(item, str) for item in value) or all(type(item) is int for item in value)
            return plain and len(set(value)) == len(value)

        return check

    def _ref(self, target: Any) -> _Check:
        prefix = "#/$defs/"
        name = target[len(prefix):] if isinstance(target, str) and target.startswith(prefix) else ""
        if not name or "/" in name or "~" in name or name not in self.root.get("$defs", {}):
            raise _Uncompiled(target)
        if name not in self.defs:
            resolved: list[_Check] = []
            self.defs[name] = lambda value: resolved[0](value)  # a recursive reference, resolved below
            resolved.append(self.node(self.root["$defs"][name]))
            self.defs[name] = resolved[0]
        return self.defs[name]


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
