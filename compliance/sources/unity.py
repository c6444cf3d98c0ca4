"""Databricks Unity Catalog: who can read each table, from `system.information_schema`
(databricks-sql-connector: `pip install 'workplace-compliance[unity]'`).

    compliance discover unity WORKSPACE-HOST

The connection takes the host from TARGET and `DATABRICKS_HTTP_PATH` (a SQL warehouse) and
`DATABRICKS_TOKEN` from the environment; neither is printed or written. Run it as a metastore
admin: Unity Catalog's information_schema shows only the objects the caller may see.

- A principal reads a table with `SELECT` (or `ALL PRIVILEGES`) on the table, its schema or its
  catalog (privileges are inherited downwards), `USE SCHEMA` on the schema or the catalog, and
  `USE CATALOG` on the catalog. An owner holds every privilege on the object it owns, but not on
  the objects inside it: the owner of a table reads it; the owner of a schema holds its `USE SCHEMA`
  and the owner of a catalog its `USE CATALOG` (and, since nothing says otherwise, `USE SCHEMA` on
  its schemas), but neither reads a table in them without a `SELECT` grant, which they may give
  themselves. The group `account users` is everyone. Group members are not in information_schema:
  no identity count where a group reads.
- The metastore admin (`METASTORES.METASTORE_OWNER`) manages privileges on, and can take ownership
  of, every object, but reads no table by default: not a reader, and the run names it as one who
  can make itself one. Row filters and column masks are not read: the run says so.
- Tags from `TABLE_TAGS`; comments from `TABLES`. Encryption and retention stay declared.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.sources.dbapi import fetch_all, scrub
from compliance.sources.interface import LiveRequest, SourceError, SourceResult
from compliance.sources.principals import EVERYONE, Holders, Principal, PrincipalGraph, access_of, render
from compliance.sources.snapshot import dataset_id, document, inventory, observed_now

SCHEMA = "system.information_schema"
QUERIES = {
    "tables": f"select table_catalog, table_schema, table_name, table_owner, table_type, comment from {SCHEMA}.tables "
              "where table_schema <> 'information_schema'",
    "schemas": f"select catalog_name, schema_name, schema_owner from {SCHEMA}.schemata",
    "catalogs": f"select catalog_name, catalog_owner from {SCHEMA}.catalogs",
    "table_privileges": f"select grantee, table_catalog, table_schema, table_name, privilege_type "
                        f"from {SCHEMA}.table_privileges",
    "schema_privileges": f"select grantee, catalog_name, schema_name, privilege_type from {SCHEMA}.schema_privileges",
    "catalog_privileges": f"select grantee, catalog_name, privilege_type from {SCHEMA}.catalog_privileges",
    "tags": f"select catalog_name, schema_name, table_name, tag_name, tag_value from {SCHEMA}.table_tags",
}
METASTORE_QUERY = f"select metastore_owner from {SCHEMA}.metastores"
NOTE = ("Unity Catalog's information_schema shows only what the caller may see (run as a metastore admin); "
        "row filters and column masks are not read")
ALL = "ALL PRIVILEGES"


class UnitySource:
    name: ClassVar[str] = "unity"

    def discover(self, request: LiveRequest) -> SourceResult:
        if not request.target:
            raise SourceError("unity: give the workspace host (compliance discover unity HOST.cloud.databricks.com)")
        secrets = [os.environ[name] for name in ("DATABRICKS_TOKEN",) if os.environ.get(name)]
        try:
            connection = _connect(request.target)
            try:
                rows = {name: fetch_all(connection, query) for name, query in QUERIES.items()}
                try:  # who the metastore admin is: worth a warning, not worth the run
                    rows["metastores"] = fetch_all(connection, METASTORE_QUERY)
                except Exception as error:
                    rows["metastores_error"] = [(scrub(str(error), secrets),)]
            finally:
                connection.close()
        except SourceError:
            raise
        except Exception as error:  # the connector's own errors: one line, the token removed
            raise SourceError(f"unity: {scrub(str(error), secrets)}") from None
        return evaluate(request, rows)


def _connect(host: str) -> Any:
    try:
        from databricks import sql  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise SourceError("unity: databricks-sql-connector is not installed "
                          "(pip install 'workplace-compliance[unity]')") from None
    return sql.connect(server_hostname=host, http_path=os.environ.get("DATABRICKS_HTTP_PATH", ""),
                       access_token=os.environ.get("DATABRICKS_TOKEN"))




def _principal(graph: PrincipalGraph, name: str) -> str:
    """The graph key of a grantee: `account users` is everyone; an email a user; a UUID (an
    application id) a service principal; anything else a group, whose members are not listed."""
    if name.lower() == "account users":
        return EVERYONE
    if name not in graph.principals:
        safe = name.replace(" ", "%20")
        if "@" in name:
            graph.add(Principal(name, f"user:{safe}", True))
        elif len(name) == 36 and name.count("-") == 4:
            graph.add(Principal(name, f"svc:{safe}", False))
        else:
            graph.add(Principal(name, f"group:{safe}", False))
            graph.opaque.add(name)
    return name


def evaluate(request: LiveRequest, rows: dict[str, list[tuple[Any, ...]]]) -> SourceResult:
    """The snapshot from the rows of the information_schema views (what `discover` fetched)."""
    everyone_label = str(request.options.get("everyone") or "group:all-employees")
    classifier = request.options.get("classifier")
    graph = PrincipalGraph()
    select: dict[tuple[str, ...], dict[str, str]] = {}  # (catalog[, schema[, table]]) -> grantee -> how
    use_schema: dict[tuple[str, ...], dict[str, str]] = {}
    use_catalog: dict[tuple[str, ...], dict[str, str]] = {}

    def grant(target: dict[tuple[str, ...], dict[str, str]], where: tuple[str, ...], grantee: Any, how: str) -> None:
        target.setdefault(where, {}).setdefault(_principal(graph, str(grantee)), how)

    for grantee, catalog, schema, table, privilege in rows["table_privileges"]:
        if str(privilege).upper() in ("SELECT", ALL):
            grant(select, (catalog, schema, table), grantee, f"{privilege} on {catalog}.{schema}.{table}")
    for grantee, catalog, schema, privilege in rows["schema_privileges"]:
        kind = str(privilege).upper()
        if kind in ("SELECT", ALL):
            grant(select, (catalog, schema), grantee, f"{privilege} on schema {catalog}.{schema}")
        if kind in ("USE SCHEMA", "USE_SCHEMA", ALL):
            grant(use_schema, (catalog, schema), grantee, f"{privilege} on schema {catalog}.{schema}")
    for grantee, catalog, privilege in rows["catalog_privileges"]:
        kind = str(privilege).upper()
        if kind in ("SELECT", ALL):
            grant(select, (catalog,), grantee, f"{privilege} on catalog {catalog}")
        if kind in ("USE SCHEMA", "USE_SCHEMA", ALL):
            grant(use_schema, (catalog,), grantee, f"{privilege} on catalog {catalog}")
        if kind in ("USE CATALOG", "USE_CATALOG", ALL):
            grant(use_catalog, (catalog,), grantee, f"{privilege} on catalog {catalog}")
    # An owner holds every privilege on what it owns, not on what is inside: no SELECT on the tables of
    # an owned catalog or schema (Databricks: "owners of a schema do not automatically have all
    # privileges on the tables in the schema, but they can grant themselves privileges").
    for catalog, owner in rows["catalogs"]:
        if owner:
            for target in (use_schema, use_catalog):
                grant(target, (catalog,), owner, f"owns catalog {catalog}")
    for catalog, schema, owner in rows["schemas"]:
        if owner:
            grant(use_schema, (catalog, schema), owner, f"owns schema {catalog}.{schema}")
    tags: dict[tuple[str, ...], dict[str, str]] = {}
    for catalog, schema, table, tag, value in rows["tags"]:
        tags.setdefault((catalog, schema, table), {})[str(tag)] = str(value or "")
    datasets = []
    for done, (catalog, schema, table, owner, table_type, comment) in enumerate(rows["tables"], start=1):
        key = (catalog, schema, table)
        if owner:
            grant(select, key, owner, f"owns {catalog}.{schema}.{table}")
        readers_of = {**select.get((catalog,), {}), **select.get((catalog, schema), {}), **select.get(key, {})}
        users_of = {**use_schema.get((catalog,), {}), **use_schema.get((catalog, schema), {})}
        holders: Holders = graph.holders(readers_of).intersect(graph.holders(users_of)).intersect(
            graph.holders(use_catalog.get((catalog,), {})))
        notes = {**readers_of, EVERYONE: readers_of.get(EVERYONE, "the group account users")}
        readers = render(graph, holders, everyone_label, notes, None)
        qualified = ".".join(str(part) for part in key)
        access = access_of(readers, counted=not holders.everyone)
        dataset: dict[str, Any] = {
            "id": dataset_id(qualified), "name": qualified, "table_type": str(table_type or "table").lower(),
            "access": access, "provenance": {"access.readers": "observed"},
        }
        if classifier is not None:
            classifier.classify(dataset, [qualified, f"{schema}.{table}"], tags=tags.get(key), comment=comment)
        else:
            dataset["personal_data"] = None
        datasets.append(dataset)
        if request.progress is not None and (done % 1000 == 0 or done == len(rows["tables"])):
            request.progress(done, len(rows["tables"]))
    source = f"unity:{request.target}"
    value = inventory(str(request.options.get("inventory_id") or f"unity-{request.target}"),
                      f"Unity Catalog of {request.target}", "unity-catalog", source, observed_now(), datasets)
    said = [NOTE]
    admins = sorted({str(owner) for (owner, *_) in rows.get("metastores", ()) if owner})
    if admins:
        said.append(f"metastore admin {', '.join(admins)} reads no table by default and is not listed as a reader, "
                     "but can grant itself SELECT on any table (as the owner of a catalog or schema can on the tables "
                     "in it)")
    for (error,) in rows.get("metastores_error", ()):
        said.append(f"the metastore admin could not be read from {METASTORE_QUERY.split()[-1]} ({error})")
    return SourceResult(documents=(document(value, source),),
                        warnings=tuple(Problem(source, None, None, "", note) for note in said))
