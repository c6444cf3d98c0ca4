"""AWS DynamoDB: `aws_dynamodb_table`, with its `aws_dynamodb_resource_policy` and CloudTrail data
events (aws.py). DynamoDB always encrypts at rest (an AWS-owned key by default); its per-item TTL is
noted as not visible in the plan."""

from __future__ import annotations

from compliance.loaders.terraform import aws
from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan, Resource
from compliance.loaders.terraform.services import Service


def dynamodb_table(plan: Plan, table: Resource, d: Dataset) -> None:
    d.labels(table, ("tags", "tags_all"))
    d.location(table, "region", plan.region(table))
    d.put(("encryption", "at_rest"), True, table.at("server_side_encryption"))  # always, AWS-owned key by default
    if table.get("server_side_encryption", 0, "enabled") is True:
        d.key(table, ("server_side_encryption", 0, "kms_key_arn"))
    else:
        d.put(("encryption", "key_ref"), None, table.at("server_side_encryption"))
    statements, unknown = aws.policies(plan, plan.companions(table, "aws_dynamodb_resource_policy"), "policy", d)
    aws.tls_enforced(statements, unknown, table, d)
    readers = [(p, s.source) for s in statements if s.allows("dynamodb:GetItem") for p in s.principals()]
    writers = [(p, s.source) for s in statements if s.allows("dynamodb:PutItem") for p in s.principals()]
    d.access(readers, writers, table.at())
    if table.get("ttl", 0, "enabled") is True:
        d.put(("retention", "ttl_days"), None, table.at("ttl", 0))
        d.not_visible(("retention", "ttl_days"), table.at("ttl", 0),
                      "TTL expires items by the time in each item's "
                      f"{table.get('ttl', 0, 'attribute_name')!s} attribute, which the plan does not show")
    else:
        d.put(("retention", "ttl_days"), None, table.at())
    trail = aws.trail(plan, "dynamodb", table)
    d.put(("audit_logging",), trail is not None, trail or table.at())


SERVICE = Service(
    datasets={"aws_dynamodb_table": dynamodb_table},
    joins={"aws_dynamodb_resource_policy": (("resource_arn",), ("aws_dynamodb_table",), ("arn",))},
)
