"""The C-parser JSON reader (loaders/json_reader.py) gives what the YAML path gives: the same value,
the same position for every key and item (and none more), the same errors; where it could differ,
it hands the file to the YAML path."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.loaders import json_reader
from compliance.loaders.document import Position
from compliance.loaders.yaml_json import LoadError, load_file, yaml_documents

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                     st.floats(allow_nan=False, allow_infinity=False), _TEXT)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                         st.dictionaries(_TEXT, inner, max_size=5)), max_leaves=40)
_LAYOUTS = st.sampled_from([{}, {"indent": 1}, {"indent": 2, "ensure_ascii": False}, {"indent": "\t"},
                            {"separators": (",", ":")}, {"indent": 3, "separators": (" ,", " : ")}])


_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def assert_same_as_yaml(text: str) -> None:
    """json_reader.read(text), when it reads the text, equals the YAML path: value and positions."""
    if _PAIR.search(text):  # the YAML path refuses an escaped pair: it reads the characters written out
        written_out = _PAIR.sub(lambda pair: str(json.loads(f'"{pair.group()}"')), text)
        assert_same_as_yaml(written_out)
        read, plain = json_reader.read(text), json_reader.read(written_out)
        assert read is not None and plain is not None
        assert read[0] == plain[0]
        assert {path: read[1][path].line for path in plain[1]} == {path: plain[1][path].line for path in plain[1]}
        return
    read = json_reader.read(text)
    if read is None:
        return
    [expected] = yaml_documents("t.json", text, "") or [None]
    value, positions = read
    if expected is None:
        assert value is None
        return
    assert value == expected.value
    assert _types(value) == _types(expected.value)  # 1 and 1.0 and True compare equal: the types too
    assert dict(expected.positions) == {path: positions[path] for path in expected.positions}
    assert set(positions) == set(expected.positions)


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__


@settings(max_examples=300, deadline=None)
@given(_VALUES, _LAYOUTS)
def test_generated_json_reads_as_the_yaml_path_reads_it(value: Any, layout: dict[str, Any]) -> None:
    assert_same_as_yaml(json.dumps(value, **layout))


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_TEXT, _VALUES, max_size=4), st.sampled_from(["\n", "\r\n"]))
def test_line_endings_and_a_document_that_is_a_mapping(value: dict[str, Any], newline: str) -> None:
    assert_same_as_yaml(json.dumps({"datasets": [value, None, value]}, indent=1).replace("\n", newline))


@pytest.mark.parametrize("text", [
    '{"a": 1e5, "b": 1.5e3, "c": 1.5e+3, "d": -0, "e": 0.5, "f": 1E-7, "g": 10000000000000000000000}',
    '{"a": null, "b": [null, 1, null, [null, 2]], "c": {"d": null}}',
    '[null, {"a": null}, []]', "null", '"text"', "  \n 7", "{}", "[]",
    '{"\\u00e9t\\u00e9": "\\/\\b\\f\\n\\r\\t\\"\\\\", "k\\u0000": "\\u0041"}',
    '{"caf\u00e9": "\u00e9\U0001F600", "next": [1, "\u00e9\u00e9", {"x": 1}]}',
])
def test_edge_cases_read_as_the_yaml_path_reads_them(text: str) -> None:
    assert json_reader.read(text) is not None
    assert_same_as_yaml(text)


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}',  # a duplicate key: the YAML path names its line
    '{"a": NaN}', '{"a": [Infinity]}',  # not JSON; json reads them, YAML reads strings
    '{"a": "\\ud83d"}', '{"a": "\\ude00 \\ud83d x"}',  # an escaped surrogate that is not half of a pair
    '{"a": "x\u2028y"}', '{"a": "x\x85y"}', '{"a":\r 1}', '{"a": "\x7f"}',  # YAML's line breaks, refused characters
    '{"a"\n: 1}', '{"a"' + " " * 80 + ": 1}", '{"' + "k" * 200 + '": 1}',  # not a key to libyaml
    '{"a": [1, 2}', '{"a": 1} x',  # syntax errors
])
def test_what_could_read_differently_goes_to_the_yaml_path(text: str, tmp_path: Path) -> None:
    assert json_reader.read(text) is None
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    try:
        documents = load_file(path)
    except LoadError as error:
        with pytest.raises(LoadError) as again:
            yaml_path_documents(path)
        assert str(again.value.problem) == str(error.problem)
    else:
        assert [(d.value, dict(d.positions)) for d in documents] == \
            [(d.value, dict(d.positions)) for d in yaml_path_documents(path)]


def test_an_escaped_surrogate_pair_is_one_character_as_json_dumps_writes_an_emoji(tmp_path: Path) -> None:
    """json.dumps escapes a character beyond the BMP as a surrogate pair by default; the YAML path refused it."""
    value = {"kind": "StorageInventory", "datasets": [{"id": "a", "description": "chat \U0001f600 logs"}]}
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(value, indent=1), encoding="utf-8")
    assert "\\ud83d\\ude00" in path.read_text(encoding="utf-8")
    [document] = load_file(path)
    assert document.value == value
    assert document.locate(("datasets", 0, "description")) == Position(6, 4)
    with pytest.raises(LoadError):
        yaml_path_documents(path)


def yaml_path_documents(path: Path) -> list[Any]:
    """What load_file gave before the JSON reader: json's syntax check, then the YAML path."""
    from compliance.loaders.yaml_json import _check_json

    text = path.read_text(encoding="utf-8")
    _check_json(str(path), text)
    return yaml_documents(str(path), text, "")


def test_nesting_too_deep_for_json_goes_to_the_yaml_path() -> None:
    assert json_reader.read("[" * 5000 + "]" * 5000) is None


def test_too_many_values_goes_to_the_yaml_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_reader, "MAX_NODES", 10)
    assert json_reader.read(json.dumps({"a": list(range(4))})) is not None  # 1 + 2 + 4 values
    assert json_reader.read(json.dumps({"a": list(range(8))})) is None


def test_the_samples_as_json(tmp_path: Path) -> None:
    """Every shipped YAML sample written as JSON: the reader takes it, and gives the YAML path's result."""
    import yaml

    for sample in sorted(SAMPLES.glob("*/*.yaml")):
        for document in yaml.safe_load_all(sample.read_text(encoding="utf-8")):
            text = json.dumps(document, indent=2, default=str, ensure_ascii=False)
            assert json_reader.read(text) is not None, sample
            assert_same_as_yaml(text)


def test_a_json_file_is_read_by_the_reader_and_locates_as_before(tmp_path: Path) -> None:
    path = tmp_path / "inventory.json"
    path.write_text('{\n "kind": "StorageInventory",\n "datasets": [\n  null,\n  {"id": "a", "rows": null}\n ]\n}\n')
    [document] = load_file(path)
    assert isinstance(document.positions, json_reader.JsonPositions)
    assert document.value == {"kind": "StorageInventory", "datasets": [{"id": "a"}]}
    assert (document.locate(("datasets", 0, "rows")).line, document.locate(("datasets", 0, "rows")).column) == (5, 15)
    assert document.locate(("datasets", 0, "owner", "x")) == document.positions[("datasets", 0)]
    assert ("datasets", 1) not in document.positions
