"""docs/rules/<area>/<ID>.md: one page per rule id, generated from the rule's METADATA and its tests.

Each page is what `compliance explain ID --format markdown` prints (compliance/explain.py gathers
it: the law, the fields, the fix, and an example that fires and one that passes, both taken from
the rule's own tests and proven on the engine), so the pages, `explain` and the README's rule index
(`compliance rules --format markdown`) all read one source. Regenerate after changing a rule:

    .venv/bin/python -m compliance.rule_pages

tests/test_rule_pages.py fails when a page is missing, stale or left over.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from compliance import catalog
from compliance.commands.explain import render
from compliance.explain import explain_rule, param_defaults
from compliance.resources import PACKAGE_ROOT

DOCS = PACKAGE_ROOT.parent / "docs" / "rules"
_HEADER = "<!-- Generated from the rule's METADATA and tests by `python -m compliance.rule_pages`; do not edit. -->\n\n"


def pages() -> dict[str, str]:
    """Page path (relative to docs/rules) -> its text, for every shipped rule id, and the index."""
    files = catalog.policy_files()
    checks = catalog.by_id(catalog.rules(catalog.build_bundle(files, {})).values())
    defaults = param_defaults(files)
    result: dict[str, str] = {}
    index = ["# Rules", "", "One page per rule id, generated from its METADATA and its tests "
             "(`compliance explain ID` prints the same).", "", "| Rule | Severity | Title |", "| --- | --- | --- |"]
    for rule_id, metas in sorted(checks.items()):
        owner = metas[0]
        explained = tuple(explain_rule(meta, files, defaults) for meta in metas)
        page = f"{owner.area}/{rule_id}.md"
        result[page] = _HEADER + render(explained, "markdown").rstrip("\n") + "\n"
        index.append(f"| [{rule_id}]({page}) | {owner.severity.value} | {owner.title.replace('|', '/')} |")
    result["README.md"] = _HEADER + "\n".join(index) + "\n"
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate docs/rules/ from the rules' METADATA and tests.")
    parser.add_argument("--dir", type=Path, default=DOCS, help="the docs/rules directory (default: the checkout's)")
    target = parser.parse_args(argv).dir
    wanted = pages()
    for stale in sorted(target.rglob("*.md")) if target.exists() else []:
        if str(stale.relative_to(target)) not in wanted:
            stale.unlink()
    for relative, text in wanted.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
