"""BigQuery: who can read each table, from each dataset's `access[]` and each table's IAM policy
(google-cloud-bigquery: `pip install 'workplace-compliance[bigquery]'`).

    compliance discover bigquery PROJECT

Credentials come from Application Default Credentials (`GOOGLE_APPLICATION_CREDENTIALS`,
`gcloud auth application-default login`, a workload identity); none is printed or written.

- Readers: the dataset's access entries (any role: READER, WRITER and OWNER all read, as do
  `roles/bigquery.dataViewer`, `dataEditor`, `dataOwner` and `admin`) and the table's own IAM
  bindings to those roles. `allUsers`, `allAuthenticatedUsers` and a `domain` entry (everyone with an
  account in the organisation's domain) are everyone. Groups (`groupByEmail`, `group:`) and the
  project's `projectReaders` / `projectWriters` / `projectOwners` have members this API does not list:
  no identity count for them. Authorized views, routines and datasets read the dataset with their
  own rights: the readers are approximate, and say so. Project-level IAM is not read.
- Tags: the table's labels. Encryption at rest is always on (Google-managed), with the
  customer-managed key (`kms_key_name`) as `key_ref` where there is one; retention from
  `partition_expiration_days` (partitions older than that are deleted); location from the dataset.
"""

from __future__ import annotations

from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.sources.interface import LiveRequest, SourceError, SourceResult
from compliance.sources.principals import EVERYONE, Principal, PrincipalGraph, access_of, render
from compliance.sources.snapshot import dataset_id, document, inventory, observed_now

READ_ROLES = {"READER", "WRITER", "OWNER", "roles/bigquery.dataViewer", "roles/bigquery.dataEditor",
              "roles/bigquery.dataOwner", "roles/bigquery.admin", "roles/owner", "roles/editor", "roles/viewer"}
EVERYONE_MEMBERS = {"allUsers", "allAuthenticatedUsers"}
LOCATION_COUNTRIES = {"europe-west1": "BE", "europe-west2": "GB", "europe-west3": "DE", "europe-west4": "NL",
                      "europe-west6": "CH", "europe-west8": "IT", "europe-west9": "FR", "europe-north1": "FI",
                      "europe-central2": "PL", "europe-southwest1": "ES", "us-central1": "US", "us-east1": "US",
                      "us-east4": "US", "us-west1": "US", "us-west2": "US", "US": "US",
                      "asia-northeast1": "JP", "asia-southeast1": "SG", "australia-southeast1": "AU"}


class BigQuerySource:
    name: ClassVar[str] = "bigquery"

    def discover(self, request: LiveRequest) -> SourceResult:
        if not request.target:
            raise SourceError("bigquery: give the project id (compliance discover bigquery PROJECT)")
        try:
            client = _client(request.target)
            return _read(client, request)
        except SourceError:
            raise
        except Exception as error:  # the client's own errors (auth, permission, network): one line
            raise SourceError(f"bigquery: {' '.join(str(error).split())}") from None


def _client(project: str) -> Any:
    try:
        from google.cloud import bigquery  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise SourceError("bigquery: google-cloud-bigquery is not installed "
                          "(pip install 'workplace-compliance[bigquery]')") from None
    return bigquery.Client(project=project)


def _entry(entity_type: str, entity_id: Any) -> tuple[str, str, bool, bool] | None:
    """(graph key, reader label, is a login, members unknown) of an access entry or IAM member."""
    if entity_type in ("specialGroup", "iamMember") and entity_id in EVERYONE_MEMBERS:
        return EVERYONE, "", False, False
    if entity_type == "domain":
        return EVERYONE, "", False, False
    if entity_type == "userByEmail":
        kind = "svc" if str(entity_id).endswith("gserviceaccount.com") else "user"
        return f"{kind}:{entity_id}", f"{kind}:{entity_id}", kind == "user", False
    if entity_type == "groupByEmail":
        return f"group:{entity_id}", f"group:{entity_id}", False, True
    if entity_type == "specialGroup":
        return f"special:{entity_id}", f"group:{entity_id}", False, True
    if entity_type == "iamMember":
        return _member(str(entity_id))
    return None  # view, routine, dataset: authorized resources, handled by the caller


def _member(member: str) -> tuple[str, str, bool, bool] | None:
    """An IAM policy member: user:, group:, serviceAccount:, domain:, allUsers, allAuthenticatedUsers."""
    if member in EVERYONE_MEMBERS or member.startswith("domain:"):
        return EVERYONE, "", False, False
    kind, _, name = member.partition(":")
    if kind == "user":
        return f"user:{name}", f"user:{name}", True, False
    if kind == "serviceAccount":
        return f"svc:{name}", f"svc:{name}", False, False
    if kind == "group":
        return f"group:{name}", f"group:{name}", False, True
    return f"other:{member}", f"group:{member.replace(':', '/')}", False, True


def _read(client: Any, request: LiveRequest) -> SourceResult:
    everyone_label = str(request.options.get("everyone") or "group:all-employees")
    classifier = request.options.get("classifier")
    project = request.target
    graph = PrincipalGraph()
    datasets: list[dict[str, Any]] = []
    tables = [(dataset_item, table_item) for dataset_item in client.list_datasets(project)
              for table_item in client.list_tables(dataset_item.reference)]
    dataset_cache: dict[str, Any] = {}
    for done, (dataset_item, table_item) in enumerate(tables, start=1):
        name = dataset_item.dataset_id
        if name not in dataset_cache:
            dataset_cache[name] = client.get_dataset(dataset_item.reference)
        bq_dataset = dataset_cache[name]
        table = client.get_table(table_item.reference)
        grantees: dict[str, str] = {}
        reasons: list[str] = []
        unknown = False
        for entry in bq_dataset.access_entries:
            if entry.role is not None and entry.role not in READ_ROLES:
                continue
            found = _entry(str(entry.entity_type), entry.entity_id)
            if found is None:
                reasons.append(f"an authorized {entry.entity_type} reads dataset {name} with its own rights")
                continue
            key, label, login, opaque = found
            _add(graph, key, label, login, opaque)
            unknown = unknown or opaque
            grantees.setdefault(key, f"dataset {name} access: {entry.role}")
        for binding in client.get_iam_policy(table.reference).bindings:
            if binding.get("role") not in READ_ROLES:
                continue
            for member in binding.get("members", ()):
                found = _member(str(member))
                if found is None:
                    continue
                key, label, login, opaque = found
                _add(graph, key, label, login, opaque)
                unknown = unknown or opaque
                grantees.setdefault(key, f"table IAM: {binding['role']}")
        holders = graph.holders(grantees)
        readers = render(graph, holders, everyone_label, grantees, None)
        access = access_of(readers, reasons, counted=not holders.everyone and not unknown)
        qualified = f"{name}.{table.table_id}"
        kms = getattr(getattr(table, "encryption_configuration", None), "kms_key_name", None)
        expiration = getattr(table, "time_partitioning", None)
        ttl_ms = getattr(expiration, "expiration_ms", None) if expiration is not None else None
        location = str(getattr(bq_dataset, "location", "") or "")
        dataset: dict[str, Any] = {
            "id": dataset_id(qualified), "name": qualified,
            "table_type": str(getattr(table, "table_type", "TABLE") or "TABLE").lower(),
            "encryption": {"at_rest": True, "key_ref": kms, "in_transit": True},
            "access": access,
            "rows": getattr(table, "num_rows", None),
            "provenance": {"access.readers": "observed", "encryption.at_rest": "observed",
                           "encryption.key_ref": "observed", "encryption.in_transit": "observed"},
        }
        if ttl_ms:
            dataset["retention"] = {"ttl_days": int(ttl_ms) // 86_400_000}
            dataset["provenance"]["retention.ttl_days"] = "observed"
        if location:
            dataset["location"] = {"region": location, **({"country": LOCATION_COUNTRIES[location]}
                                                           if location in LOCATION_COUNTRIES else {})}
            dataset["provenance"]["location.region"] = "observed"
        if classifier is not None:
            labels = {str(key): str(value) for key, value in (getattr(table, "labels", None) or {}).items()}
            classifier.classify(dataset, [qualified, f"{project}.{qualified}"], tags=labels,
                                comment=getattr(table, "description", None))
        else:
            dataset["personal_data"] = None
        datasets.append(dataset)
        if request.progress is not None and (done % 100 == 0 or done == len(tables)):
            request.progress(done, len(tables))
    source = f"bigquery:{project}"
    value = inventory(str(request.options.get("inventory_id") or f"bigquery-{project}"),
                      f"BigQuery project {project}", "bigquery", source, observed_now(), datasets)
    note = "project-level IAM (roles granted on the project) is not read: add readers it grants by hand"
    return SourceResult(documents=(document(value, source),), warnings=(Problem(source, None, None, "", note),))


def _add(graph: PrincipalGraph, key: str, label: str, login: bool, opaque: bool) -> None:
    if key == EVERYONE or key in graph.principals:
        return
    graph.add(Principal(key, label, login))
    if opaque:
        graph.opaque.add(key)
