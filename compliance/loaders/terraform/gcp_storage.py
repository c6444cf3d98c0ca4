"""Google Cloud Storage: `google_storage_bucket`, with its `google_storage_bucket_iam_member` /
`_binding` / `_policy`, `google_storage_bucket_acl`, `google_storage_default_object_acl` and the
project / folder / organisation audit configs (gcp.py). Google encrypts at rest and serves TLS only."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import WILDCARDS, Dataset, principal
from compliance.loaders.terraform.gcp import audit_config, iam_grants
from compliance.loaders.terraform.plan import Plan, Resource, as_int
from compliance.loaders.terraform.services import Service

_BUCKETS = ("google_storage_bucket",)
_KEYS = ("name", "id", "url")


def gcs_bucket(plan: Plan, bucket: Resource, d: Dataset) -> None:
    d.labels(bucket, ("labels", "effective_labels", "terraform_labels"))
    d.location(bucket, "location")
    d.put(("encryption", "at_rest"), True, bucket.at("encryption"))  # Google encrypts at rest by default
    if bucket.elements("encryption"):
        d.key(bucket, ("encryption", 0, "default_kms_key_name"))
    else:
        d.put(("encryption", "key_ref"), None, bucket.at("encryption"))
    d.put(("encryption", "in_transit"), True, bucket.at())  # Google APIs take TLS only
    readers: list[tuple[str, PathKey]] = []
    writers: list[tuple[str, PathKey]] = []
    for kind in ("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding",
                 "google_storage_bucket_iam_policy"):
        for grant in plan.companions(bucket, kind):
            for role, member, source in iam_grants(grant, d):
                if not role.startswith(("roles/storage.objectCreator", "roles/storage.legacyBucketWriter")):
                    readers.append((member, source))
                if role.rsplit(".", 1)[-1] in ("objectCreator", "objectUser", "objectAdmin", "admin",
                                               "legacyBucketWriter", "legacyBucketOwner"):
                    writers.append((member, source))
    if bucket.get("uniform_bucket_level_access") is not True:
        for kind in ("google_storage_bucket_acl", "google_storage_default_object_acl"):
            for acl in plan.companions(bucket, kind):
                for role, entity, source in _gcs_acl_entries(acl, d):
                    readers.append((entity, source))
                    if role in ("WRITER", "OWNER"):
                        writers.append((entity, source))
    if bucket.get("public_access_prevention") == "enforced":
        readers = [(p, s) for p, s in readers if p not in WILDCARDS]
        writers = [(p, s) for p, s in writers if p not in WILDCARDS]
    d.access(readers, writers, bucket.at())
    _retention(plan, bucket, d)
    if bucket.elements("logging"):
        d.put(("audit_logging",), True, bucket.at("logging"))
    else:
        d.put(("audit_logging",), audit_config(plan) is not None, audit_config(plan) or bucket.at())


def _retention(plan: Plan, bucket: Resource, d: Dataset) -> None:
    if bucket.is_unknown("lifecycle_rule"):
        d.unknown_until_apply(("retention", "ttl_days"), bucket.at("lifecycle_rule"))
        return
    versioned = bucket.get("versioning", 0, "enabled") is True
    live: list[tuple[int, PathKey]] = []
    old: list[int] = []
    narrowing = ("matches_prefix", "matches_suffix", "matches_storage_class", "created_before",
                 "custom_time_before", "noncurrent_time_before", "num_newer_versions")
    for i, rule in enumerate(bucket.elements("lifecycle_rule")):
        if not isinstance(rule, dict) or bucket.get("lifecycle_rule", i, "action", 0, "type") != "Delete":
            continue
        condition = bucket.get("lifecycle_rule", i, "condition", 0)
        if not isinstance(condition, dict) or any(condition.get(k) for k in narrowing):
            continue
        state = condition.get("with_state") or "ANY"
        age = as_int(condition.get("age"))
        since_noncurrent = as_int(condition.get("days_since_noncurrent_time"))
        if age is not None and state in ("ANY", "LIVE"):
            live.append((age, bucket.at("lifecycle_rule", i, "condition", 0, "age")))
            if state == "ANY" or not versioned:
                old.append(0)
        if state == "ARCHIVED" or since_noncurrent is not None:
            old.append(since_noncurrent if since_noncurrent is not None else (age or 0))
    if live and (not versioned or old):
        days, source = min(live)
        d.put(("retention", "ttl_days"), days + (min(old) if versioned else 0), source)
    else:
        d.put(("retention", "ttl_days"), None, bucket.at())


def _gcs_acl_entries(acl: Resource, d: Dataset) -> Iterator[tuple[str, str, PathKey]]:
    predefined = acl.get("predefined_acl") or acl.get("default_acl")
    public = {"publicRead": "*", "publicReadWrite": "*", "authenticatedRead": "authenticated"}
    if isinstance(predefined, str) and predefined in public:
        yield ("WRITER" if predefined == "publicReadWrite" else "READER"), public[predefined], acl.at("predefined_acl")
    if acl.is_unknown("role_entity"):
        d.unknown_until_apply(("access", "readers"), acl.at("role_entity"))
    for i, entry in enumerate(acl.elements("role_entity")):
        if isinstance(entry, str) and ":" in entry:
            role, entity = entry.split(":", 1)
            kind, _, rest = entity.partition("-")
            member = {"allUsers": "*", "allAuthenticatedUsers": "authenticated"}.get(entity) or (
                principal(f"{'svc' if rest.endswith('gserviceaccount.com') else kind}:{rest}")
                if kind in ("user", "group") and rest else principal(f"group:{entity}"))
            yield role, member, acl.at("role_entity", i)


SERVICE = Service(
    datasets={"google_storage_bucket": gcs_bucket},
    joins=dict.fromkeys(("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding",
                         "google_storage_bucket_iam_policy", "google_storage_bucket_acl",
                         "google_storage_default_object_acl"), (("bucket",), _BUCKETS, _KEYS)),
)
