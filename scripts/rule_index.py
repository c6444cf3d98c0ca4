"""Regenerate the README's rule index from the rules' metadata: python scripts/rule_index.py"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from compliance.commands.rules import as_markdown, load_catalog

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- rule-index:start -->\n).*?(<!-- rule-index:end -->)", re.S)


def updated(text: str) -> str:
    return BLOCK.sub(lambda match: match[1] + as_markdown(load_catalog()) + match[2], text)


if __name__ == "__main__":
    README.write_text(updated(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.exit(0)
