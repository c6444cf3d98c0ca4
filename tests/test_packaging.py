"""The installed console script, and a wheel that works outside the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import AS_OF, MCI, REPO, SAMPLES
from tests.golden import GOLDEN


def _console_script() -> str:
    script = Path(sys.executable).parent / "compliance"
    if not script.exists():
        found = shutil.which("compliance")
        if found is None:
            pytest.skip("the compliance console script is not installed in this environment")
        return found
    return str(script)


def test_console_script_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "findings.json"
    completed = subprocess.run(
        [_console_script(), "check", str(MCI), "--format", "json", "-o", str(out), "--as-of", AS_OF],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert completed.returncode == 1, completed.stderr
    assert json.loads(out.read_text())["summary"]["total"] > 0


def test_console_script_bad_input_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: privacy.compliance/v1\nkind: Program\nmetadata: {id: Bad}\n")
    completed = subprocess.run([_console_script(), "check", str(bad)], capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert f"{bad}:3:12: metadata.id:" in completed.stderr


@pytest.mark.slow
def test_wheel_ships_policies_schemas_and_works_from_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(REPO)], check=True, capture_output=True)
    [wheel] = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "compliance/rego/main.rego" in names
    assert "compliance/rego/rules/security/dataset_encryption_at_rest.rego" in names
    assert "compliance/schemas/program.schema.json" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(SAMPLES, elsewhere / "samples")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import sys, compliance; assert compliance.__file__.startswith(sys.argv[1]), compliance.__file__;"
            "from compliance.cli import main; main(sys.argv[2:])")
    for sample in sorted(path.name for path in SAMPLES.iterdir() if path.is_dir()):
        completed = subprocess.run(
            [sys.executable, "-c", code, str(target), "check", f"samples/{sample}", "--format", "json",
             "--as-of", AS_OF, "--quiet"],
            capture_output=True, text=True, check=False, cwd=elsewhere, env=env,
        )
        assert completed.returncode in (0, 1), completed.stderr
        installed = json.loads(completed.stdout)
        golden = json.loads((GOLDEN / "check" / f"{sample}.json").read_text(encoding="utf-8"))
        # The same findings and inputs as the checkout gives (tests/golden.py), the tool's version aside.
        assert installed["findings"] == golden["findings"], sample
        assert installed["inputs"] == golden["inputs"], sample


def test_every_python_package_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists the packages (it maps rego/ and templates/ into the wheel): none may be missed."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(REPO).parts) for init in (REPO / "compliance").rglob("__init__.py")}
    assert found <= listed
    assert listed - found == {"compliance.rego", "compliance.templates"}
