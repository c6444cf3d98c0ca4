"""The YAML/JSON loader: values, positions, and the errors it must give."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.loaders import yaml_json
from compliance.loaders.document import Position
from compliance.loaders.yaml_json import LoadError, load_file

Write = Callable[[str, str], Path]


def test_values_and_positions(write: Write) -> None:
    path = write("a.yaml", """
        apiVersion: privacy.compliance/v1
        kind: Program
        metadata: {id: demo}
        program:
          start_date: 2026-04-21
          technologies: [screenshot, clicks]
        """)
    [document] = load_file(path)
    assert document.value["program"]["start_date"] == "2026-04-21"  # dates stay ISO strings
    assert document.kind == "Program" and document.id == "demo" and document.is_ours
    assert document.positions[("program", "technologies", 1)] == Position(6, 30)
    assert document.locate(("program", "capture", "scope")) == Position(4, 1)  # nearest parent
    assert len(document.sha256) == 64


def test_several_documents(write: Write) -> None:
    path = write("a.yaml", "a: 1\n---\nb: 2\n---\n")
    assert [d.value for d in load_file(path)] == [{"a": 1}, {"b": 2}]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("dup.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n", ":4:3: b.c: duplicate key 'c' (first at line 3)"),
        ("dup.json", '{"a": 1,\n "a": 2}', ":2:2: a: duplicate key 'a' (first at line 1)"),
        ("syntax.yaml", "a: [1\nb: 2\n", ":1:4: invalid YAML: the flow list opened at line 1 (column 4) is never "
         "closed (no ']' after `[1`); the parser gave up at line 2 (column 2), in `b: 2`"),
        ("syntax.json", '{"a": 1,,}', ":1:9: invalid JSON: Expecting property name enclosed in double quotes, "
         "at `,`"),
        ("tag.yaml", "a: !!python/object:os.system x\n", ":1:4: a: unsupported YAML tag"),
        ("bytes.yaml", "a: caf\xe9\n", ":1:7: not UTF-8 text (byte 0xe9 at offset 6, in `a: caf\\xe9`); save the "
         "file as UTF-8"),
    ],
)
def test_errors_name_file_line_and_field(write: Write, tmp_path: Path, name: str, text: str,
                                         expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        load_file(path)
    assert str(caught.value).startswith(str(path))
    assert expected in str(caught.value)


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_file(path)[0].value == {"a": 1}


def test_alias_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_json, "MAX_NODES", 10_000)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(LoadError, match="alias bomb"):
        load_file(path)


def test_merge_keys_and_aliases(write: Write) -> None:
    path = write("m.yaml", "base: &b {x: 1}\nother: {<<: *b, y: 2}\n")
    assert load_file(path)[0].value["other"] == {"x": 1, "y": 2}


@pytest.mark.parametrize("text", [
    "a: [x, x, x, x, x, x, x, x, x, x, x, x]\nb: 1\n",  # no alias: counted while built
    "a: [x, x, x, x, x, x, x, x, x, x, x, x, {c: 1, c: 2}]\n",  # and a duplicate key met first
    "a: &l [x, x, x, x, x, x, x, x, x, x, x, x]\nb: *l\n",  # aliases: counted before
])
def test_too_many_values_is_refused_the_same_with_or_without_aliases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     text: str) -> None:
    """A document with no alias is built in one walk that counts its values; over the limit it is
    refused with the words (and the culprit) of the count made before building where aliases are."""
    monkeypatch.setattr(yaml_json, "MAX_NODES", 12)
    path = tmp_path / "big.yaml"
    path.write_text(text)
    with pytest.raises(LoadError) as caught:
        load_file(path)
    assert "holds more than 12 values once its aliases are expanded" in str(caught.value.problem)
    import yaml

    [node] = yaml.compose_all(text, Loader=yaml_json._Loader)
    with pytest.raises(LoadError) as before:
        yaml_json._refuse_bombs(str(path), node, text)
    assert str(caught.value.problem) == str(before.value.problem)
