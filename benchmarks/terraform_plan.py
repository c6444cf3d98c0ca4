"""Generate a `terraform show -json` plan of N S3 buckets, for the checkov comparison of benchmarks/run.py.

    python benchmarks/terraform_plan.py OUT.tfplan.json --buckets 2000

Each bucket comes with the companion resources a real module declares (server-side encryption,
public access block, lifecycle expiry, access logging) and the tags that link it to the
benchmark program (benchmarks/generate.py). Every tenth bucket lacks its encryption configuration,
every seventh its public access block, so both tools have something to report.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.generate import PROGRAM_ID

PROVIDER = "registry.terraform.io/hashicorp/aws"


def resource(kind: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": f"{kind}.{name}", "mode": "managed", "type": kind, "name": name,
            "provider_name": PROVIDER, "schema_version": 0, "values": values, "sensitive_values": {}}


def bucket_resources(index: int) -> list[dict[str, Any]]:
    name = f"b{index:05d}"
    bucket = f"bench-telemetry-{index:05d}"
    tags = {"program": PROGRAM_ID, "data_categories": "clicks", "personal_data": "true", "sensitivity": "2"}
    resources = [resource("aws_s3_bucket", name, {
        "bucket": bucket, "force_destroy": False, "tags": tags, "tags_all": tags, "object_lock_enabled": False,
    })]
    if index % 10:
        resources.append(resource("aws_s3_bucket_server_side_encryption_configuration", name, {
            "bucket": bucket, "expected_bucket_owner": None,
            "rule": [{"apply_server_side_encryption_by_default": [
                {"sse_algorithm": "aws:kms", "kms_master_key_id": f"arn:aws:kms:eu-central-1:111122223333:key/{index}"},
            ], "bucket_key_enabled": True}],
        }))
    if index % 7:
        resources.append(resource("aws_s3_bucket_public_access_block", name, {
            "bucket": bucket, "block_public_acls": True, "block_public_policy": True,
            "ignore_public_acls": True, "restrict_public_buckets": True,
        }))
    resources.append(resource("aws_s3_bucket_lifecycle_configuration", name, {
        "bucket": bucket, "expected_bucket_owner": None,
        "rule": [{"id": "expire", "status": "Enabled", "filter": [], "expiration": [
            {"days": 30, "date": None, "expired_object_delete_marker": False}],
            "noncurrent_version_expiration": [], "abort_incomplete_multipart_upload": [], "transition": [],
            "noncurrent_version_transition": [], "prefix": ""}],
    }))
    resources.append(resource("aws_s3_bucket_logging", name, {
        "bucket": bucket, "expected_bucket_owner": None, "target_bucket": "bench-access-logs",
        "target_prefix": f"{bucket}/", "target_grant": [], "target_object_key_format": [],
    }))
    return resources


def plan(buckets: int) -> dict[str, Any]:
    resources = [item for index in range(buckets) for item in bucket_resources(index)]
    changes = [{
        "address": item["address"], "mode": "managed", "type": item["type"], "name": item["name"],
        "provider_name": PROVIDER,
        "change": {"actions": ["create"], "before": None, "after": item["values"], "after_unknown": {"id": True},
                   "before_sensitive": False, "after_sensitive": {}},
    } for item in resources]
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "full_name": PROVIDER,
                                        "expressions": {"region": {"constant_value": "eu-central-1"}}}},
            "root_module": {},
        },
    }


def write_plan(path: Path, buckets: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan(buckets), indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--buckets", type=int, default=2_000)
    options = parser.parse_args(argv)
    write_plan(options.output, options.buckets)
    print(f"{options.output}: {options.buckets:,} S3 buckets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
