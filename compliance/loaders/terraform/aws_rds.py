"""AWS RDS: `aws_db_instance`, with the `aws_db_parameter_group` it names (TLS enforced by
`rds.force_ssl` / `require_secure_transport`; pgaudit), and Aurora `aws_rds_cluster`, with its
`aws_rds_cluster_parameter_group` and `aws_rds_cluster_instance`s. RDS encrypts only with
`storage_encrypted` (an Aurora provisioned cluster without it is unencrypted; Aurora Serverless v1
always encrypts); a `publicly_accessible` instance is open to anyone holding credentials."""

from __future__ import annotations

import re

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan, Resource
from compliance.loaders.terraform.services import Service


def db_instance(plan: Plan, db: Resource, d: Dataset) -> None:
    d.labels(db, ("tags", "tags_all"))
    zone = db.get("availability_zone")
    d.location(db, "region", re.sub(r"[a-z]$", "", zone) if isinstance(zone, str) and zone else plan.region(db))
    if db.is_unknown("storage_encrypted"):
        d.unknown_until_apply(("encryption", "at_rest"), db.at("storage_encrypted"))
        d.put(("encryption", "key_ref"), None, db.at("storage_encrypted"))
    elif db.get("storage_encrypted") is True:
        d.put(("encryption", "at_rest"), True, db.at("storage_encrypted"))
        d.key(db, ("kms_key_id",))
    else:
        d.put(("encryption", "at_rest"), False, db.at("storage_encrypted"))
        d.put(("encryption", "key_ref"), None, db.at("storage_encrypted"))
    group = plan.joined_to(db, "parameter_group_name", ("aws_db_parameter_group",), ("name", "id"))
    parameters = _parameters(group)
    tls = parameters.get("rds.force_ssl") or parameters.get("require_secure_transport")
    d.put(("encryption", "in_transit"), True if tls and tls[0] in ("1", "on", "true") else None,
          tls[1] if tls else db.at())
    if db.is_unknown("publicly_accessible"):
        d.unknown_until_apply(("access", "readers"), db.at("publicly_accessible"))
    else:  # reachable from the internet: anyone holding credentials can connect
        public = db.get("publicly_accessible") is True
        d.access([("authenticated", db.at("publicly_accessible"))] if public else [], [], db.at())
    d.put(("retention", "ttl_days"), None, db.at())
    exports = [str(e) for e in db.elements("enabled_cloudwatch_logs_exports")]
    pgaudit = "pgaudit" in parameters.get("shared_preload_libraries", ("", ()))[0]
    audited = "audit" in exports or ("postgresql" in exports and pgaudit)
    d.put(("audit_logging",), audited, db.at("enabled_cloudwatch_logs_exports"))


def rds_cluster(plan: Plan, cluster: Resource, d: Dataset) -> None:
    d.labels(cluster, ("tags", "tags_all"))
    d.location(cluster, "region", plan.region(cluster))
    serverless = cluster.get("engine_mode") == "serverless"  # Aurora Serverless v1: always encrypted
    if serverless:
        d.put(("encryption", "at_rest"), True, cluster.at("engine_mode"))
        d.key(cluster, ("kms_key_id",))
    elif cluster.is_unknown("storage_encrypted") and cluster.configured("storage_encrypted") is not False:
        d.unknown_until_apply(("encryption", "at_rest"), cluster.at("storage_encrypted"))
        d.put(("encryption", "key_ref"), None, cluster.at("storage_encrypted"))
    elif cluster.get("storage_encrypted") is True:
        d.put(("encryption", "at_rest"), True, cluster.at("storage_encrypted"))
        d.key(cluster, ("kms_key_id",))
    else:  # unset on a provisioned cluster: RDS leaves its storage unencrypted
        d.put(("encryption", "at_rest"), False, cluster.at("storage_encrypted"))
        d.put(("encryption", "key_ref"), None, cluster.at("storage_encrypted"))
    group = plan.joined_to(cluster, "db_cluster_parameter_group_name", ("aws_rds_cluster_parameter_group",),
                           ("name", "id"))
    parameters = _parameters(group)
    tls = parameters.get("rds.force_ssl") or parameters.get("require_secure_transport")
    d.put(("encryption", "in_transit"), True if tls and tls[0] in ("1", "on", "true") else None,
          tls[1] if tls else cluster.at())
    instances = plan.companions(cluster, "aws_rds_cluster_instance")
    if any(i.is_unknown("publicly_accessible") and i.configured("publicly_accessible") is not False
           for i in instances):
        d.unknown_until_apply(("access", "readers"), cluster.at())
    else:  # an instance reachable from the internet: anyone holding credentials can connect
        public = [i for i in instances if i.get("publicly_accessible") is True]
        d.access([("authenticated", i.at("publicly_accessible")) for i in public], [], cluster.at())
    d.put(("retention", "ttl_days"), None, cluster.at())
    exports = [str(e) for e in cluster.elements("enabled_cloudwatch_logs_exports")]
    pgaudit = "pgaudit" in parameters.get("shared_preload_libraries", ("", ()))[0]
    audited = "audit" in exports or ("postgresql" in exports and pgaudit)
    d.put(("audit_logging",), audited, cluster.at("enabled_cloudwatch_logs_exports"))


def _parameters(group: Resource | None) -> dict[str, tuple[str, PathKey]]:
    return {str(p.get("name")).lower(): (str(p.get("value")).lower(), group.at("parameter", i))
            for i, p in enumerate(group.elements("parameter")) if isinstance(p, dict)} if group else {}


SERVICE = Service(
    datasets={"aws_db_instance": db_instance, "aws_rds_cluster": rds_cluster},
    joins={"aws_rds_cluster_instance": (("cluster_identifier",), ("aws_rds_cluster",), ("cluster_identifier", "id"))},
)
