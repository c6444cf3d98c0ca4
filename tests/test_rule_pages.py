"""docs/rules/ holds a page for every rule id, as compliance/rule_pages.py generates it."""

from __future__ import annotations

from compliance import catalog, rule_pages
from tests.conftest import REPO


def test_every_rule_has_an_up_to_date_page() -> None:
    wanted = rule_pages.pages()
    ids = {meta.id for meta in catalog.rules(catalog.build_bundle(catalog.policy_files(), {})).values()}
    assert {page.rsplit("/", 1)[-1].removesuffix(".md") for page in wanted} - {"README"} == ids
    present = {str(path.relative_to(rule_pages.DOCS)) for path in rule_pages.DOCS.rglob("*.md")}
    stale = sorted(page for page, text in wanted.items()
                   if not (rule_pages.DOCS / page).is_file()
                   or (rule_pages.DOCS / page).read_text(encoding="utf-8") != text)
    fix = "run `.venv/bin/python -m compliance.rule_pages`"
    assert stale == [], f"missing or stale pages under docs/rules ({fix}): {stale}"
    assert sorted(present - set(wanted)) == [], f"pages of no rule under docs/rules ({fix})"
    assert rule_pages.DOCS == REPO / "docs" / "rules"


def test_a_page_shows_the_law_the_fix_and_both_examples() -> None:
    page = (rule_pages.DOCS / "security" / "GDPR-SEC-001.md").read_text(encoding="utf-8")
    for part in ("## GDPR-SEC-001:", "GDPR Art. 32(1)(a)", "### How to fix it", "### Example that fires",
                 "### Example that passes", "checked on each dataset", "checked on the program"):
        assert part in page
