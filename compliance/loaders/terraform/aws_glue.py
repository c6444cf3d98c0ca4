"""AWS Glue: `aws_glue_catalog_table`, labelled by its `parameters`, with the storage facts of the S3
bucket its `storage_descriptor.location` names (aws_s3.py); a bucket this plan does not manage is
noted as not visible."""

from __future__ import annotations

import re

from compliance.loaders.terraform.aws import S3_BUCKETS, S3_KEYS
from compliance.loaders.terraform.aws_s3 import s3_storage
from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan, Resource, norm
from compliance.loaders.terraform.services import Service


def glue_table(plan: Plan, table: Resource, d: Dataset) -> None:
    d.labels(table, ("parameters",))
    location = table.get("storage_descriptor", 0, "location")
    bucket: Resource | None = None
    if isinstance(location, str):
        match = re.match(r"^s3[an]?://([^/]+)", location)
        found = plan.by_value(S3_BUCKETS, S3_KEYS).get(norm(match[1]), []) if match else []
        bucket = found[0] if len(found) == 1 else None
    elif table.is_unknown("storage_descriptor", 0, "location"):
        bucket = plan.resolve(table, table.references("storage_descriptor", 0, "location"), S3_BUCKETS)
    if bucket is not None:
        d.location(bucket, "region", plan.region(bucket))
        s3_storage(plan, bucket, d)
        return
    source = table.at("storage_descriptor", 0, "location")
    d.location(table, "region", plan.region(table))
    where = f"in {location}, a bucket" if isinstance(location, str) else "in a bucket"
    d.put(("encryption", "at_rest"), True, source)  # every S3 bucket encrypts at rest
    for field in (("encryption", "key_ref"), ("encryption", "in_transit"), ("retention", "ttl_days"),
                  ("audit_logging",)):
        d.put(field, None, source)
    d.not_visible(("encryption", "key_ref"), source, f"the table's data is {where} this plan does not manage")
    d.not_visible(("access", "readers"), source, f"the table's data is {where} this plan does not manage")


SERVICE = Service(datasets={"aws_glue_catalog_table": glue_table})
