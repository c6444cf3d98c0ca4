"""AWS Redshift: `aws_redshift_cluster`, with the `aws_redshift_parameter_group` it names (TLS by
`require_ssl`) and its `aws_redshift_logging` (audit logging; or the cluster's own `logging` block).
The plan shows `encrypted` and `publicly_accessible` as the provider sets them (their defaults
changed with AWS provider 6.0), so a value the plan leaves out is unknown, never a default."""

from __future__ import annotations

from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan, Resource
from compliance.loaders.terraform.services import Service

_CLUSTERS = ("aws_redshift_cluster",)


def redshift_cluster(plan: Plan, cluster: Resource, d: Dataset) -> None:
    d.labels(cluster, ("tags", "tags_all"))
    d.location(cluster, "region", plan.region(cluster))
    encrypted = cluster.get("encrypted")
    if cluster.is_unknown("encrypted"):
        d.unknown_until_apply(("encryption", "at_rest"), cluster.at("encrypted"))
        d.put(("encryption", "key_ref"), None, cluster.at("encrypted"))
    elif isinstance(encrypted, bool):
        d.put(("encryption", "at_rest"), encrypted, cluster.at("encrypted"))
        if encrypted:
            d.key(cluster, ("kms_key_id",))
        else:
            d.put(("encryption", "key_ref"), None, cluster.at("encrypted"))
    else:
        d.unknown_fact(("encryption", "at_rest"), cluster.at(), "not visible in the plan: `encrypted` is not "
                       "shown and its default depends on the AWS provider version; left null, not guessed")
        d.put(("encryption", "key_ref"), None, cluster.at())
    group = plan.joined_to(cluster, "cluster_parameter_group_name", ("aws_redshift_parameter_group",),
                           ("name", "id"))
    tls = next(((str(p.get("value")).lower(), group.at("parameter", i))
                for i, p in enumerate(group.elements("parameter"))
                if isinstance(p, dict) and str(p.get("name")).lower() == "require_ssl"), None) if group else None
    d.put(("encryption", "in_transit"), True if tls and tls[0] in ("true", "1", "on") else None,
          tls[1] if tls else cluster.at())
    if cluster.is_unknown("publicly_accessible"):
        d.unknown_until_apply(("access", "readers"), cluster.at("publicly_accessible"))
    else:  # reachable from the internet: anyone holding credentials can connect
        public = cluster.get("publicly_accessible") is True
        d.access([("authenticated", cluster.at("publicly_accessible"))] if public else [], [], cluster.at())
    d.put(("retention", "ttl_days"), None, cluster.at())
    logging = plan.companion(cluster, "aws_redshift_logging")
    if logging is not None:  # audit logs to S3 or CloudWatch
        d.put(("audit_logging",), True, logging.at())
    elif cluster.get("logging", 0, "enable") is True:
        d.put(("audit_logging",), True, cluster.at("logging", 0, "enable"))
    else:
        d.put(("audit_logging",), False, cluster.at())


SERVICE = Service(
    datasets={"aws_redshift_cluster": redshift_cluster},
    joins={"aws_redshift_logging": (("cluster_identifier",), _CLUSTERS, ("cluster_identifier", "id"))},
)
