"""A clone holds its whole contract: no tracked file points at documents outside the repository.

The product contract, the rule catalog and the engine notes the code was first written against are
not part of the repository. What users and maintainers need of them lives in README.md, docs/ and
the rules' METADATA, so no code, test, comment or doc may cite the outside files (by name, by their
section numbers, or by a path out of the checkout).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Built from pieces so that this file does not match itself.
_OUTSIDE = "|".join((
    r"\.\." + "/shared",
    "/work/" + "shared",
    r"\b(?:SPEC|RULES|ENGINES|STYLE|CONNECTORS)" + r"\.md\b",
    r"\b(?:SPEC|RULES)" + r"(?: section)? \d",
))
OUTSIDE = re.compile(_OUTSIDE)

# Directories that are never part of the repository's content when the tree is walked instead.
_NOT_CONTENT = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".mypy_cache", ".pytest_cache",
                ".ruff_cache", "node_modules"}


def tracked_files() -> list[Path]:
    """The repository's tracked files (git ls-files); the tree itself where git cannot say."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True,
                                timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return [p for p in ROOT.rglob("*")
                if p.is_file() and not _NOT_CONTENT & set(p.relative_to(ROOT).parts)
                and not p.name.endswith(".egg-info")]
    return [ROOT / name for name in listed.decode().split("\0") if name]


def outside_references(text: str) -> list[tuple[int, str]]:
    """(line number, line) of each line that cites a document outside the repository."""
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)
            if OUTSIDE.search(line)]


@pytest.mark.parametrize("line", [
    "# Applicability layer (RULES" ".md section 4): which law packs reach a program.",
    "CHUNK = 1_000  # (../" "shared/ENGINES" ".md: faster)",
    '"""Waivers (SPEC' ' 2.5): accepted exceptions."""',
    "exit codes of SPEC" " section 4.",
    "the risk maps below rate the harm to people (RULES" " 7.2).",
    "see /work/" "shared/corpora",
])
def test_an_outside_reference_is_caught(line: str) -> None:
    assert outside_references(f"first line\n{line}\n") == [(2, line.strip())]


@pytest.mark.parametrize("line", [
    "COUNTING_RULES = 3",
    '_FILESPEC = re.compile(rb"/Type")',
    "See docs/method.md#applicability and README.md, 'Exit codes'.",
    "shared helpers (finding builders, params)",
])
def test_an_inside_reference_is_not_caught(line: str) -> None:
    assert outside_references(line) == []


def test_no_tracked_file_points_outside_the_repository() -> None:
    files = tracked_files()
    assert len(files) > 100 and ROOT / "README.md" in files
    hits = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary (fonts, Parquet, PDF) or deleted in the work tree
        hits += [f"{path.relative_to(ROOT)}:{number}: {line}" for number, line in outside_references(text)]
    assert not hits, "these lines cite files a clone does not have; say the thing, or point into the repository:\n" + \
        "\n".join(hits)
