"""Each sample produces exactly the findings its README table documents."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest

from compliance.runner import RunOptions, run_check
from tests.conftest import AS_OF, SAMPLES

_ROW = re.compile(r"^\| `(?P<sample>[a-z_]+)/[^`]+` \| (?P<resources>[^|]+) \| (?P<rules>[^|]+) \|", re.M)
_RULE = re.compile(r"([A-Z]{2,4}(?:-[A-Z0-9]+)+-\d{3}) \((critical|high|medium|low|info)\)")


def documented(sample: str) -> tuple[Counter[tuple[str, str, str]], set[str]]:
    """(resource, rule, severity) triples the READMEs promise, and the resources they list at all.

    A sample's rows live in samples/README.md or in the sample's own README.md.
    """
    expected: Counter[tuple[str, str, str]] = Counter()
    listed: set[str] = set()
    readmes = (SAMPLES / "README.md", SAMPLES / sample / "README.md")
    text = "\n".join(path.read_text(encoding="utf-8") for path in readmes if path.exists())
    for row in _ROW.finditer(text):
        if row["sample"] != sample:
            continue
        resources = re.findall(r"`([^`]+)`", row["resources"])
        listed.update(resources)
        for resource in resources:
            for rule, severity in _RULE.findall(row["rules"]):
                expected[(resource, rule, severity)] += 1
    return expected, listed


@pytest.mark.parametrize("sample", ["mci", "terraform", "contact_centre", "us_employer", "well_run"])
def test_sample_findings_match_its_readme(sample: str) -> None:
    expected, listed = documented(sample)
    assert expected, f"samples/README.md has no table rows for {sample}"
    result = run_check(RunOptions(paths=(str(SAMPLES / sample),), as_of=datetime.date.fromisoformat(AS_OF)))
    actual = Counter((f.resource, f.rule, f.severity.value) for f in result.findings)
    assert actual == expected
    assert {f.resource for f in result.findings} <= listed
