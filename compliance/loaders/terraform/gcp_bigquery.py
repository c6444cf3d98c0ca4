"""Google BigQuery: `google_bigquery_dataset`, with its `access` blocks,
`google_bigquery_dataset_iam_member` / `_binding` / `_policy` and `google_bigquery_dataset_access`;
`google_bigquery_table` (its dataset's readers and defaults, its own key, partition expiration and
`google_bigquery_table_iam_*` grants).
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
    readers, writers = _dataset_access(plan, dataset, d)
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


def _dataset_access(plan: Plan, dataset: Resource,
                    d: Dataset) -> tuple[list[tuple[str, PathKey]], list[tuple[str, PathKey]]]:
    """Readers and writers of a BigQuery dataset: its access blocks, dataset_access and IAM grants."""
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
    return readers, writers


def bigquery_table(plan: Plan, table: Resource, d: Dataset) -> None:
    """A table: its own labels, key, partition expiration and IAM grants, and what it takes from its
    dataset when the plan has it (location, default key, readers, default expirations)."""
    d.labels(table, ("labels", "effective_labels", "terraform_labels"))
    parent = plan.joined_to(table, "dataset_id", _DATASETS, _KEYS)
    if parent is not None:
        d.location(parent, "location")
    d.put(("encryption", "at_rest"), True, table.at())
    if table.elements("encryption_configuration"):
        d.key(table, ("encryption_configuration", 0, "kms_key_name"))
    elif parent is not None and parent.elements("default_encryption_configuration"):
        d.key(parent, ("default_encryption_configuration", 0, "kms_key_name"))
    else:
        d.put(("encryption", "key_ref"), None, table.at())
    d.put(("encryption", "in_transit"), True, table.at())
    readers: list[tuple[str, PathKey]] = []
    writers: list[tuple[str, PathKey]] = []
    if parent is not None:
        readers, writers = _dataset_access(plan, parent, d)
    else:  # who can read the dataset the table is in is not in the plan
        d.unknown_fact(("access", "readers"), table.at("dataset_id"),
                       "not visible in the plan: the table's dataset is not in it; left out, not guessed")
    for kind in ("google_bigquery_table_iam_member", "google_bigquery_table_iam_binding",
                 "google_bigquery_table_iam_policy"):
        for grant in plan.companions(table, kind):
            for role, member, source in iam_grants(grant, d):
                readers.append((member, source))
                if role.endswith(("dataEditor", "dataOwner", "admin")):
                    writers.append((member, source))
    d.access(readers, writers, table.at())
    partition = ("time_partitioning", 0, "expiration_ms")
    own = as_int(table.get(*partition))
    inherited = as_int(parent.get("default_table_expiration_ms")) if parent is not None else None
    if table.is_unknown(*partition) and table.configured(*partition) is not False:
        d.unknown_until_apply(("retention", "ttl_days"), table.at(*partition))
    elif own is not None:
        d.put(("retention", "ttl_days"), math.ceil(own / _DAY_MS), table.at(*partition))
    elif inherited is not None and parent is not None:
        d.put(("retention", "ttl_days"), math.ceil(inherited / _DAY_MS), parent.at("default_table_expiration_ms"))
    else:
        d.put(("retention", "ttl_days"), None, table.at())
    d.put(("audit_logging",), True, table.at())  # BigQuery data access audit logs cannot be turned off


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
    datasets={"google_bigquery_dataset": bigquery_dataset, "google_bigquery_table": bigquery_table},
    joins={**dict.fromkeys(("google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding",
                            "google_bigquery_dataset_iam_policy", "google_bigquery_dataset_access"),
                           (("dataset_id",), _DATASETS, _KEYS)),
           **dict.fromkeys(("google_bigquery_table_iam_member", "google_bigquery_table_iam_binding",
                            "google_bigquery_table_iam_policy"),
                           (("table_id",), ("google_bigquery_table",), ("table_id", "id")))},
)
