"""Schema and cross-reference errors: file, line, column, field and what was expected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.errors import InputProblems
from compliance.loaders.inputs import load_inputs

Write = Callable[[str, str], Path]

PROGRAM = """
    apiVersion: privacy.compliance/v1
    kind: Program
    metadata: {id: demo, name: Demo}
    data_categories:
      - {id: keystrokes, type: keystrokes, retention_days: 30}
    purposes:
      - id: training
        category: ai_training
        data_category_ids: [keystrokes]
        lawful_basis: legitimate_interests
    """

INVENTORY = """
    apiVersion: privacy.compliance/v1
    kind: StorageInventory
    metadata: {id: wh}
    datasets:
      - id: raw.keystrokes
        program: demo
        data_categories: [keystrokes]
        personal_data: true
    """


def problems(*paths: Path) -> list[str]:
    with pytest.raises(InputProblems) as caught:
        load_inputs([str(path) for path in paths])
    return [str(problem) for problem in caught.value.problems]


def test_valid_documents_load(write: Write) -> None:
    inputs = load_inputs([str(write("p.yaml", PROGRAM)), str(write("s.yaml", INVENTORY))])
    assert [(d.kind, d.id) for d in inputs.documents] == [("Program", "demo"), ("StorageInventory", "wh")]


def test_misspelt_field_names_line_and_suggestion(write: Write) -> None:
    path = write("p.yaml", PROGRAM.replace("retention_days: 30", "retension_days: 30"))
    assert problems(path) == [
        f"{path}:5:40: data_categories[0].retension_days: unknown field 'retension_days'; "
        "did you mean 'retention_days'?"
    ]


def test_wrong_type(write: Write) -> None:
    path = write("s.yaml", INVENTORY.replace("personal_data: true", "personal_data: maybe"))
    assert problems(path) == [f'{path}:8:5: datasets[0].personal_data: expected boolean, got "maybe"']


def test_bad_enum_and_date(write: Write) -> None:
    text = PROGRAM.rstrip(" ").replace("lawful_basis: legitimate_interests", "lawful_basis: vibes")
    text += "    program: {start_date: 2026-13-45}\n"
    found = problems(write("p.yaml", text))
    assert any(":10:5: purposes[0].lawful_basis: \"vibes\" is not allowed; expected one of: consent" in p
               for p in found)
    assert any(":11:11: program.start_date: \"2026-13-45\" is not a valid date" in p for p in found)


def test_a_date_time_without_t_or_offset_says_what_is_expected(write: Write) -> None:
    text = PROGRAM.rstrip(" ") + "    breaches: [{id: b1, aware_at: \"2026-06-15 14:20:00\"}]\n"
    path = write("p.yaml", text)
    assert problems(path) == [
        f'{path}:11:21: breaches[0].aware_at: "2026-06-15 14:20:00" is not an RFC 3339 date-time with a UTC offset '
        "(e.g. 2026-06-01T10:00:00Z)"]


def test_missing_required_id(write: Write) -> None:
    path = write("s.yaml", INVENTORY.replace("- id: raw.keystrokes\n", "- name: raw.keystrokes\n"))
    assert problems(path) == [f"{path}:5:5: datasets[0]: 'id' is required but not declared"]


def test_dangling_program_reference(write: Write) -> None:
    program = write("p.yaml", PROGRAM)
    inventory = write("s.yaml", INVENTORY.replace("program: demo", "program: demo2"))
    assert problems(program, inventory) == [
        f"{inventory}:6:5: datasets[0].program: names program 'demo2', but no Program with that id was given "
        "(programs given: demo); pass its manifest too"
    ]


def test_dangling_purpose_category(write: Write) -> None:
    path = write("p.yaml", PROGRAM.replace("data_category_ids: [keystrokes]", "data_category_ids: [screens]"))
    assert problems(path) == [
        f"{path}:9:25: purposes[0].data_category_ids[0]: names data category 'screens', "
        "which data_categories does not declare"
    ]


def test_duplicate_ids_across_documents(write: Write) -> None:
    first = write("a.yaml", PROGRAM)
    second = write("b.yaml", PROGRAM)
    assert problems(first, second) == [
        f"{second}:3:12: metadata.id: program 'demo' is defined twice (also in {first})"
    ]


def test_explicit_foreign_file_is_an_error_but_skipped_in_a_directory(write: Write, tmp_path: Path) -> None:
    foreign = write("dir/other.yaml", "apiVersion: v1\nkind: ConfigMap\n")
    write("dir/p.yaml", PROGRAM)
    assert problems(foreign) == [
        f'{foreign}:1:1: apiVersion: "v1" is not a version this tool reads; expected privacy.compliance/v1'
    ]
    inputs = load_inputs([str(tmp_path / "dir")])
    assert [d.id for d in inputs.documents] == ["demo"]
    assert inputs.skipped == (f"{foreign} (document 1): not a Program/StorageInventory/Waivers document of "
                              "privacy.compliance/v1",)


def test_a_kind_no_command_reads_is_refused_in_a_directory_too(write: Write, tmp_path: Path) -> None:
    """`kind: Programme` in a directory is a typo, not a foreign file: passed over, the program would go unchecked."""
    typo = write("dir/p.yaml", PROGRAM.replace("kind: Program", "kind: Programme"))
    assert problems(tmp_path / "dir") == [f'{typo}:2:1: kind: "Programme" is not a kind of document; '
                                               "did you mean Program?"]
    unknown = write("other/p.yaml", PROGRAM.replace("kind: Program", "kind: Audit"))
    assert problems(tmp_path / "other") == [f'{unknown}:2:1: kind: "Audit" is not a kind of document; '
                                                 "expected one of: Program, StorageInventory, Waivers"]
    left_open = write("open/p.yaml", PROGRAM.replace("kind: Program", "kind:"))
    assert problems(tmp_path / "open") == [f"{left_open}:2:1: kind: null (not declared); expected one of: "
                                                "Program, StorageInventory, Waivers"]


def test_every_problem_is_collected(write: Write) -> None:
    bad_yaml = write("broken.yaml", "a: [1\n")
    bad_schema = write("p.yaml", PROGRAM.replace("type: keystrokes", "type: keys"))
    found = problems(bad_yaml, bad_schema)
    assert len(found) == 2
    assert found[0] == (f"{bad_yaml}:1:4: invalid YAML: the flow list opened at line 1 (column 4) is never closed "
                        "(no ']' after `[1`); the parser gave up at line 2 (column 1), at the end of the file")


def test_the_same_mistake_in_many_datasets_is_shown_ten_times_then_counted(write: Write) -> None:
    """45,000 datasets naming a program not given: ten lines and a count, not 45,000 lines."""
    datasets = "".join(f"  - {{id: t{index}, program: mci}}\n" for index in range(25))
    inventory = write("wh.yaml", "apiVersion: privacy.compliance/v1\nkind: StorageInventory\n"
                      "metadata: {id: wh}\ndatasets:\n" + datasets)
    with pytest.raises(InputProblems) as caught:
        load_inputs([str(inventory)])
    assert len(caught.value.problems) == 25  # every problem is kept; only the text is shortened
    lines = str(caught.value).splitlines()
    assert len(lines) == 12
    assert lines[9].startswith(f"{inventory}:14:") and "datasets[9].program: names program 'mci'" in lines[9]
    assert lines[10] == (f"{inventory}: 15 more like the above (datasets[].program: names program 'mci', but no "
                         "Program with that id was given (programs given: none); pass its manifest too)")
    assert lines[11] == "25 problems in the input; nothing was evaluated"


def test_missing_path(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such file or directory"]


def test_schema_messages_name_the_value_refused() -> None:
    """Keywords the shipped schemas do not use yet read as well as those they do."""
    from jsonschema import Draft202012Validator

    from compliance.loaders.validate import _describe

    schema = {"type": "object", "properties": {
        "tags": {"type": "array", "minItems": 2, "maxItems": 3, "uniqueItems": True},
        "name": {"type": "string", "minLength": 3, "maxLength": 5},
        "share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1, "multipleOf": 0.25},
        "labels": {"type": "object", "minProperties": 1},
        "code": {"not": {"const": "x"}},
    }}
    cases = {
        "tags": (["a"], '["a"] has 1 item; expected at least 2 items'),
        "name": ("ab", '"ab" is too short; expected at least 3 characters'),
        "share": (0, "0 is not above 0"),
        "labels": ({}, "{} has 0 fields; expected at least 1 field"),
        "code": ("x", "\"x\" should not be valid under {'const': 'x'}"),
    }
    for field, (value, expected) in cases.items():
        errors = list(Draft202012Validator(schema).iter_errors({field: value}))
        assert [_describe(error) for error in errors] == [[((field,), expected)]]
    errors = sorted(Draft202012Validator(schema).iter_errors(
        {"tags": ["a", "b", "a", "b", "a"], "name": "abcdef", "share": 0.3}), key=lambda e: str(e.validator))
    assert [message for error in errors for _, message in _describe(error)] == [
        '["a", "b", "a", "b", "a"] has 5 items; expected at most 3 items',
        '"abcdef" is too long; expected at most 5 characters',
        "0.3 is not a multiple of 0.25",
        '"a" is listed twice (first at tags[0]); each item may appear once',
        '"b" is listed twice (first at tags[1]); each item may appear once',
        '"a" is listed twice (first at tags[0]); each item may appear once',
    ]


def test_a_value_under_the_minimum_is_quoted(write: Write) -> None:
    path = write("s.yaml", INVENTORY.replace("personal_data: true", "personal_data: true\n        sensitivity: 0"))
    assert problems(path) == [f"{path}:9:5: datasets[0].sensitivity: 0 is below the minimum of 1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("apiVersion: privacy.compliance/v9\nkind: Program\n",
         ':1:1: apiVersion: "privacy.compliance/v9" is not a version this tool reads; expected privacy.compliance/v1'),
        ("kind: Program\nmetadata: {id: x}\n", ":1:1: apiVersion: missing; expected privacy.compliance/v1"),
        ("apiVersion:\nkind: Program\n", ":1:1: apiVersion: null (not declared); expected privacy.compliance/v1"),
        ("apiVersion: 1\nkind: Program\n", ":1:1: apiVersion: 1 is not a version this tool reads; expected "
         "privacy.compliance/v1"),
        ("metadata: {id: x}\napiVersion: privacy.compliance/v1\n",
         ":1:1: kind: missing; expected one of: Program, StorageInventory, Waivers"),
        ("apiVersion: privacy.compliance/v1\nkind: [Program]\n",
         ':2:1: kind: ["Program"] is not read here; expected one of: Program, StorageInventory, Waivers'),
        ("just text\n", ':1:1: a document must be a mapping with apiVersion, kind and metadata; got a string: '
         '"just text"'),
    ],
)
def test_a_document_not_read_here_says_what_was_found_and_expected(write: Write, text: str, expected: str) -> None:
    path = write("x.yaml", text)
    assert problems(path) == [f"{path}{expected}"]
