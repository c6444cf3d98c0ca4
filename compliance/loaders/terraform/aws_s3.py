"""AWS S3: `aws_s3_bucket`, joined to its `aws_s3_bucket_server_side_encryption_configuration`,
`_public_access_block`, `_acl`, `_policy`, `_lifecycle_configuration`, `_logging` and `_versioning`
by their `bucket`; the account-level `aws_s3_account_public_access_block`; CloudTrail data events
(aws.py) for audit logging. S3 encrypts every bucket at rest (SSE-S3) since January 2023.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.loaders.document import PathKey
from compliance.loaders.terraform import aws
from compliance.loaders.terraform.aws import S3_BUCKETS, S3_KEYS, Statement
from compliance.loaders.terraform.dataset import WILDCARDS, Dataset, principal
from compliance.loaders.terraform.plan import Plan, Resource, as_int
from compliance.loaders.terraform.services import Service


def s3_bucket(plan: Plan, bucket: Resource, d: Dataset) -> None:
    d.labels(bucket, ("tags", "tags_all"))
    d.location(bucket, "region", plan.region(bucket))
    s3_storage(plan, bucket, d)


def s3_storage(plan: Plan, bucket: Resource, d: Dataset) -> None:
    """Encryption, access, retention and audit logging of an S3 bucket (also for Glue tables on it)."""
    sse = plan.companion(bucket, "aws_s3_bucket_server_side_encryption_configuration")
    if sse is not None:
        _encryption(plan, sse, ("rule",), d)
    elif bucket.elements("server_side_encryption_configuration"):
        _encryption(plan, bucket, ("server_side_encryption_configuration", 0, "rule"), d)
    else:  # S3 encrypts every bucket with SSE-S3 since January 2023
        d.put(("encryption", "at_rest"), True, bucket.at())
        d.put(("encryption", "key_ref"), None, bucket.at())
    policies = plan.companions(bucket, "aws_s3_bucket_policy")
    statements, unknown = aws.policies(plan, policies or [bucket], "policy", d, inline=not policies)
    aws.tls_enforced(statements, unknown, bucket, d)
    _access(plan, bucket, statements, d)
    _retention(plan, bucket, d)
    logging = plan.companion(bucket, "aws_s3_bucket_logging")
    trail = aws.trail(plan, "s3", bucket)
    if logging is not None:
        d.put(("audit_logging",), True, logging.at())
    elif bucket.elements("logging"):
        d.put(("audit_logging",), True, bucket.at("logging"))
    elif trail is not None:
        d.put(("audit_logging",), True, trail)
    else:
        d.put(("audit_logging",), False, bucket.at())


def _encryption(plan: Plan, holder: Resource, base: tuple[str | int, ...], d: Dataset) -> None:
    rules = holder.elements(*base)
    path: tuple[str | int, ...] = base
    for i, rule in enumerate(rules):
        if isinstance(rule, dict) and rule.get("apply_server_side_encryption_by_default"):
            path = (*base, i, "apply_server_side_encryption_by_default", 0)
            break
    algorithm = holder.get(*path, "sse_algorithm") if path != base else None
    if holder.is_unknown(*path, "sse_algorithm") or (path == base and holder.is_unknown(*base)):
        d.unknown_until_apply(("encryption", "at_rest"), holder.at(*path))
        d.put(("encryption", "key_ref"), None, holder.at(*path))
        return
    if not isinstance(algorithm, str) or not algorithm:  # no default rule: S3's own SSE-S3 default
        d.put(("encryption", "at_rest"), True, holder.at(*base))
        d.put(("encryption", "key_ref"), None, holder.at(*base))
        return
    d.put(("encryption", "at_rest"), True, holder.at(*path, "sse_algorithm"))
    if algorithm.startswith("aws:kms"):
        d.key(holder, (*path, "kms_master_key_id"))
    else:
        d.put(("encryption", "key_ref"), None, holder.at(*path, "sse_algorithm"))


def _access(plan: Plan, bucket: Resource, statements: list[Statement], d: Dataset) -> None:
    blocks = [b for b in (plan.companion(bucket, "aws_s3_bucket_public_access_block"),
                          *plan.by_type.get("aws_s3_account_public_access_block", [])) if b is not None]
    restrict = any(b.get("restrict_public_buckets") is True for b in blocks)  # public policies ignored
    ignore_acls = any(b.get("ignore_public_acls") is True for b in blocks)  # public ACLs ignored
    readers: list[tuple[str, PathKey]] = []
    writers: list[tuple[str, PathKey]] = []
    listers: list[tuple[str, PathKey]] = []
    for statement in statements:
        principals = [p for p in statement.principals() if not (restrict and p in WILDCARDS)]
        if statement.allows("s3:GetObject"):
            readers += [(p, statement.source) for p in principals]
        if statement.allows("s3:ListBucket"):  # the object keys, which often carry names and addresses
            listers += [(p, statement.source) for p in principals]
        if statement.allows("s3:PutObject"):
            writers += [(p, statement.source) for p in principals]
    acl = plan.companion(bucket, "aws_s3_bucket_acl")
    holder, grants = (acl, ("access_control_policy", 0, "grant")) if acl else (bucket, ("grant",))
    if acl is not None:
        canned_known = isinstance(acl.get("acl"), str) and bool(acl.get("acl"))
        if (acl.is_unknown("acl") and acl.configured("acl") is not False) or (
                not canned_known and acl.is_unknown("access_control_policy")
                and acl.configured("access_control_policy") is not False):
            d.unknown_until_apply(("access", "readers"), acl.at())
    for who, permission, source in _s3_grants(holder, grants, owner=acl is not None):
        if ignore_acls and who in WILDCARDS:
            continue
        if permission in ("READ", "FULL_CONTROL"):
            readers.append((who, source))
        if permission in ("WRITE", "FULL_CONTROL"):
            writers.append((who, source))
    d.access(readers, writers, bucket.at(), listers)


def _retention(plan: Plan, bucket: Resource, d: Dataset) -> None:
    versioning = plan.companion(bucket, "aws_s3_bucket_versioning")
    if versioning is not None:
        versioned = versioning.get("versioning_configuration", 0, "status") == "Enabled"
    else:
        versioned = bucket.get("versioning", 0, "enabled") is True
    lifecycle = plan.companion(bucket, "aws_s3_bucket_lifecycle_configuration")
    holder, base = (lifecycle, "rule") if lifecycle else (bucket, "lifecycle_rule")
    if holder.is_unknown(base) and lifecycle is not None:
        d.unknown_until_apply(("retention", "ttl_days"), holder.at(base))
        return
    candidates: list[tuple[int, PathKey]] = []
    for i, rule in enumerate(holder.elements(base)):
        if not isinstance(rule, dict):
            continue
        enabled = rule.get("status") == "Enabled" if lifecycle else rule.get("enabled") is True
        if not enabled or not _whole_bucket(rule):
            continue
        if holder.is_unknown(base, i, "expiration"):
            d.unknown_until_apply(("retention", "ttl_days"), holder.at(base, i, "expiration"))
            return
        days = as_int(holder.get(base, i, "expiration", 0, "days"))
        if days is None:
            continue
        if versioned:
            keep = as_int(holder.get(base, i, "noncurrent_version_expiration", 0,
                                   "noncurrent_days" if lifecycle else "days"))
            if keep is None:
                continue  # older versions stay after the current one expires
            days += keep
        candidates.append((days, holder.at(base, i, "expiration")))
    if candidates:
        days, source = min(candidates)
        d.put(("retention", "ttl_days"), days, source)
    else:
        d.put(("retention", "ttl_days"), None, (lifecycle or bucket).at())


_S3_GROUPS = {"allusers": "*", "authenticatedusers": "authenticated", "logdelivery": "svc:s3-log-delivery"}
_CANNED = {"public-read": ("*", "READ"), "public-read-write": ("*", "FULL_CONTROL"),
           "authenticated-read": ("authenticated", "READ")}


def _s3_grants(holder: Resource, grants: tuple[str | int, ...], owner: bool) -> Iterator[tuple[str, str, PathKey]]:
    """(principal, permission, source) of a bucket ACL, canned or explicit; the owner's own grant left out."""
    acl = holder.get("acl")
    if isinstance(acl, str) and acl in _CANNED:
        who, permission = _CANNED[acl]
        yield who, permission, holder.at("acl")
    owner_id = holder.get("access_control_policy", 0, "owner", 0, "id") if owner else None
    for i, grant in enumerate(holder.elements(*grants)):
        if not isinstance(grant, dict):
            continue
        grantee = grant.get("grantee")
        grantee = grantee[0] if isinstance(grantee, list) and grantee else grantee
        if not isinstance(grantee, dict):
            continue
        uri, ident, email = grantee.get("uri"), grantee.get("id"), grantee.get("email_address")
        permission = str(grant.get("permission") or (grant.get("permissions") or [""])[0])
        if isinstance(uri, str) and uri:
            who = _S3_GROUPS.get(uri.rstrip("/").rsplit("/", 1)[-1].lower(), principal(f"group:{uri}"))
        elif isinstance(email, str) and email:
            who = principal(f"user:{email}")
        elif owner and isinstance(ident, str) and ident and ident != owner_id:  # inline grants: owner unknown
            who = principal(f"user:canonical:{ident}")
        else:
            continue
        yield who, permission, holder.at(*grants, i)


def _whole_bucket(rule: dict[str, Any]) -> bool:
    """An S3 lifecycle rule whose filter selects every object of the bucket."""
    if rule.get("prefix") or rule.get("tags"):
        return False
    filters = rule.get("filter")
    for entry in filters if isinstance(filters, list) else [filters] if isinstance(filters, dict) else []:
        if isinstance(entry, dict) and any(entry.get(k) for k in ("prefix", "tag", "and", "object_size_greater_than",
                                                                   "object_size_less_than")):
            return False
    return True


SERVICE = Service(
    datasets={"aws_s3_bucket": s3_bucket},
    joins={f"aws_s3_bucket_{kind}": (("bucket",), S3_BUCKETS, S3_KEYS) for kind in (
        "server_side_encryption_configuration", "public_access_block", "acl", "policy", "lifecycle_configuration",
        "logging", "versioning")},
)
