"""Google Cloud SQL: `google_sql_database_instance` (labels: `settings.user_labels`). Cloud SQL
encrypts at rest (a customer key: `encryption_key_name`); TLS is required by `ssl_mode`
(ENCRYPTED_ONLY / TRUSTED_CLIENT_CERTIFICATE_REQUIRED) or the older `require_ssl`; a public IP open
to 0.0.0.0/0 lets anyone holding credentials connect; audit logging is pgaudit
(`cloudsql.enable_pgaudit`) or the MySQL audit plugin (`cloudsql_mysql_audit`) among the flags."""

from __future__ import annotations

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan, Resource
from compliance.loaders.terraform.services import Service

_SETTINGS = ("settings", 0)
_IP = (*_SETTINGS, "ip_configuration", 0)


def sql_instance(plan: Plan, instance: Resource, d: Dataset) -> None:
    d.labels(instance, ("settings.0.user_labels",))
    d.location(instance, "region")
    d.put(("encryption", "at_rest"), True, instance.at())  # Cloud SQL always encrypts at rest
    if instance.get("encryption_key_name") or instance.is_unknown("encryption_key_name"):
        d.key(instance, ("encryption_key_name",))
    else:
        d.put(("encryption", "key_ref"), None, instance.at())
    mode = instance.get(*_IP, "ssl_mode")
    if instance.is_unknown(*_IP, "ssl_mode") and instance.configured(*_IP, "ssl_mode") is not False:
        d.unknown_until_apply(("encryption", "in_transit"), instance.at(*_IP, "ssl_mode"))
    elif mode in ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"):
        d.put(("encryption", "in_transit"), True, instance.at(*_IP, "ssl_mode"))
    elif instance.get(*_IP, "require_ssl") is True:
        d.put(("encryption", "in_transit"), True, instance.at(*_IP, "require_ssl"))
    else:  # Cloud SQL accepts unencrypted connections unless told otherwise
        d.put(("encryption", "in_transit"), None, instance.at(*_IP) if instance.get(*_IP) else instance.at())
    readers: list[tuple[str, PathKey]] = []
    if instance.get(*_IP, "ipv4_enabled") is not False:  # a public IP (the default)
        for i, network in enumerate(instance.elements(*_IP, "authorized_networks")):
            if isinstance(network, dict) and network.get("value") in ("0.0.0.0/0", "::/0"):
                readers.append(("authenticated", instance.at(*_IP, "authorized_networks", i, "value")))
    d.access(readers, [], instance.at())
    d.put(("retention", "ttl_days"), None, instance.at())
    flags = {str(f.get("name")).lower(): (str(f.get("value")).lower(), instance.at(*_SETTINGS, "database_flags", i))
             for i, f in enumerate(instance.elements(*_SETTINGS, "database_flags")) if isinstance(f, dict)}
    audit = flags.get("cloudsql.enable_pgaudit") or flags.get("cloudsql_mysql_audit")
    audited = audit is not None and audit[0] in ("on", "true", "force_plus_permanent", "force")
    d.put(("audit_logging",), audited, audit[1] if audit else instance.at())


SERVICE = Service(datasets={"google_sql_database_instance": sql_instance})
