"""`compliance init`: a commented starter that validates, written atomically, never over a file."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from compliance.commands.init import CONFIG, PROGRAM
from compliance.config import load_config
from tests.conftest import AS_OF, run_cli


def test_init_writes_a_starter_that_validates(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "init")
    assert (code, err) == (0, "")
    assert "wrote program.yaml" in out and "wrote compliance.yaml" in out
    assert (tmp_path / "program.yaml").read_text(encoding="utf-8") == PROGRAM
    assert (tmp_path / "compliance.yaml").read_text(encoding="utf-8") == CONFIG
    assert sorted(path.name for path in tmp_path.iterdir()) == ["compliance.yaml", "program.yaml"]  # no temp files
    assert (tmp_path / "program.yaml").stat().st_mode & 0o777 == 0o644
    code, out, _ = run_cli(capsys, "validate", "program.yaml")
    assert code == 0 and "Program example-monitoring" in out
    assert load_config(None).fail_on == "high"  # ./compliance.yaml is the Config the check reads
    code, out, err = run_cli(capsys, "check", "program.yaml", "--as-of", AS_OF, "--fail-on", "never")
    assert code == 0, err
    assert "finding(s) in 1 document(s)" in out


def test_the_starter_says_what_each_block_is_for() -> None:
    lines = PROGRAM.splitlines()
    blocks = [index for index, line in enumerate(lines) if line and not line[0].isspace() and not
              line.startswith("#") and line.endswith(":") and line not in {"metadata:"}]
    assert len(blocks) >= 10
    for index in blocks:
        assert lines[index - 1].startswith("#"), f"block {lines[index]!r} has no comment above it"


def test_init_into_a_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "manifests"
    target.mkdir()
    code, _, _ = run_cli(capsys, "init", "--dir", str(target))
    assert code == 0
    assert (target / "program.yaml").is_file() and (target / "compliance.yaml").is_file()
    code, _, err = run_cli(capsys, "init", "--dir", str(tmp_path / "missing"))
    assert code == 2 and "no such directory" in err


@pytest.mark.parametrize("existing", ["program.yaml", "compliance.yaml"])
def test_init_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path, existing: str) -> None:
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "init", "--dir", str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {tmp_path / existing}: already exists; not overwritten (nothing was written)")
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine\n"
    assert sorted(os.listdir(tmp_path)) == [existing]


MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


@pytest.mark.parametrize(("name", "kind"), [("program.yaml", "Program"), ("compliance.yaml", "Config")])
def test_the_starter_points_editors_at_the_schema_its_comment_says_how_to_write(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        name: str, kind: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "init")
    assert code == 0
    text = (tmp_path / name).read_text(encoding="utf-8")
    first = text.splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{name} does not start with a yaml-language-server modeline: {first!r}"
    schema_file = match.group("path")
    command = f"compliance schema {kind} -o {Path(schema_file).name}"
    assert command in text and command in out  # the comment and the command's output say how to write it
    assert run_cli(capsys, *command.split()[1:])[0] == 0
    written = json.loads((tmp_path / schema_file).read_text(encoding="utf-8"))  # relative to the YAML file
    assert written["title"] == kind
    document = yaml.load(text, Loader=_DatesAsStrings)  # as an editor sees it: dates are strings
    assert list(Draft202012Validator(written).iter_errors(document)) == []
    assert list(Draft7Validator(written).iter_errors(document)) == []  # yaml-language-server before 1.20


class _DatesAsStrings(yaml.SafeLoader):
    pass


_DatesAsStrings.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_the_starter_explains_null_and_shows_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    header = PROGRAM.split("\napiVersion:")[0]
    assert '`null` (or `~`, or leaving the value empty) means "not declared"' in header
    assert "the same\n# as leaving the field out" in header and "reports it\n# as missing" in header
    assert yaml.safe_load(PROGRAM)["controller"]["eu_representative"] is None
    assert "eu_representative: null" in PROGRAM
    code, _, _ = run_cli(capsys, "init", "--dir", str(tmp_path))
    assert code == 0
    code, _, err = run_cli(capsys, "validate", str(tmp_path / "program.yaml"))
    assert (code, err) == (0, ""), err  # a null is "not declared", never a type error
