"""YAML and JSON syntax errors point where the mistake starts and quote what the parser refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.loaders.syntax import json_problem, yaml_problem
from compliance.loaders.yaml_json import LoadError, load_file

# Both parsers: libyaml (CSafeLoader) where installed, and PyYAML's own, which words some errors
# otherwise; each case must read the same with either.
LOADERS = [loader for loader in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader) if loader is not None]


def yaml_message(text: str, loader: type) -> str:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        list(yaml.compose_all(text, Loader=loader))
    return str(yaml_problem("f.yaml", text, caught.value))


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An apostrophe in a plain scalar opens no quote, and a ']' in a comment closes nothing.
        ("a: [x, y  # the end ]\nb: it's z\n",
         "f.yaml:1:4: invalid YAML: the flow list opened at line 1 (column 4) is never closed (no ']' after "
         "`[x, y  # the end ]`); the parser gave up at line 2 (column 1), in `b: it's z`"),
        ("a: {x: 1\nb: 2\n",
         "f.yaml:1:4: invalid YAML: the flow mapping opened at line 1 (column 4) is never closed (no '}' after "
         "`{x: 1`); the parser gave up at line 2 (column 2), in `b: 2`"),
        ('a: "abc\n---\nb: 1\n',
         'f.yaml:1:4: invalid YAML: the quoted string opened at line 1 (column 4) is never closed (`"abc`); the '
         "parser gave up at the document marker at line 2"),
        ("a: 'abc\nb: 1\n",
         "f.yaml:1:4: invalid YAML: the quoted string opened at line 1 (column 4) is never closed (`'abc`); the "
         "parser reached the end of the file at line 3"),
        ("a: b\nc\nd: e\n",
         "f.yaml:2:1: invalid YAML: `c` is not followed by ':' (neither `key: value` nor a list item); the parser "
         "gave up at line 3 (column 1)"),
        ("a:\n\tb: 1\n",
         'f.yaml:2:1: invalid YAML: found character "\\t" that cannot start any token (a tab: YAML indents with '
         "spaces only)"),
        ("a: `b`\n", 'f.yaml:1:4: invalid YAML: found character "`" that cannot start any token'),
    ],
)
def test_yaml_errors_start_where_the_mistake_starts(loader: type, text: str, expected: str) -> None:
    assert yaml_message(text, loader) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A list that is closed later: the mistake is where the parser gave up (a missing comma).
        ('a: [\n  "x"\n  "y"\n]\n',
         "f.yaml:3:3: invalid YAML: did not find expected ',' or ']', in `\"y\"` (while parsing a flow sequence "
         "that starts at line 1, column 4)"),
        ('a: [x, "y" z]\n',
         "f.yaml:1:12: invalid YAML: did not find expected ',' or ']', in `a: [x, \"y\" z]` (while parsing a flow "
         "sequence that starts at line 1, column 4)"),
        ("a:\n  b: 1\n c: 2\n",
         "f.yaml:3:2: invalid YAML: `c: 2` is indented to column 2, unlike the keys of the mapping that starts at "
         "line 1, column 1 (did not find expected key)"),
        ("a:\n  b: 1\n  - c\n",
         "f.yaml:3:3: invalid YAML: `- c` stands among the keys of the mapping that starts at line 2, column 3 but "
         "is not a `key: value` entry (did not find expected key)"),
        ("a: b: c\n", "f.yaml:1:5: invalid YAML: mapping values are not allowed in this context, in `a: b: c`"),
        ('a: "bad \\q"\n',
         "f.yaml:1:9: invalid YAML: found unknown escape character, in `a: \"bad \\q\"` (while parsing a quoted "
         "scalar that starts at line 1, column 4)"),
        ("a: *nope\n", "f.yaml:1:4: invalid YAML: found undefined alias, in `a: *nope`"),
    ],
)
def test_yaml_errors_elsewhere_point_where_the_parser_gave_up(text: str, expected: str) -> None:
    """libyaml's wording, as the tool uses it wherever it is installed."""
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed: PyYAML's own parser words these errors otherwise")
    assert yaml_message(text, yaml.CSafeLoader) == expected


def json_message(text: str) -> str:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    return str(json_problem("f.json", text, caught.value))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": [1, 2\n',
         "f.json:1:7: invalid JSON: the list opened at line 1 (column 7) is never closed (a ']' is missing); the "
         "parser reached the end of the file (Expecting ',' delimiter)"),
        ('{"a": {"b": 1]}',
         "f.json:1:7: invalid JSON: the mapping opened at line 1 (column 7) is never closed (a '}' is missing); the "
         "parser gave up at line 1 (column 14), at `]` (Expecting ',' delimiter)"),
        ('{"a": [1,\n "b": 2]}',
         "f.json:1:7: invalid JSON: the list opened at line 1 (column 7) is never closed (a ']' is missing); the "
         "parser gave up at line 2 (column 5), at `:` (Expecting ',' delimiter)"),
        ('{\n  "a": {\n    "b": 1,\n  "c": 2\n}\n',
         "f.json:2:8: invalid JSON: the mapping opened at line 2 (column 8) is probably never closed: the '}' at "
         "line 5 (column 1) that closes it is indented for another bracket, and the parser reached the end of the "
         "file (Expecting ',' delimiter)"),
        ('{"a": "text', 'f.json:1:7: invalid JSON: the string opened at line 1 (column 7) is never closed (`"text`)'),
        ('{"a": "text\n}', "f.json:1:7: invalid JSON: the string opened at line 1 (column 7) is never closed on its "
         'line (`"text`); a JSON string cannot span lines'),
        ('{"a": 1\n "b": 2}',
         "f.json:1:8: invalid JSON: a ',' is missing after `1`, before `\"b\"` at line 2 (column 2)"),
        ('{"a": [true\n  false]}',
         "f.json:1:12: invalid JSON: a ',' is missing after `true`, before `false` at line 2 (column 3)"),
        ('{"a": [1, 2,\n]}', "f.json:1:12: invalid JSON: a trailing ',' before `]` at line 2 (column 1); JSON allows "
         "none"),
        ('{"a": 1} x', "f.json:1:10: invalid JSON: Extra data, at `x`"),
        ('{"a": tru}', "f.json:1:7: invalid JSON: Expecting value, at `tru`"),
        ('{"a": "x\ty"}', "f.json:1:9: invalid JSON: Invalid control character, at `\\t`"),
    ],
)
def test_json_errors_start_where_the_mistake_starts(text: str, expected: str) -> None:
    assert json_message(text) == expected


def test_load_file_reports_the_opening_line(tmp_path: Path) -> None:
    """The loader itself, not only the message helpers: the line of the `[`, not of the give-up."""
    path = tmp_path / "p.yaml"
    path.write_text("a: 1\nb: [x,\n    y\nc: 2\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_file(path)
    assert (caught.value.problem.line, caught.value.problem.column) == (2, 4)


def test_beyond_the_scan_limit_the_parser_message_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """No bracket matching over more text than the limit: the parser's own position and words."""
    from compliance.loaders import syntax

    monkeypatch.setattr(syntax, "_SCAN_LIMIT", 8)
    assert json_message('{"a": [1, 2\n') == (
        "f.json:2:1: invalid JSON: Expecting ',' delimiter, at the end of the file (a bracket or string left open?)")
    if hasattr(yaml, "CSafeLoader"):
        assert yaml_message("a: [1, 2\nb: 2\n", yaml.CSafeLoader) == (
            "f.yaml:2:2: invalid YAML: did not find expected ',' or ']', in `b: 2` (while parsing a flow sequence "
            "that starts at line 1, column 4)")


SAMPLE = (Path(__file__).resolve().parent.parent / "samples" / "mci" / "storage.yaml").read_text(encoding="utf-8")
SAMPLE_JSON = json.dumps(yaml.safe_load(SAMPLE), indent=2, default=str)


@settings(max_examples=80, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), as_json=st.booleans())
def test_damaged_files_are_reported_within_the_file(tmp_path: Path, data: st.DataObject, as_json: bool) -> None:
    """A bracket, quote or indent added or removed anywhere: one LoadError naming a line of the file."""
    text = SAMPLE_JSON if as_json else SAMPLE
    where = data.draw(st.integers(0, len(text) - 1))
    if data.draw(st.booleans()):
        text = text[:where] + text[where + 1:]
    else:
        text = text[:where] + data.draw(st.sampled_from("[]{}\"',:#- \t\n&*")) + text[where:]
    path = tmp_path / ("damaged.json" if as_json else "damaged.yaml")
    path.write_text(text, encoding="utf-8")
    try:
        load_file(path)
    except LoadError as error:
        problem = error.problem
        assert str(error).startswith(str(path))
        assert problem.line is None or 1 <= problem.line <= text.count("\n") + 1
