"""`compliance init`: a commented starter that validates, written atomically, never over a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
