"""Apache Ranger (Hive): who can read each table, from a policy export joined to the metastore's
table list and Ranger's roles export.

    compliance discover ranger POLICIES.json --tables TABLES [--roles ROLES.json]

Reads the export as Ranger writes it (`{"policies": [...]}` from 2.4 and earlier, indented with
every field; one line without empty fields from 2.5; or the v2 API's bare array) and evaluates it
as Ranger's policy engine does for `select` on each table:

- only enabled access policies (`isEnabled`, `policyType` 0; data-mask and row-filter items grant
  nothing, and a row filter makes the readers approximate) whose `database` and `table` resources
  match (case-insensitive `*` and `?` wildcards, `isExcludes` inverting); a database-only policy
  does not cover its tables;
- an allow item (`policyItems`, access `select` or `all`) grants its users, groups and roles, minus
  its own `allowExceptions`; a deny item (`denyPolicyItems`) minus its own `denyExceptions` takes them
  away; an override policy (`policyPriority` 1) beats normal ones; `isDenyAllElse` denies everyone
  the policy does not allow;
- roles expand to their users, groups and nested roles; the group `public` is every user, also
  inside a role; `{OWNER}` is the owner column of the table list, or unknown.
- Tags (`--tags`, the tag service's export: tags on databases and tables, not columns) classify
  tables; tag-based policies are not evaluated.

Group members are not in these exports (they come from LDAP or AD), so a deny on a group beside an
allow on a user, item conditions, column-specific policies and validity schedules make the result
approximate, and the dataset says why. Audit logging is on where a matching policy has
`isAuditEnabled` (the default).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.limits import DEFAULT_MAX_BYTES
from compliance.loaders.document import Document, format_path
from compliance.sources.interface import LiveRequest, SourceError, SourceResult
from compliance.sources.principals import EVERYONE, Holders, Principal, PrincipalGraph, access_of, render
from compliance.sources.snapshot import dataset_id, document, inventory, observed_now

READ_ACCESSES = {"select", "all"}
OWNER = "{OWNER}"


@dataclass(frozen=True)
class Table:
    database: str
    name: str
    owner: str | None = None
    comment: str | None = None

    @property
    def qualified(self) -> str:
        return f"{self.database}.{self.name}"


@dataclass
class _Grant:
    """The principals a set of policy items names, and why the set is only approximate."""

    principals: set[str] = field(default_factory=set)  # graph keys: user:x, group:x, role:x, EVERYONE
    reasons: list[str] = field(default_factory=list)


class RangerSource:
    name: ClassVar[str] = "ranger"

    def discover(self, request: LiveRequest) -> SourceResult:
        max_bytes = int(request.options.get("max_bytes", DEFAULT_MAX_BYTES))
        problems: list[Problem] = []
        policies_doc = _load_json(request.target, max_bytes, problems, "the policy export")
        tables_path = request.options.get("tables")
        if not tables_path:
            raise SourceError("ranger: --tables FILE is required (the metastore's table list: SHOW TABLES output "
                              "as db.table lines, or a CSV with database and table columns)")
        tables = _load_tables(str(tables_path), max_bytes, problems)
        roles_path = request.options.get("roles")
        roles_doc = _load_json(str(roles_path), max_bytes, problems, "the roles export") if roles_path else None
        tags_path = request.options.get("tags")
        tags_doc = _load_json(str(tags_path), max_bytes, problems, "the tag export") if tags_path else None
        if problems or policies_doc is None:
            return SourceResult(problems=tuple(problems))
        policies = _policies(policies_doc, problems)
        graph = PrincipalGraph()
        if roles_doc is not None:
            _roles(roles_doc, graph, problems)
        tags = _service_tags(tags_doc, problems) if tags_doc is not None else {}
        if problems:
            return SourceResult(problems=tuple(problems))
        return _evaluate(request, policies, tables, graph, tags)


def _load_json(path: str, max_bytes: int, problems: list[Problem], what: str) -> Document | None:
    from compliance.loaders.yaml_json import LoadError, load_file

    if not Path(path).exists():
        problems.append(Problem(path, None, None, "", f"no such file ({what})"))
        return None
    try:
        documents = load_file(Path(path), max_bytes=max_bytes)
    except LoadError as error:
        problems.append(error.problem)
        return None
    if len(documents) != 1:
        problems.append(Problem(path, 1, 1, "", f"expected one JSON document ({what}), found {len(documents)}"))
        return None
    return documents[0]


def _problem(document: Document, path: tuple[str | int, ...], message: str) -> Problem:
    position = document.locate(path)
    return Problem(document.path, position.line, position.column, format_path(path), message)


def _items(document: Document, key: str, problems: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    """The entries of an export's list (`policies`, `roles`), or of a bare array (the v2 API)."""
    value = document.value
    listed = value if isinstance(value, list) else value.get(key) if isinstance(value, dict) else None
    prefix: tuple[str | int, ...] = () if isinstance(value, list) else (key,)
    if not isinstance(listed, list):
        problems.append(_problem(document, prefix, f"expected a list of {key} (a Ranger export: "
                                 f'{{"{key}": [...]}} or a bare array)'))
        return []
    found = []
    for index, entry in enumerate(listed):
        if isinstance(entry, dict):
            found.append((index, entry))
        else:
            problems.append(_problem(document, (*prefix, index), f"expected an object, got {type(entry).__name__}"))
    return found


def _names(values: Any) -> list[str]:
    """A list of names as exports write them: strings, or objects with a name (roles' members)."""
    if not isinstance(values, list):
        return []
    return [str(value.get("name")) if isinstance(value, dict) else str(value) for value in values
            if value is not None and (not isinstance(value, dict) or value.get("name") is not None)]


@dataclass(frozen=True)
class _Policy:
    index: int
    raw: dict[str, Any]

    @property
    def label(self) -> str:
        return f"policy {self.raw.get('id', self.index)} {self.raw.get('name', '')!r}".rstrip()

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw.get(key)
        return default if value is None else bool(value)


def _policies(document: Document, problems: list[Problem]) -> list[_Policy]:
    found = []
    for index, raw in _items(document, "policies", problems):
        service_type = str(raw.get("serviceType") or "hive").lower()
        resources = raw.get("resources")
        if service_type != "hive" or not isinstance(resources, dict):
            continue
        if not isinstance(resources.get("database"), dict) or not isinstance(resources.get("table"), dict):
            continue  # url, udf, hiveservice and database-only policies do not cover tables
        found.append(_Policy(index, raw))
    return found


def _roles(document: Document, graph: PrincipalGraph, problems: list[Problem]) -> None:
    for _, role in _items(document, "roles", problems):
        name = role.get("name")
        if not isinstance(name, str):
            continue
        key = f"role:{name}"
        for user in _names(role.get("users")):
            graph.add_membership(f"user:{user}", key)
        for group in _names(role.get("groups")):
            graph.add_membership(EVERYONE if group.lower() == "public" else f"group:{group}", key)
        for inner in _names(role.get("roles")):
            graph.add_membership(f"role:{inner}", key)


def _service_tags(document: Document, problems: list[Problem]) -> dict[tuple[str, ...], dict[str, str]]:
    """Tags of the tag service's export (ServiceTags: `tags`, `serviceResources`, `resourceToTagIds`)
    by (database,) and (database, table), lower-case; column tags are left out. A tag's value is its
    `value` attribute, else its only attribute, else "true"."""
    value = document.value if isinstance(document.value, dict) else {}
    tags, resources, links = value.get("tags"), value.get("serviceResources"), value.get("resourceToTagIds")
    if not isinstance(tags, dict) or not isinstance(resources, list) or not isinstance(links, dict):
        problems.append(_problem(document, (), "expected a Ranger tag export (ServiceTags) with tags, "
                                 "serviceResources and resourceToTagIds"))
        return {}
    found: dict[tuple[str, ...], dict[str, str]] = {}
    for resource in resources:
        elements = resource.get("resourceElements") if isinstance(resource, dict) else None
        if not isinstance(elements, dict) or "column" in elements:
            continue
        databases = _names((elements.get("database") or {}).get("values"))
        tables = _names((elements.get("table") or {}).get("values")) if "table" in elements else [None]
        for tag_id in links.get(str(resource.get("id")), []) or []:
            tag = tags.get(str(tag_id))
            if not isinstance(tag, dict) or not tag.get("type"):
                continue
            raw = tag.get("attributes")
            attributes: dict[str, Any] = raw if isinstance(raw, dict) else {}
            text = attributes.get("value", next(iter(attributes.values())) if len(attributes) == 1 else "true")
            for database in databases:
                for table in tables:
                    key = (database.lower(),) if table is None else (database.lower(), table.lower())
                    found.setdefault(key, {})[str(tag["type"])] = str(text)
    return found


_TABLE_HEADERS = {"tab_name", "tablename", "table_name", "name"}


def _load_tables(path: str, max_bytes: int, problems: list[Problem]) -> list[Table]:
    """The metastore's tables: a CSV with database and table columns (owner, comment optional), or
    SHOW TABLES output (plain or beeline's boxes) with one db.table a line."""
    from compliance.loaders.yaml_json import LoadError, read_limited

    try:
        raw = read_limited(Path(path), path, max_bytes)
    except LoadError as error:
        problems.append(error.problem)
        return []
    text = raw.decode("utf-8", errors="replace")
    if path.lower().endswith(".csv"):
        return _csv_tables(path, text, problems)
    tables = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        cells = [cell for cell in cells if cell]
        if not cells or set(line.strip()) <= set("+-| ") or cells[-1].lower() in _TABLE_HEADERS:
            continue
        if len(cells) == 2:
            database, name = cells
        elif "." in cells[0]:
            database, name = cells[0].split(".", 1)
        else:
            problems.append(Problem(path, number, 1, "", f"{cells[0]!r}: expected a qualified table name "
                                    "(database.table), or a database and a table cell"))
            continue
        tables.append(Table(database, name))
    return tables


def _csv_tables(path: str, text: str, problems: list[Problem]) -> list[Table]:
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower(): name for name in reader.fieldnames or []}
    database_column = next((columns[n] for n in ("database", "db", "database_name", "db_name") if n in columns), None)
    table_column = next((columns[n] for n in ("table", "table_name", "tab_name", "tablename") if n in columns), None)
    if database_column is None or table_column is None:
        problems.append(Problem(path, 1, 1, "", "expected a header with database and table columns "
                                "(owner and comment optional)"))
        return []
    tables = []
    for number, row in enumerate(reader, start=2):
        database, name = (row.get(database_column) or "").strip(), (row.get(table_column) or "").strip()
        if not database or not name:
            problems.append(Problem(path, number, 1, "", "a row without a database or a table name"))
            continue
        owner = (row.get(columns.get("owner", ""), "") or "").strip() or None
        comment = (row.get(columns.get("comment", ""), "") or "").strip() or None
        tables.append(Table(database, name, owner, comment))
    return tables


def _pattern(values: Sequence[str]) -> re.Pattern[str]:
    parts = ["".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in value) for value in values]
    return re.compile("(?:" + "|".join(parts) + ")\\Z", re.IGNORECASE | re.DOTALL)


def _matches(resource: Mapping[str, Any], value: str) -> bool:
    values = _names(resource.get("values"))
    found = bool(values) and _pattern(values).match(value) is not None
    return found != bool(resource.get("isExcludes"))


def _column_specific(resources: Mapping[str, Any]) -> bool:
    column = resources.get("column")
    if not isinstance(column, dict):
        return False
    values = _names(column.get("values"))
    return bool(column.get("isExcludes")) or "*" not in values


def _grants_read(item: Mapping[str, Any]) -> bool:
    accesses = item.get("accesses")
    if not isinstance(accesses, list):
        return False
    return any(isinstance(access, dict) and str(access.get("type", "")).lower() in READ_ACCESSES
               and access.get("isAllowed", True) is not False for access in accesses)


def _principals(item: Mapping[str, Any], table: Table) -> tuple[set[str], list[str]]:
    keys: set[str] = set()
    reasons: list[str] = []
    for user in _names(item.get("users")):
        if user == OWNER:
            if table.owner:
                keys.add(f"user:{table.owner}")
            else:
                reasons.append("{OWNER} is granted, and the table list names no owner")
        elif not user.startswith("{"):
            keys.add(f"user:{user}")
    for group in _names(item.get("groups")):
        keys.add(EVERYONE if group.lower() == "public" else f"group:{group}")
    keys.update(f"role:{role}" for role in _names(item.get("roles")))
    return keys, reasons


def _in_schedule(policy: _Policy, now: datetime.datetime) -> tuple[bool, str | None]:
    """Whether a policy with validitySchedules is in force now; recurrences make it approximate."""
    schedules = policy.raw.get("validitySchedules")
    if not isinstance(schedules, list) or not schedules:
        return True, None
    for schedule in schedules:
        if not isinstance(schedule, dict):
            continue
        start, end = _when(schedule.get("startTime")), _when(schedule.get("endTime"))
        if (start is None or start <= now) and (end is None or now <= end):
            if schedule.get("recurrences"):
                return True, f"{policy.label} applies only at recurring times"
            return True, None
    return False, None


def _when(text: Any) -> datetime.datetime | None:
    if not isinstance(text, str):
        return None
    for layout in ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), layout)
        except ValueError:
            continue
    return None


@dataclass
class _Tier:
    allow: set[str] = field(default_factory=set)
    deny: set[str] = field(default_factory=set)
    # Whom a deny of everyone leaves (its exceptions), or an isDenyAllElse policy allows: readers
    # must be among each (an override policy's limit holds for every policy, a normal one's for normal ones).
    only: list[set[str]] = field(default_factory=list)


def _collect(policies: Iterable[_Policy], table: Table, now: datetime.datetime,
             reasons: list[str], notes: dict[str, str]) -> tuple[_Tier, _Tier, bool]:
    tiers = (_Tier(), _Tier())  # override, normal
    audited = False
    for policy in policies:
        raw = policy.raw
        resources = raw["resources"]
        if not policy.flag("isEnabled", True) or not (
                _matches(resources["database"], table.database) and _matches(resources["table"], table.name)):
            continue
        if int(raw.get("policyType") or 0) == 2 and raw.get("rowFilterPolicyItems"):
            reasons.append(f"{policy.label} filters the rows some readers see")
        if int(raw.get("policyType") or 0) != 0:  # data-mask and row-filter policies grant nothing
            continue
        in_force, note = _in_schedule(policy, now)
        if not in_force:
            continue
        if note:
            reasons.append(note)
        audited = audited or policy.flag("isAuditEnabled", True)
        tier = tiers[0] if int(raw.get("policyPriority") or 0) >= 1 else tiers[1]
        partial = _column_specific(resources)
        allowed_here: set[str] = set()
        for kind, exceptions_key, target in (("policyItems", "allowExceptions", tier.allow),
                                             ("denyPolicyItems", "denyExceptions", tier.deny)):
            excepted = _excepted(raw.get(exceptions_key), table, reasons)
            for item in raw.get(kind) or []:
                if not isinstance(item, dict) or not _grants_read(item):
                    continue
                keys, item_reasons = _principals(item, table)
                reasons.extend(f"{policy.label}: {reason}" for reason in item_reasons)
                if item.get("conditions"):
                    reasons.append(f"{policy.label} has conditions on an item")
                if kind == "denyPolicyItems" and partial:
                    reasons.append(f"{policy.label} denies some columns only")
                    continue
                kept = keys - excepted
                if kind == "denyPolicyItems" and EVERYONE in kept:
                    kept.discard(EVERYONE)
                    tier.only.append(excepted)  # everyone denied but the exceptions
                if excepted and (kept & {EVERYONE} or any(k.startswith(("group:", "role:")) for k in kept)):
                    reasons.append(f"{policy.label}: exceptions may cover members of the groups it names")
                target.update(kept)
                if kind == "policyItems":
                    allowed_here.update(kept)
                    if partial:
                        reasons.append(f"{policy.label} allows some columns only")
                    for key in kept:
                        notes.setdefault(key, f"{policy.label} allows select")
        if policy.flag("isDenyAllElse", False):
            tier.only.append(allowed_here)
    return tiers[0], tiers[1], audited


def _excepted(exceptions: Any, table: Table, reasons: list[str]) -> set[str]:
    keys: set[str] = set()
    for item in exceptions or []:
        if isinstance(item, dict) and _grants_read(item):
            found, item_reasons = _principals(item, table)
            keys |= found
            reasons.extend(item_reasons)
            if item.get("conditions"):
                reasons.append("an exception has conditions")
    return keys


def _minus(allowed: Holders, denied: Holders, reasons: list[str]) -> Holders:
    """allowed without denied. Group members are unknown here, so a principal allowed by name stays
    when a group or role is denied, and the result says it is approximate."""
    if denied.everyone:
        return Holders(False, {})
    paths = {key: path for key, path in allowed.paths.items() if key not in denied.paths}
    containers = any(not key.startswith("user:") for key in denied.paths)
    if (paths or allowed.everyone) and denied.paths and (containers or allowed.everyone):
        reasons.append("a deny item takes away users or groups whose members the export does not list")
    return Holders(allowed.everyone, paths)


def _evaluate(request: LiveRequest, policies: list[_Policy], tables: list[Table], graph: PrincipalGraph,
              tags: dict[tuple[str, ...], dict[str, str]]) -> SourceResult:
    everyone_label = str(request.options.get("everyone") or "group:all-employees")
    classifier = request.options.get("classifier")
    now = datetime.datetime.now()
    datasets = []
    for done, table in enumerate(tables, start=1):
        reasons: list[str] = []
        notes: dict[str, str] = {}
        override, normal, audited = _collect(policies, table, now, reasons, notes)
        for tier in (override, normal):
            for key in tier.allow | tier.deny:
                if key != EVERYONE and key not in graph.principals:
                    kind = key.split(":", 1)[0]
                    name = key.split(":", 1)[1]
                    graph.add(Principal(key, f"group:role/{name}" if kind == "role" else key, kind == "user"))
                    if kind == "group":
                        graph.opaque.add(key)
        override_allow = _minus(graph.holders(override.allow), graph.holders(override.deny), reasons)
        normal_allow = _minus(graph.holders(normal.allow), graph.holders(normal.deny | override.deny), reasons)
        for allowed in override.only:
            override_allow = override_allow.intersect(graph.holders(allowed))
        for allowed in [*override.only, *normal.only]:
            normal_allow = normal_allow.intersect(graph.holders(allowed))
        readers = override_allow.union(normal_allow)
        for key in readers.paths:  # a user reached through a role: a login; members of groups unknown
            if key not in graph.principals and key.startswith("user:"):
                graph.add(Principal(key, key, True))
            elif key not in graph.principals and key.startswith("group:"):
                graph.add(Principal(key, key, False))
                graph.opaque.add(key)
            elif key not in graph.principals and key.startswith("role:"):
                graph.add(Principal(key, f"group:role/{key.split(':', 1)[1]}", False))
        rendered = render(graph, readers, everyone_label, {**notes, EVERYONE: notes.get(EVERYONE, "group public")},
                          None)
        access = access_of(rendered, reasons)
        dataset: dict[str, Any] = {
            "id": dataset_id(table.qualified), "name": table.qualified, "table_type": "table",
            "access": access, "audit_logging": audited,
            "provenance": {"access.readers": "observed", "audit_logging": "observed"},
        }
        if table.owner:
            dataset["owner"] = f"user:{table.owner}"
        if classifier is not None:
            table_tags = {**tags.get((table.database.lower(),), {}),
                          **tags.get((table.database.lower(), table.name.lower()), {})}  # the table's win
            classifier.classify(dataset, [table.qualified], tags=table_tags, comment=table.comment)
        else:
            dataset["personal_data"] = None
        datasets.append(dataset)
        if request.progress is not None and (done % 1000 == 0 or done == len(tables)):
            request.progress(done, len(tables))
    source = f"ranger:{Path(request.target).name} + {Path(str(request.options.get('tables'))).name}"
    name = str(request.options.get("inventory_id") or f"ranger-{Path(request.target).stem}")
    value = inventory(name, "Apache Ranger (Hive) policies", "hive", source, observed_now(), datasets)
    return SourceResult(documents=(document(value, request.target),))
