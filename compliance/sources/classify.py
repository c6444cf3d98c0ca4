"""Which program, data categories and sensitivity a discovered table belongs to.

Each value comes from the first of these that has it, and the dataset records where
(`provenance`):

1. a `DatasetMapping` entry whose `match` glob fits the table's qualified name (`mapping:<id>#<n>`,
   the first matching entry wins);
2. the table's native tags or labels (`tag:<key>`; keys set by Config `discover.tags`);
3. a table comment holding `compliance: program=mci categories=keystrokes,screenshots sensitivity=4`
   (`comment`), for catalogs without tags (PostgreSQL, MySQL, Redshift).

A table none of them classifies is unclassified: `personal_data` stays null (never assumed
non-personal), which GDPR-ROPA-002 reports. A table given a program but no `personal_data` is taken
to hold personal data: the programs this tool judges process people's data.

Facts a mapping entry declares that the source observes too (readers, encryption, retention, audit
logging) are compared: the observed value is used, and a difference is recorded as `drift` with both
values, which the rule of that fact reports.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from compliance.loaders.document import Document

CLASSIFYING = ("program", "data_categories", "personal_data", "sensitivity")
DEFAULT_TAG_KEYS = {name: name for name in CLASSIFYING}
# Facts a mapping may declare, as paths into a dataset; the source may observe some of them.
DECLARED_FACTS = (
    ("encryption", "at_rest"), ("encryption", "key_ref"), ("encryption", "in_transit"),
    ("access", "readers"), ("access", "writers"), ("retention", "ttl_days"), ("audit_logging",),
    ("location", "country"), ("location", "region"),
)
_COMMENT = re.compile(r"compliance:\s*(?P<pairs>[^\n]*)")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


@dataclass
class DatasetMapping:
    """A loaded, schema-valid DatasetMapping document; remembers which entries matched."""

    document: Document | None = None
    used: set[int] = field(default_factory=set)

    @property
    def id(self) -> str:
        return (self.document.id if self.document is not None else None) or "mapping"

    @property
    def entries(self) -> list[dict[str, Any]]:
        if self.document is None:
            return []
        return list(self.document.value.get("datasets") or [])

    def match(self, names: Sequence[str]) -> tuple[int, dict[str, Any]] | None:
        for index, entry in enumerate(self.entries):
            pattern = entry["match"]
            if any(fnmatch.fnmatchcase(name, pattern) for name in names):
                self.used.add(index)
                return index, entry
        return None

    def unused(self) -> list[tuple[int, str]]:
        return [(index, entry["match"]) for index, entry in enumerate(self.entries) if index not in self.used]


def parse_comment(comment: str | None) -> dict[str, str]:
    """The key=value pairs after `compliance:` in a table comment ({} when there are none)."""
    if not comment:
        return {}
    found = _COMMENT.search(comment)
    if found is None:
        return {}
    pairs: dict[str, str] = {}
    for token in found.group("pairs").split():
        key, separator, value = token.partition("=")
        if separator and key and value:
            pairs[key.strip().lower()] = value.strip()
    return pairs


def _comment_values(pairs: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "program" in pairs:
        values["program"] = pairs["program"]
    categories = pairs.get("categories", pairs.get("data_categories"))
    if categories is not None:
        values["data_categories"] = [item for item in categories.split(",") if item]
    if pairs.get("sensitivity", "").isdigit():
        values["sensitivity"] = int(pairs["sensitivity"])
    personal = pairs.get("personal_data", "").lower()
    if personal in _TRUE | _FALSE:
        values["personal_data"] = personal in _TRUE
    return values


def _tag_values(tags: Mapping[str, str], keys: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    values: dict[str, tuple[Any, str]] = {}
    for name in CLASSIFYING:
        key = keys.get(name) or name
        if key not in tags:
            continue
        raw = str(tags[key]).strip()
        if name == "data_categories":
            values[name] = ([item.strip() for item in re.split(r"[,;]", raw) if item.strip()], f"tag:{key}")
        elif name == "sensitivity" and raw.isdigit() and 1 <= int(raw) <= 4:
            values[name] = (int(raw), f"tag:{key}")
        elif name == "personal_data" and raw.lower() in _TRUE | _FALSE:
            values[name] = (raw.lower() in _TRUE, f"tag:{key}")
        elif name == "program" and raw:
            values[name] = (raw, f"tag:{key}")
    return values


@dataclass
class Classifier:
    mapping: DatasetMapping = field(default_factory=DatasetMapping)
    tag_keys: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TAG_KEYS))
    unmatched: list[str] = field(default_factory=list)  # tables no mapping entry fits (a mapping was given)

    def classify(self, dataset: dict[str, Any], names: Sequence[str], tags: Mapping[str, str] | None = None,
                 comment: str | None = None) -> None:
        """Fill `dataset` (observed facts already in it) with its classification, provenance and drift."""
        provenance: dict[str, str] = dict(dataset.pop("provenance", {}) or {})
        hit = self.mapping.match(names)
        if hit is None and self.mapping.document is not None:
            self.unmatched.append(names[0])
        sources: list[dict[str, tuple[Any, str]]] = []
        if hit is not None:
            index, entry = hit
            where = f"mapping:{self.mapping.id}#{index}"
            sources.append({name: (entry[name], where) for name in CLASSIFYING if entry.get(name) is not None})
        if tags:
            sources.append(_tag_values(tags, self.tag_keys))
        sources.append({name: (value, "comment") for name, value in _comment_values(parse_comment(comment)).items()})
        for name in CLASSIFYING:
            for values in sources:
                if name in values:
                    dataset[name], provenance[name] = values[name]
                    break
        if dataset.get("personal_data") is None:
            dataset["personal_data"] = True if dataset.get("program") else None
            if dataset["personal_data"] is not None:
                provenance["personal_data"] = f"{provenance['program']} (implied by program)"
        if hit is not None:
            _declare(dataset, hit[1], f"mapping:{self.mapping.id}#{hit[0]}", provenance)
        if provenance:
            dataset["provenance"] = dict(sorted(provenance.items()))


def _get(node: Mapping[str, Any], path: Sequence[str]) -> Any:
    for part in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)  # type: ignore[assignment]
    return node


def _same(declared: Any, observed: Any) -> bool:
    if isinstance(declared, list) and isinstance(observed, list):
        return sorted(map(str, declared)) == sorted(map(str, observed))
    return bool(declared == observed)


def _declare(dataset: dict[str, Any], entry: Mapping[str, Any], where: str, provenance: dict[str, str]) -> None:
    """Declared facts of a mapping entry into the dataset: used where the source observed nothing,
    compared (and recorded as drift where they differ) where it did."""
    drift: list[dict[str, Any]] = list(dataset.get("drift", []))
    for path in DECLARED_FACTS:
        declared = _get(entry, path)
        if declared is None:
            continue
        observed = _get(dataset, path)
        dotted = ".".join(path)
        # An observed absence (a bucket without a lifecycle rule: kept indefinitely) is observed too.
        if observed is None and not provenance.get(dotted, "").startswith("observed"):
            node = dataset
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = declared
            provenance[dotted] = where
        elif not _same(declared, observed):
            drift.append({"field": dotted, "declared": declared, "observed": observed, "declared_by": where})
    if drift:
        dataset["drift"] = drift


def mapping_warnings(mapping: DatasetMapping, unmatched: Iterable[str], shown: int = 10) -> list[str]:
    """What a mapping left out: patterns that matched no table, tables no pattern matched."""
    if mapping.document is None:
        return []
    lines = [f"{mapping.document.path}: datasets[{index}].match {pattern!r} matched no table"
             for index, pattern in mapping.unused()]
    tables = list(unmatched)
    if tables:
        listed = ", ".join(tables[:shown]) + (f" and {len(tables) - shown} more" if len(tables) > shown else "")
        lines.append(f"{mapping.document.path}: {len(tables)} table{'s' if len(tables) != 1 else ''} "
                     f"matched no entry (unclassified unless a tag or comment says otherwise): {listed}")
    return lines
