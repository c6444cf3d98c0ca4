"""Google BigQuery: `google_bigquery_dataset`, with its `access` blocks,
`google_bigquery_dataset_iam_member` / `_binding` / `_policy` and `google_bigquery_dataset_access`.
Retention is the default table / partition expiration, rounded up to days; BigQuery's data access
audit logs cannot be turned off."""

from __future__ import annotations

import math
from collections.abc import Iterator

from compliance.loaders.document import PathKey
from compliance.loaders.terraform.dataset import Dataset, principal
from compliance.loaders.terraform.gcp import iam_grants, iam_principal
from compliance.loaders.terraform.plan import Plan, Resource, as_int
from compliance.loaders.terraform.services import Service

_DAY_MS = 86_400_000
_DATASETS = ("google_bigquery_dataset",)
_KEYS = ("dataset_id", "id")


def bigquery_dataset(plan: Plan, dataset: Resource, d: Dataset) -> None:
    d.labels(dataset, ("labels", "effective_labels", "terraform_labels"))
    d.location(dataset, "location")
    d.put(("encryption", "at_rest"), True, dataset.at("default_encryption_configuration"))
    if dataset.elements("default_encryption_configuration"):
        d.key(dataset, ("default_encryption_configuration", 0, "kms_key_name"))
    else:
        d.put(("encryption", "key_ref"), None, dataset.at("default_encryption_configuration"))
    d.put(("encryption", "in_transit"), True, dataset.at())
    readers: list[tuple[str, PathKey]] = []
    writers: list[tuple[str, PathKey]] = []
    if dataset.is_unknown("access") and dataset.configured("access") is False:
        # BigQuery's default: the project's owners, writers and readers
        for role, group in (("OWNER", "projectOwners"), ("WRITER", "projectWriters"), ("READER", "projectReaders")):
            readers.append((f"group:{group}", dataset.at()))
            if role != "READER":
                writers.append((f"group:{group}", dataset.at()))
    elif dataset.is_unknown("access"):
        d.unknown_until_apply(("access", "readers"), dataset.at("access"))
    entries: list[tuple[Resource, tuple[str | int, ...]]] = [
        (dataset, ("access", i)) for i in range(len(dataset.elements("access")))]
    entries += [(grant, ()) for grant in plan.companions(dataset, "google_bigquery_dataset_access")]
    for holder, base in entries:
        role = str(holder.get(*base, "role") or "")
        for member, source in _bigquery_access_members(holder, base, d):
            readers.append((member, source))
            if role in ("WRITER", "OWNER") or role.endswith(("dataEditor", "dataOwner", "admin")):
                writers.append((member, source))
    for kind in ("google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding",
                 "google_bigquery_dataset_iam_policy"):
        for grant in plan.companions(dataset, kind):
            for role, member, source in iam_grants(grant, d):
                readers.append((member, source))
                if role.endswith(("dataEditor", "dataOwner", "admin")):
                    writers.append((member, source))
    d.access(readers, writers, dataset.at())
    expirations: list[tuple[int, PathKey]] = []
    for attribute in ("default_table_expiration_ms", "default_partition_expiration_ms"):
        if dataset.is_unknown(attribute):
            d.unknown_until_apply(("retention", "ttl_days"), dataset.at(attribute))
            break
        milliseconds = as_int(dataset.get(attribute))
        if milliseconds is not None:
            expirations.append((math.ceil(milliseconds / _DAY_MS), dataset.at(attribute)))
    else:
        days, source = min(expirations) if expirations else (None, dataset.at())
        d.put(("retention", "ttl_days"), days, source)
    d.put(("audit_logging",), True, dataset.at())  # BigQuery data access audit logs cannot be turned off


def _bigquery_access_members(holder: Resource, base: tuple[str | int, ...],
                             d: Dataset) -> Iterator[tuple[str, PathKey]]:
    special = {"allAuthenticatedUsers": "authenticated", "projectOwners": "group:projectOwners",
               "projectReaders": "group:projectReaders", "projectWriters": "group:projectWriters"}
    for attribute, make in (("special_group", lambda v: special.get(v, principal(f"group:{v}"))),
                            ("iam_member", iam_principal),
                            ("user_by_email", lambda v: principal(f"user:{v}")),
                            ("group_by_email", lambda v: principal(f"group:{v}")),
                            ("domain", lambda v: principal(f"group:domain:{v}"))):
        if holder.is_unknown(*base, attribute):
            d.unknown_until_apply(("access", "readers"), holder.at(*base, attribute))
            continue
        value = holder.get(*base, attribute)
        if isinstance(value, str) and value:
            yield make(value), holder.at(*base, attribute)


SERVICE = Service(
    datasets={"google_bigquery_dataset": bigquery_dataset},
    joins=dict.fromkeys(("google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding",
                         "google_bigquery_dataset_iam_policy", "google_bigquery_dataset_access"),
                        (("dataset_id",), _DATASETS, _KEYS)),
)
