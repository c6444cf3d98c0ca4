"""Snowflake: who can read each table, from the account's `SNOWFLAKE.ACCOUNT_USAGE` views
(snowflake-connector-python: `pip install 'workplace-compliance[snowflake]'`).

    compliance discover snowflake ACCOUNT

The connection takes the account from TARGET and the rest from the environment, never from the
command line: `SNOWFLAKE_USER`, and `SNOWFLAKE_PASSWORD`, `SNOWFLAKE_PRIVATE_KEY_FILE` or
`SNOWFLAKE_AUTHENTICATOR`; `SNOWFLAKE_ROLE` (one that may read ACCOUNT_USAGE) and
`SNOWFLAKE_WAREHOUSE`. No secret is printed or written.

- Tables from `TABLES` (rows, comments, owner role); grants from `GRANTS_TO_ROLES` (`SELECT` or
  `OWNERSHIP` on the table; `USAGE` or `OWNERSHIP` on its database and on its schema, all three
  needed) and role membership from `GRANTS_TO_ROLES` (`USAGE` on a role: roles always inherit) and
  `GRANTS_TO_USERS`; the role `PUBLIC`, which every user holds, is everyone; tags from
  `TAG_REFERENCES` (direct ones: inherited tags are not in that view).
- Snowflake encrypts every table at rest and every connection in transit: both observed true. A
  customer-managed account key (Tri-Secret Secure) is not visible here: `encryption.key_ref` stays
  declared. `RETENTION_TIME` is Time Travel, not business retention: retention stays declared.
- ACCOUNT_USAGE lags by up to two hours, and future grants are not expanded: the run says so.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.sources.dbapi import fetch_all, scrub
from compliance.sources.interface import LiveRequest, SourceError, SourceResult
from compliance.sources.principals import EVERYONE, Principal, PrincipalGraph, access_of, render
from compliance.sources.snapshot import dataset_id, document, inventory, observed_now

VIEW = "snowflake.account_usage"
TABLES = f"""select table_catalog, table_schema, table_name, table_owner, table_type, row_count, comment
from {VIEW}.tables where deleted is null"""
GRANTS_TO_ROLES = f"""select privilege, granted_on, name, table_catalog, table_schema, granted_to, grantee_name
from {VIEW}.grants_to_roles where deleted_on is null"""
GRANTS_TO_USERS = f"select role, grantee_name from {VIEW}.grants_to_users where deleted_on is null"
TAGS = f"""select object_database, object_schema, object_name, tag_name, tag_value
from {VIEW}.tag_references where domain = 'TABLE' and object_deleted is null"""
USERS = f"select count(*) from {VIEW}.users where deleted_on is null"
TABLE_OBJECTS = {"TABLE", "VIEW", "MATERIALIZED_VIEW", "EXTERNAL_TABLE", "DYNAMIC_TABLE", "EVENT_TABLE",
                 "ICEBERG_TABLE"}
LAG = ("ACCOUNT_USAGE lags by up to two hours, and future grants are not expanded: a grant made in the last "
       "two hours may be missing")
_SECRET_VARIABLES = ("SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY_FILE_PWD", "SNOWFLAKE_TOKEN")


class SnowflakeSource:
    name: ClassVar[str] = "snowflake"

    def discover(self, request: LiveRequest) -> SourceResult:
        if not request.target:
            raise SourceError("snowflake: give the account identifier (compliance discover snowflake ORG-ACCOUNT)")
        secrets = [os.environ[name] for name in _SECRET_VARIABLES if os.environ.get(name)]
        try:
            connection = _connect(request.target)
        except SourceError:
            raise
        except Exception as error:  # the connector's own errors: one line, secrets removed
            raise SourceError(f"snowflake: {scrub(str(error), secrets)}") from None
        try:
            rows = {name: fetch_all(connection, query) for name, query in
                    (("tables", TABLES), ("roles", GRANTS_TO_ROLES), ("users", GRANTS_TO_USERS), ("tags", TAGS),
                     ("count", USERS))}
        except Exception as error:
            raise SourceError(f"snowflake: {scrub(str(error), secrets)}") from None
        finally:
            connection.close()
        return evaluate(request, rows)


def _connect(account: str) -> Any:
    try:
        import snowflake.connector  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise SourceError("snowflake: snowflake-connector-python is not installed "
                          "(pip install 'workplace-compliance[snowflake]')") from None
    settings = {key: os.environ[variable] for key, variable in (
        ("user", "SNOWFLAKE_USER"), ("password", "SNOWFLAKE_PASSWORD"), ("authenticator", "SNOWFLAKE_AUTHENTICATOR"),
        ("private_key_file", "SNOWFLAKE_PRIVATE_KEY_FILE"), ("private_key_file_pwd", "SNOWFLAKE_PRIVATE_KEY_FILE_PWD"),
        ("role", "SNOWFLAKE_ROLE"), ("warehouse", "SNOWFLAKE_WAREHOUSE")) if os.environ.get(variable)}
    return snowflake.connector.connect(account=account, application="compliance-discover", **settings)




def _role(name: str) -> str:
    return EVERYONE if name.upper() == "PUBLIC" else f"role:{name}"


def evaluate(request: LiveRequest, rows: dict[str, list[tuple[Any, ...]]]) -> SourceResult:
    """The snapshot from the rows of the ACCOUNT_USAGE views (what `discover` fetched)."""
    everyone_label = str(request.options.get("everyone") or "group:all-employees")
    classifier = request.options.get("classifier")
    graph = PrincipalGraph()
    table_grants: dict[tuple[str, str, str], dict[str, str]] = {}
    database_usage: dict[str, set[str]] = {}
    schema_usage: dict[tuple[str, str], set[str]] = {}
    for privilege, granted_on, name, catalog, schema, granted_to, grantee in rows["roles"]:
        privilege, granted_on = str(privilege).upper(), str(granted_on).upper()
        if str(granted_to).upper() not in ("ROLE", "DATABASE_ROLE"):
            continue
        role = _role(str(grantee))
        if role != EVERYONE:
            graph.add(Principal(role, f"group:{grantee}", False))
        if granted_on in ("ROLE", "DATABASE_ROLE") and privilege == "USAGE":
            granted = _role(str(name))
            if granted != EVERYONE:
                graph.add(Principal(granted, f"group:{name}", False))
                graph.add_membership(role, granted)  # a role granted to PUBLIC: every user holds it
        elif granted_on in TABLE_OBJECTS and privilege in ("SELECT", "OWNERSHIP"):
            key = (str(catalog), str(schema), str(name))
            table_grants.setdefault(key, {})[role] = f"{privilege} on {catalog}.{schema}.{name}"
        elif granted_on == "DATABASE" and privilege in ("USAGE", "OWNERSHIP"):
            database_usage.setdefault(str(name), set()).add(role)
        elif granted_on == "SCHEMA" and privilege in ("USAGE", "OWNERSHIP"):
            schema_usage.setdefault((str(catalog), str(name)), set()).add(role)
    for privilege_role, user in rows["users"]:
        graph.add(Principal(f"user:{user}", f"user:{user}", True))
        if _role(str(privilege_role)) != EVERYONE:
            graph.add_membership(f"user:{user}", _role(str(privilege_role)))
    tags: dict[tuple[str, str, str], dict[str, str]] = {}
    for database, schema, name, tag, value in rows["tags"]:
        tags.setdefault((str(database), str(schema), str(name)), {})[str(tag)] = str(value)
    users = int(rows["count"][0][0]) if rows["count"] else None
    datasets = []
    for done, (database, schema, name, owner, table_type, row_count, comment) in enumerate(rows["tables"], start=1):
        key = (str(database), str(schema), str(name))
        grants = table_grants.get(key, {})
        holders = graph.holders(grants).intersect(graph.holders(database_usage.get(key[0], ()))).intersect(
            graph.holders(schema_usage.get(key[:2], ())))
        notes = {**grants, EVERYONE: grants.get(EVERYONE, "the role PUBLIC, which every user holds")}
        readers = render(graph, holders, everyone_label, notes, users)
        qualified = ".".join(key)
        dataset: dict[str, Any] = {
            "id": dataset_id(qualified), "name": qualified, "table_type": str(table_type or "table").lower(),
            "owner": f"group:{owner}" if owner else None,
            "encryption": {"at_rest": True, "in_transit": True},
            "access": access_of(readers),
            "rows": int(row_count) if isinstance(row_count, int | float) and row_count >= 0 else None,
            "provenance": {"access.readers": "observed", "encryption.at_rest": "observed",
                           "encryption.in_transit": "observed"},
        }
        if dataset["owner"] is None:
            del dataset["owner"]
        if classifier is not None:
            classifier.classify(dataset, [qualified, f"{schema}.{name}"], tags=tags.get(key), comment=comment)
        else:
            dataset["personal_data"] = None
        datasets.append(dataset)
        if request.progress is not None and (done % 1000 == 0 or done == len(rows["tables"])):
            request.progress(done, len(rows["tables"]))
    source = f"snowflake:{request.target}"
    value = inventory(str(request.options.get("inventory_id") or f"snowflake-{request.target}"),
                      f"Snowflake account {request.target}", "snowflake", source, observed_now(), datasets)
    return SourceResult(documents=(document(value, source),), warnings=(Problem(source, None, None, "", LAG),))
