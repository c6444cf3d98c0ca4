"""PostgreSQL: who can read each table, from the catalogs themselves (psycopg 3).

Read from the raw catalogs, which every role may read, never from `information_schema`, whose
privilege views show only the caller's own grants:

- tables, partitions, views and materialized views from `pg_class` (rows from `reltuples`, comments
  from `pg_description`, row-level security from `relrowsecurity`); `SELECT` on some columns
  (`pg_attribute.attacl`) makes a reader of those columns;
- a plain view runs with its owner's privileges (unless `security_invoker`): its readers read the
  relations under it (`pg_rewrite` / `pg_depend`, views of views followed), and are listed there too;
- table `SELECT` and schema `USAGE` grants from `aclexplode(relacl)` / `aclexplode(nspacl)` (with
  `acldefault` where the ACL is still the default, which is how owners read); grantee 0 is `PUBLIC`;
- role membership from `pg_auth_members`, inheriting per the member's `rolinherit` (PostgreSQL 15)
  or the grant's `inherit_option` (16 and later); `pg_database_owner` holds the database's owner;
- implicit readers: superusers, and members of `pg_read_all_data` (which reads every table and uses
  every schema without an ACL entry);
- audit logging from pgaudit (loaded, and `pgaudit.log` covering `read` or `all` session-wide;
  object auditing through `pgaudit.role` is not read); in transit from
  `ssl` (and, where readable, whether `pg_hba.conf` lets a TCP client in without TLS).

Encryption at rest cannot be seen from SQL: it stays declared (a DatasetMapping). The connection
string's password (and `PGPASSWORD`, `.pgpass`) are used by libpq and never printed or written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from compliance.sources.dbapi import scrub
from compliance.sources.interface import LiveRequest, SourceError, SourceResult
from compliance.sources.principals import EVERYONE, Holders, Principal, PrincipalGraph, access_of, render
from compliance.sources.snapshot import dataset_id, document, inventory, observed_now

TABLE_KINDS = {"r": "table", "p": "partitioned_table", "v": "view", "m": "materialized_view", "f": "foreign_table",
               "partition": "partition"}
_SYSTEM_SCHEMAS = "n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' " \
                  "and n.nspname not like 'pg\\_temp\\_%'"

ROLES = "select oid, rolname, rolsuper, rolinherit, rolcanlogin from pg_roles"
MEMBERS_15 = "select m.member, m.roleid, r.rolinherit from pg_auth_members m join pg_roles r on r.oid = m.member"
MEMBERS_16 = "select member, roleid, inherit_option from pg_auth_members"
SCHEMAS = f"""
select n.nspname, coalesce(array_agg(a.grantee) filter (where a.privilege_type = 'USAGE'), '{{}}')
from pg_namespace n
left join lateral aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a on true
where {_SYSTEM_SCHEMAS}
group by n.nspname
"""
TABLES = f"""
select n.nspname, c.relname, case when c.relispartition then 'partition' else c.relkind::text end,
       c.relowner, c.reltuples::float8, c.relrowsecurity, d.description,
       coalesce(array_agg(a.grantee) filter (where a.privilege_type = 'SELECT'), '{{}}')
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_description d on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
left join lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a on true
where c.relkind in ('r', 'p', 'v', 'm', 'f') and {_SYSTEM_SCHEMAS}
group by n.nspname, c.relname, c.relkind, c.relowner, c.reltuples, c.relrowsecurity, d.description, c.relispartition
"""
COLUMN_GRANTS = """
select n.nspname, c.relname, array_agg(distinct g.grantee)
from pg_attribute a
join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace,
lateral aclexplode(a.attacl) g
where a.attacl is not null and not a.attisdropped and g.privilege_type = 'SELECT'
group by n.nspname, c.relname
"""
# Plain views that run with their owner's privileges (not security_invoker), and what they read.
VIEW_BASES = """
select distinct vn.nspname, v.relname, bn.nspname, b.relname
from pg_class v
join pg_namespace vn on vn.oid = v.relnamespace
join pg_rewrite r on r.ev_class = v.oid
join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
                and d.refclassid = 'pg_class'::regclass and d.refobjid <> v.oid
join pg_class b on b.oid = d.refobjid
join pg_namespace bn on bn.oid = b.relnamespace
where v.relkind = 'v' and b.relkind in ('r', 'p', 'v', 'm', 'f')
  and coalesce(array_to_string(v.reloptions, ',') !~* 'security_invoker=(true|on|yes|1)', true)
"""
SETTINGS = """
select current_database(), current_setting('ssl'), current_setting('pgaudit.log', true),
       (select datdba from pg_database where datname = current_database()),
       current_setting('server_version_num')::int
"""
HBA = "select type from pg_hba_file_rules where error is null"


class PostgresSource:
    name: ClassVar[str] = "postgres"

    def discover(self, request: LiveRequest) -> SourceResult:
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise SourceError("postgres: psycopg is not installed (pip install 'psycopg[binary]')") from None
        secrets = _secrets(request.target)
        try:
            with psycopg.connect(request.target, connect_timeout=int(request.options.get("timeout", 10)),
                                 application_name="compliance-discover") as connection:
                connection.read_only = True
                source = _label(connection)
                snapshot, warnings = _read(connection, request, source)
        except psycopg.Error as error:
            raise SourceError(f"postgres: {scrub(str(error).strip(), secrets)}") from None
        except SourceError:
            raise
        from compliance.errors import Problem

        return SourceResult(documents=(document(snapshot, source),),
                            warnings=tuple(Problem(source, None, None, "", text) for text in warnings))


def _secrets(dsn: str) -> list[str]:
    """What must never be shown: the DSN's password and PGPASSWORD (a DSN that does not parse is
    never echoed either)."""
    found = [os.environ.get("PGPASSWORD", "")]
    try:
        from psycopg.conninfo import conninfo_to_dict

        found.append(str(conninfo_to_dict(dsn).get("password") or ""))
    except Exception:  # an unparsable DSN: psycopg's own error says why, scrubbed below
        found.append(dsn)
    return [secret for secret in found if secret]



def _label(connection: Any) -> str:
    """postgres://user@host:port/dbname, from what libpq connected with: never the password."""
    info = connection.info
    host = info.host if not str(info.host).startswith("/") else f"[{info.host}]"
    return f"postgres://{info.user}@{host}:{info.port}/{info.dbname}"


@dataclass
class _Catalog:
    """What the catalogs say about the database as a whole: roles, schemas, settings."""

    database: str = ""
    graph: PrincipalGraph = field(default_factory=PrincipalGraph)
    superusers: list[str] = field(default_factory=list)
    read_all: list[str] = field(default_factory=list)  # pg_read_all_data
    schema_usage: dict[str, list[str]] = field(default_factory=dict)
    column_grants: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    view_bases: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)  # view -> what it reads
    in_transit: bool | None = None
    audit: bool = False
    implicit_readers: tuple[Holders, dict[str, str]] = field(default_factory=lambda: (Holders(False, {}), {}))
    logins: int = 0
    readers_of: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)  # relation -> views

    def read(self, cursor: Any) -> None:
        cursor.execute(SETTINGS)
        self.database, ssl, pgaudit_log, database_owner, version = cursor.fetchone()
        cursor.execute(ROLES)
        for oid, name, is_super, _inherit, login in cursor.fetchall():
            label = f"{'user' if login else 'group'}:{_principal_name(name)}"
            self.graph.add(Principal(str(oid), label, bool(login)))
            if is_super:
                self.superusers.append(str(oid))
            if name == "pg_read_all_data":
                self.read_all.append(str(oid))
            if name == "pg_database_owner":  # holds the database's owner, implicitly
                self.graph.add_membership(str(database_owner), str(oid), True)
        cursor.execute(MEMBERS_16 if version >= 160000 else MEMBERS_15)
        for member, role, inherits in cursor.fetchall():
            self.graph.add_membership(str(member), str(role), bool(inherits))
        cursor.execute(SCHEMAS)
        self.schema_usage = {name: _keys(grantees) for name, grantees in cursor.fetchall()}
        cursor.execute(COLUMN_GRANTS)
        self.column_grants = {(schema, table): _keys(grantees) for schema, table, grantees in cursor.fetchall()}
        cursor.execute(VIEW_BASES)
        for view_schema, view, base_schema, base in cursor.fetchall():
            self.view_bases.setdefault((view_schema, view), set()).add((base_schema, base))
        self.in_transit = _in_transit(cursor, ssl)
        self.audit = _audit(pgaudit_log)

    def implicit(self) -> tuple[Holders, dict[str, str]]:
        """Who reads every table: superusers (status not inherited through membership: a member of
        a superuser role reads only where an ACL names that role, which the ACL's walk finds) and the
        members of pg_read_all_data; with how each reads."""
        holders = Holders(False, {key: (key,) for key in self.superusers}).union(self.graph.holders(self.read_all))
        notes = dict.fromkeys(self.superusers, "superuser")
        notes.update(dict.fromkeys(self.read_all, "reads every table (pg_read_all_data)"))
        return holders, notes

    def direct(self, schema: str, table: str, grantees: list[int]) -> tuple[Holders, dict[str, str]]:
        """Who may read the relation itself: SELECT on it, or on some of its columns, with USAGE on
        its schema; and superusers and pg_read_all_data."""
        implicit, notes = self.implicit_readers
        usage = self.schema_usage.get(schema, [])
        columns = self.column_grants.get((schema, table), [])
        granted = self.graph.holders(_keys(grantees)).union(self.graph.holders(columns))
        holders = granted.intersect(self.graph.holders(usage)).union(implicit)
        via_public = f"GRANT USAGE ON SCHEMA {schema}, with SELECT ON {schema}.{table} granted to PUBLIC"
        grant_notes = dict.fromkeys(usage, via_public)
        grant_notes.update(dict.fromkeys(columns, f"GRANT SELECT (some columns) ON {schema}.{table}"))
        grant_notes.update(dict.fromkeys(_keys(grantees), f"GRANT SELECT ON {schema}.{table}"))
        grant_notes.update(notes)
        grant_notes[EVERYONE] = f"GRANT SELECT ON {schema}.{table} TO PUBLIC"
        return holders, grant_notes

    def access(self, relation: tuple[str, str], kind: str, rls: bool, everyone_label: str,
               direct: dict[tuple[str, str], tuple[Holders, dict[str, str]]]) -> dict[str, Any]:
        """The relation's readers: its direct readers, and the readers of every view that reads it
        with its owner's privileges (views of views included)."""
        holders, notes = direct[relation]
        views = self._views_reading(relation)
        for view in views:
            view_holders, _ = direct.get(view, (Holders(False, {}), {}))
            extra = {key: path for key, path in view_holders.paths.items() if key not in holders.paths}
            note = f"GRANT SELECT ON view {view[0]}.{view[1]}, which reads {relation[0]}.{relation[1]} as its owner"
            notes = {**dict.fromkeys({path[-1] for path in extra.values()}, note), **notes}
            if view_holders.everyone and not holders.everyone:
                notes[EVERYONE] = f"GRANT SELECT ON view {view[0]}.{view[1]} TO PUBLIC, which reads " \
                                  f"{relation[0]}.{relation[1]} as its owner"
            holders = holders.union(Holders(view_holders.everyone, extra))
        readers = render(self.graph, holders, everyone_label, notes, self.logins)
        reasons = []
        if rls:
            reasons.append("row-level security narrows the rows each reader sees")
        if relation in self.column_grants:
            reasons.append("column-level SELECT grants let some readers read some columns only")
        if kind == "v":
            reasons.append("a view reads its base tables with its owner's privileges")
        if views:
            names = ", ".join(f"{schema}.{name}" for schema, name in sorted(views))
            reasons.append(f"readable through views that read it with their owner's privileges: {names}")
        access = access_of(readers, reasons)
        return access

    def _views_reading(self, relation: tuple[str, str]) -> set[tuple[str, str]]:
        """Every view that reads the relation, directly or through other views (cycle-safe)."""
        found: set[tuple[str, str]] = set()
        stack = [relation]
        while stack:
            for view in self.readers_of.get(stack.pop(), ()):
                if view not in found and view != relation:
                    found.add(view)
                    stack.append(view)
        return found

    def prepare(self) -> None:
        """Once the catalog is read: what every table's readers share."""
        self.implicit_readers = self.implicit()
        self.logins = self.graph.logins()
        for view, bases in self.view_bases.items():
            for base in bases:
                self.readers_of.setdefault(base, set()).add(view)


def _read(connection: Any, request: LiveRequest, source: str) -> tuple[dict[str, Any], list[str]]:
    everyone_label = str(request.options.get("everyone") or "group:all-employees")
    classifier = request.options.get("classifier")
    catalog = _Catalog()
    with connection.cursor() as cursor:
        catalog.read(cursor)
        cursor.execute(TABLES)
        rows = cursor.fetchall()
    catalog.prepare()
    warnings = [] if catalog.superusers else ["no superuser is visible in pg_roles"]
    observed = {"access.readers": "observed", "audit_logging": "observed",
                **({"encryption.in_transit": "observed"} if catalog.in_transit is not None else {})}
    direct = {(schema, table): catalog.direct(schema, table, grantees)
              for schema, table, _kind, _owner, _tuples, _rls, _comment, grantees in rows}
    datasets: list[dict[str, Any]] = []
    for done, (schema, table, kind, owner, tuples, rls, comment, _grantees) in enumerate(rows, start=1):
        qualified = f"{schema}.{table}"
        dataset: dict[str, Any] = {
            "id": dataset_id(qualified),
            "name": qualified,
            "table_type": TABLE_KINDS.get(kind, kind),
            "owner": catalog.graph.label(str(owner)),
            "encryption": {"in_transit": catalog.in_transit},
            "access": catalog.access((schema, table), kind, rls, everyone_label, direct),
            "audit_logging": catalog.audit,
            "rows": int(tuples) if tuples is not None and tuples >= 0 else None,
            "provenance": dict(observed),
        }
        if classifier is not None:
            classifier.classify(dataset, [qualified, f"{catalog.database}.{qualified}"], comment=comment)
        else:
            dataset["personal_data"] = None
        datasets.append(dataset)
        if request.progress is not None and (done % 1000 == 0 or done == len(rows)):
            request.progress(done, len(rows))
    if catalog.in_transit is None:
        warnings.append("ssl is on but pg_hba.conf is not readable with this role: whether every client must "
                        "use TLS is unknown (encryption.in_transit left null)")
    name = str(request.options.get("inventory_id") or f"postgres-{catalog.database}")
    value = inventory(name, f"PostgreSQL database {catalog.database}", "postgresql", source, observed_now(),
                      datasets)
    return value, warnings


def _keys(grantees: Iterable[int]) -> list[str]:
    return [EVERYONE if int(grantee) == 0 else str(grantee) for grantee in grantees]


def _principal_name(name: str) -> str:
    """A role name as a principal: whitespace (allowed in quoted role names) written as %20."""
    return "".join("%20" if char.isspace() else char for char in name) or "%20"


def _in_transit(cursor: Any, ssl: str) -> bool | None:
    """False when the server does not offer TLS; true when it does and pg_hba.conf admits TCP clients
    only over TLS (`hostssl`); None when pg_hba.conf cannot be read by this role."""
    if ssl != "on":
        return False
    try:
        cursor.execute("savepoint hba")
        cursor.execute(HBA)
        types = {str(row[0]) for row in cursor.fetchall()}
        cursor.execute("release savepoint hba")
    except Exception:
        cursor.execute("rollback to savepoint hba")
        return None
    return not types & {"host", "hostnossl"}


def _audit(pgaudit_log: str | None) -> bool:
    """pgaudit loaded and logging reads: `pgaudit.log` exists only where the library is loaded
    (readable by any role, unlike shared_preload_libraries), and must name read or all."""
    classes = {item.strip().lower() for item in (pgaudit_log or "").split(",")}
    return bool(classes & {"read", "all"})
