"""The outputs of every sample and every Terraform plan of the tests, byte for byte (tests/golden.py).

A failure here is a change of findings, locations or plan reading. When it is meant, regenerate with
`.venv/bin/python -m tests.golden --update` and review the diff of tests/data/golden/.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden import GOLDEN, cases

CASES = cases()


def test_every_golden_file_has_a_case() -> None:
    held = sorted(path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*.json"))
    assert held == sorted(CASES), "run `python -m tests.golden --update`"


def test_the_cases_cover_every_sample_and_the_plans() -> None:
    assert {"check/mci.json", "check/terraform.json", "check/contact_centre.json",
            "terraform/analytics.json", "terraform/azure_storage_sql.json"} <= set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_unchanged(name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    actual = CASES[name]()
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                 f"golden/{name}", "now"))[:60])
        pytest.fail(f"tests/data/golden/{name} differs (`python -m tests.golden --update` if meant):\n{diff}")
