"""`compliance schema KIND [-o FILE]`: a schema editors can use through a yaml-language-server modeline.

yaml-language-server before 1.20 validates with JSON Schema draft-07 semantics whatever `$schema`
says; 1.20 and later honour 2020-12. The shipped schemas therefore use only keywords that mean the
same in both, and these tests check that a draft-07 validator gives the same verdicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from compliance import catalog
from compliance.cli import KINDS
from compliance.commands.init import CONFIG, PROGRAM
from compliance.loaders.validate import schema
from compliance.schema_hints import with_hints
from tests.conftest import SAMPLES, run_cli

# Keywords whose meaning is the same in draft-07 and 2020-12 ($defs is only a place $ref points into).
PORTABLE = {"$schema", "$id", "$ref", "$defs", "title", "description", "type", "properties", "required",
            "additionalProperties", "items", "enum", "const", "format", "pattern", "minimum", "maximum",
            "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "anyOf", "oneOf", "allOf", "not",
            "default", "examples", "patternProperties", "exclusiveMinimum", "exclusiveMaximum", "propertyNames"}
ANNOTATIONS = {"$ref", "title", "description", "default", "examples"}  # what draft-07 may ignore beside $ref



def _subschemas(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key in ("properties", "$defs", "patternProperties"):
                for name, child in value.items():
                    yield from _subschemas(child, f"{path}/{key}/{name}")
            elif key in ("items", "additionalProperties", "not", "propertyNames"):
                yield from _subschemas(value, f"{path}/{key}")
            elif key in ("anyOf", "oneOf", "allOf"):
                for index, child in enumerate(value):
                    yield from _subschemas(child, f"{path}/{key}/{index}")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_names_itself_for_editors(kind: str) -> None:
    document = schema(kind)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].startswith("urn:compliance:schema:")
    assert document["title"] == kind and document["description"]
    Draft202012Validator.check_schema(document)
    Draft7Validator.check_schema(document)


def _printed(kind: str) -> dict[str, Any]:
    """The schema as `compliance schema KIND` prints it (with the rules' hints)."""
    return with_hints(kind, schema(kind), catalog.policy_files())


@pytest.mark.parametrize("kind", KINDS)
def test_schema_means_the_same_to_a_draft_07_editor(kind: str) -> None:
    for path, node in _subschemas(_printed(kind)):
        assert set(node) <= PORTABLE, f"{kind} {path}: {sorted(set(node) - PORTABLE)} differ before 2020-12"
        if "$ref" in node:  # draft-07 ignores every sibling of $ref
            assert set(node) <= ANNOTATIONS, f"{kind} {path}: $ref beside {sorted(set(node) - ANNOTATIONS)}"


class _Loader(yaml.SafeLoader):
    """Dates stay the strings they are written as, as the loader keeps them (and as an editor sees them)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a SafeLoader


def _documents() -> Iterator[tuple[str, dict[str, Any]]]:
    for file in sorted(SAMPLES.rglob("*.yaml")):
        for document in yaml.load_all(file.read_text(encoding="utf-8"), Loader=_Loader):
            if isinstance(document, dict) and document.get("kind") in KINDS:
                yield file.name, document
    yield "starter program.yaml", _load(PROGRAM)
    yield "starter compliance.yaml", _load(CONFIG)


def _messages(validator: Any, document: dict[str, Any]) -> list[str]:
    return sorted(f"{list(error.absolute_path)}: {error.validator}" for error in validator.iter_errors(document))


def test_draft_07_and_2020_12_give_the_same_verdicts_on_samples_and_mistakes() -> None:
    documents = list(_documents())
    for name, document in documents:  # the samples and the starter are valid, for either draft
        assert _messages(Draft7Validator(schema(document["kind"])), document) == [], name
    typo = _load(PROGRAM)
    typo["program"]["covret"] = typo["program"].pop("covert")
    wrong_type = _load(PROGRAM)
    wrong_type["rights"]["objection"]["response_days"] = "soon"
    documents += [("typo", typo), ("wrong type", wrong_type)]
    assert {document["kind"] for _, document in documents} >= {"Program", "StorageInventory", "Config"}
    for name, document in documents:
        kind_schema = _printed(document["kind"])
        draft7 = Draft7Validator(kind_schema, format_checker=Draft7Validator.FORMAT_CHECKER)
        modern = Draft202012Validator(kind_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        assert _messages(draft7, document) == _messages(modern, document), name
    assert _messages(Draft7Validator(schema("Program")), typo) == ["['program']: additionalProperties"]
    (refused,) = _messages(Draft7Validator(schema("Program")), wrong_type)  # `type`, or `anyOf` where null is allowed
    assert refused.startswith("['rights', 'objection', 'response_days']: ")


def test_schema_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, printed, _ = run_cli(capsys, "schema", "Program")
    assert code == 0
    code, out, err = run_cli(capsys, "schema", "Program", "-o", "program.schema.json")
    assert (code, out, err) == (0, "", "")
    written = (tmp_path / "program.schema.json").read_text(encoding="utf-8")
    assert written == printed and json.loads(written) == _printed("Program")
    (tmp_path / "program.schema.json").write_text("old", encoding="utf-8")
    assert run_cli(capsys, "schema", "Program", "--output", "program.schema.json")[0] == 0
    assert (tmp_path / "program.schema.json").read_text(encoding="utf-8") == printed  # replaced whole
    assert sorted(path.name for path in tmp_path.iterdir()) == ["program.schema.json"]  # no temporary file left
    code, _, err = run_cli(capsys, "schema", "Program", "-o", str(tmp_path / "missing" / "x.json"))
    assert code == 2 and "does not exist" in err


def _without_descriptions(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _without_descriptions(value) for key, value in node.items() if key != "description"}
    if isinstance(node, list):
        return [_without_descriptions(value) for value in node]
    return node


@pytest.mark.parametrize("kind", KINDS)
def test_printed_schema_names_the_rules_checking_a_field_and_changes_nothing_else(kind: str) -> None:
    printed = _printed(kind)
    assert _without_descriptions(printed) == _without_descriptions(schema(kind))
    text = json.dumps(printed)
    if kind in ("Program", "StorageInventory"):
        assert text.count("Checked by ") >= 10
    else:
        assert "Checked by " not in text


def test_hints_land_on_the_field_a_finding_points_at() -> None:
    dataset = _printed("StorageInventory")["$defs"]["dataset"]["properties"]
    assert dataset["encryption"]["properties"]["at_rest"]["description"].startswith("Checked by GDPR-SEC-001")
    assert "GDPR-PR-005" in dataset["retention"]["properties"]["ttl_days"]["description"]
    assert dataset["retention"]["properties"]["ttl_days"]["description"].startswith("Null means kept indefinitely.")
    program = _printed("Program")["properties"]
    lawful_basis = program["purposes"]["items"]["properties"]["lawful_basis"]
    assert lawful_basis["description"] == "Art. 6(1) basis. Checked by GDPR-LB-003 (`compliance explain GDPR-LB-003`)."
    assert "Checked by" not in json.dumps(schema("Program"))  # the shipped schema itself is untouched
