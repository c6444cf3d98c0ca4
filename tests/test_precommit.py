"""The pre-commit hook, run by pre-commit itself on a temporary git repository (offline).

pre-commit would install this repository into its own virtualenv for `language: python`, which
needs the network; the test instead declares the same hook (id, files, pass_filenames, args of
.pre-commit-hooks.yaml) as a `repo: local` hook with `language: system` running this checkout.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MCI, REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed (pip install pre-commit)"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def the_hook() -> dict[str, Any]:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hook, dict)
    return hook


def test_the_hook_definition() -> None:
    hook = the_hook()
    assert hook["id"] == "compliance-check"
    assert hook["entry"] == "compliance check"
    assert hook["pass_filenames"] is False
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for name in ("a.yaml", "b.yml", "c.json", "d.inventory.csv", "e.inventory.parquet"):
        assert pattern.search(name), name
    for name in ("README.md", "policy.rego", "yaml.txt"):
        assert not pattern.search(name), name


def git(repo: Path, *args: str) -> None:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the MCI sample under manifests/ and a README."""
    repo = tmp_path / "project"
    shutil.copytree(MCI, repo / "manifests")
    (repo / "README.md").write_text("# project\n", encoding="utf-8")
    git(repo, "init", "-q")
    return repo


def configure(repo: Path, args: list[str]) -> None:
    hook = the_hook()
    shim = f"{shlex.quote(sys.executable)} -c 'import sys; from compliance.cli import main; main()'"
    local = {key: hook[key] for key in ("id", "name", "files", "pass_filenames", "require_serial")}
    local.update({"language": "system", "entry": hook["entry"].replace("compliance", shim, 1), "args": args})
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    git(repo, "add", "-A")


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
           "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never", *args], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=300)


def test_the_hook_fails_a_commit_with_findings(repo: Path) -> None:
    configure(repo, [*the_hook()["args"], "--as-of", "2026-11-22"])
    done = pre_commit(repo, "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "compliance check" in done.stdout and "Failed" in done.stdout
    assert "manifests/storage.yaml:" in done.stdout and "FAIL:" in done.stdout


def test_the_hook_passes_below_the_threshold(repo: Path) -> None:
    configure(repo, ["manifests/", "--fail-on", "never", "--as-of", "2026-11-22"])
    done = pre_commit(repo, "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_the_hook_skips_commits_without_manifests(repo: Path) -> None:
    configure(repo, ["manifests/", "--as-of", "2026-11-22"])
    done = pre_commit(repo, "--files", "README.md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Skipped" in done.stdout


def test_the_github_action_definition() -> None:
    """action.yml: a composite action that installs itself, checks, and uploads SARIF even on failure."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert {"paths", "fail-on", "python-version"} <= set(action["inputs"])
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[0].startswith("actions/setup-python@")
    assert "${{ github.action_path }}" in steps[1]["env"]["ACTION_PATH"]
    check = next(step for step in steps if step.get("id") == "check")
    assert "--format sarif -o" in check["run"] and "--format text" in check["run"]
    assert "${{" not in check["run"]  # inputs come in through env, never pasted into the script
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"].startswith("always()")
