"""Azure SQL: `azurerm_mssql_database`, with its `azurerm_mssql_server` (tags, location),
`azurerm_mssql_firewall_rule`, `azurerm_mssql_server_transparent_data_encryption` and the server's or
database's extended auditing policy; the legacy `azurerm_sql_database` / `azurerm_sql_server` /
`azurerm_sql_firewall_rule` (joined by `server_name`). A server whose databases the plan does not
hold is a dataset of its own (what it will serve is judged by the server's tags). Transparent data
encryption is on unless turned off; Azure SQL refuses unencrypted connections."""

from __future__ import annotations

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan, Resource
from compliance.loaders.terraform.services import Service

_SERVERS = ("azurerm_mssql_server",)
_LEGACY_SERVERS = ("azurerm_sql_server",)


def _servers(plan: Plan) -> dict[str, Resource | None]:
    """The server of each database of the plan (by database address), joined once."""
    found: dict[str, Resource | None] = {}
    for database in plan.by_type.get("azurerm_mssql_database", []):
        found[database.address] = plan.joined_to(database, "server_id", _SERVERS, ("id",))
    for database in plan.by_type.get("azurerm_sql_database", []):
        found[database.address] = plan.joined_to(database, "server_name", _LEGACY_SERVERS, ("name",))
    return found


def _server_of(plan: Plan, database: Resource) -> Resource | None:
    return plan.cached("azure_sql.servers", lambda: _servers(plan)).get(database.address)


def sql_server(plan: Plan, server: Resource, d: Dataset) -> bool:
    """A server is a dataset only when the plan holds none of its databases."""
    servers = plan.cached("azure_sql.servers", lambda: _servers(plan))
    if any(s is not None and s.address == server.address for s in servers.values()):
        return False
    mssql_database(plan, server, d, server)
    return True


def mssql_database(plan: Plan, database: Resource, d: Dataset, server: Resource | None = None) -> None:
    server = server if server is not None else _server_of(plan, database)
    d.labels(database, ("tags",), fallback=server if server is not database else None)
    if server is not None:
        d.location(server, "location")
    if database.is_unknown("transparent_data_encryption_enabled"):
        d.unknown_until_apply(("encryption", "at_rest"), database.at("transparent_data_encryption_enabled"))
    else:
        d.put(("encryption", "at_rest"), database.get("transparent_data_encryption_enabled") is not False,
              database.at("transparent_data_encryption_enabled"))
    tde = plan.companion(server, "azurerm_mssql_server_transparent_data_encryption") if server else None
    for holder, attribute in ((database, "transparent_data_encryption_key_vault_key_id"),
                              (server, "transparent_data_encryption_key_vault_key_id"),
                              (tde, "key_vault_key_id")):
        if holder is not None and (holder.get(attribute) or holder.is_unknown(attribute)):
            d.key(holder, (attribute,))
            break
    else:
        d.put(("encryption", "key_ref"), None, database.at())
    d.put(("encryption", "in_transit"), True, database.at())  # Azure SQL refuses unencrypted connections
    readers: list[tuple[str, PathKey]] = []
    if server is not None and server.get("public_network_access_enabled") is not False:
        rules = [*plan.companions(server, "azurerm_mssql_firewall_rule"),
                 *plan.companions(server, "azurerm_sql_firewall_rule")]
        readers.extend(("authenticated", rule.at("end_ip_address"))  # the whole internet may try to log in
                       for rule in rules
                       if rule.get("start_ip_address") == "0.0.0.0"
                       and rule.get("end_ip_address") == "255.255.255.255")
    d.access(readers, [], database.at())
    d.put(("retention", "ttl_days"), None, database.at())
    audits = [*plan.companions(database, "azurerm_mssql_database_extended_auditing_policy"),
              *(plan.companions(server, "azurerm_mssql_server_extended_auditing_policy") if server else [])]
    audit = next((a for a in audits if a.get("enabled") is not False), None)
    inline = next((h for h in (database, server) if h is not None and h.elements("extended_auditing_policy")), None)
    if audit is None and inline is not None:  # the legacy servers' and databases' inline policy block
        d.put(("audit_logging",), True, inline.at("extended_auditing_policy"))
        return
    d.put(("audit_logging",), audit is not None, audit.at() if audit else database.at())


SERVICE = Service(
    datasets={"azurerm_mssql_database": mssql_database, "azurerm_sql_database": mssql_database,
              "azurerm_mssql_server": sql_server, "azurerm_sql_server": sql_server},
    joins={
        "azurerm_sql_firewall_rule": (("server_name",), _LEGACY_SERVERS, ("name",)),
        "azurerm_mssql_firewall_rule": (("server_id",), _SERVERS, ("id",)),
        "azurerm_mssql_server_transparent_data_encryption": (("server_id",), _SERVERS, ("id",)),
        "azurerm_mssql_server_extended_auditing_policy": (("server_id",), _SERVERS, ("id",)),
        "azurerm_mssql_database_extended_auditing_policy": (("database_id",), ("azurerm_mssql_database",), ("id",)),
    },
)
