"""BigQuery: who can read each table, from each dataset's `access[]`, each table's IAM policy and the
IAM policies of the project and of the folders and organisation above it (google-cloud-bigquery and
google-cloud-resource-manager: `pip install 'workplace-compliance[bigquery]'`).

    compliance discover bigquery PROJECT

Credentials come from Application Default Credentials (`GOOGLE_APPLICATION_CREDENTIALS`,
`gcloud auth application-default login`, a workload identity); none is printed or written. Reading
the inherited policies needs `resourcemanager.projects.getIamPolicy` (and `folders.getIamPolicy`,
`organizations.getIamPolicy` above it, with `resourcemanager.projects.get` / `folders.get` to find
the parents); a policy the caller may not read is a warning, and every table's readers then say they
are approximate.

- Readers: a principal reads a table with `bigquery.tables.getData`, granted on the table, its
  dataset, the project, a folder above it or the organisation (IAM is inherited downwards). The
  dataset's access entries all read (READER, WRITER and OWNER are `roles/bigquery.dataViewer`,
  `dataEditor` and `dataOwner`); an IAM binding reads where its role is one of `DATA_ROLES`, the
  predefined roles that carry `bigquery.tables.getData` in Google's role definitions. The basic roles
  `roles/viewer`, `roles/editor` and `roles/owner` do not carry it: their holders read the datasets
  whose access entries name the special groups `projectReaders`, `projectWriters` and
  `projectOwners` (as every dataset does unless someone removed them), and those groups are resolved
  to the holders of the basic roles on the project and above it. `allUsers`, `allAuthenticatedUsers`
  and a `domain` member (everyone with an account in the organisation's domain) are everyone.
- Approximate, and saying why: groups (`group:`, `groupByEmail`) have members this API does not list
  (no identity count); authorized views, routines and datasets read with their own rights; a binding
  with an IAM condition counts its members as readers although the condition may exclude them; a
  binding to a custom role is not counted (its permissions are not read). IAM deny policies are not
  read: a principal they deny is still listed.
- Tags: the table's labels. Encryption at rest is always on (Google-managed), with the
  customer-managed key (`kms_key_name`) as `key_ref` where there is one; retention from
  `partition_expiration_days` (partitions older than that are deleted); location from the dataset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.sources.interface import LiveRequest, SourceError, SourceResult
from compliance.sources.principals import EVERYONE, Principal, PrincipalGraph, access_of, render
from compliance.sources.snapshot import dataset_id, document, inventory, observed_now

# A dataset access entry's legacy roles: roles/bigquery.dataViewer, dataEditor and dataOwner.
DATASET_ROLES = frozenset({"READER", "WRITER", "OWNER"})
# The predefined roles whose permissions include bigquery.tables.getData (Google's role definitions,
# `gcloud iam roles describe`, as of 2026-08): BigQuery's own data and routine roles, job-function
# and Dataplex/DLP/Datastream roles, and Google's service agents. The basic roles are not among them.
DATA_ROLES = frozenset({
    "roles/bigquery.admin", "roles/bigquery.dataEditor", "roles/bigquery.dataOwner", "roles/bigquery.dataViewer",
    "roles/bigquery.routineAdmin", "roles/bigquery.routineDataEditor", "roles/bigquery.routineDataViewer",
    "roles/bigquery.studioAdmin", "roles/dataplex.storageDataOwner", "roles/dataplex.storageDataReader",
    "roles/datastream.bigqueryWriter", "roles/dlp.orgdriver", "roles/dlp.projectdriver", "roles/iam.dataScientist",
    "roles/iam.databasesAdmin", "roles/iam.mlEngineer", "roles/iam.siteReliabilityEngineer", "roles/iam.supportUser",
    *(f"roles/{agent}" for agent in (
        "aiplatform.batchPredictionServiceAgent", "aiplatform.customCodeServiceAgent",
        "aiplatform.modelMonitoringServiceAgent", "aiplatform.ragServiceAgent", "aiplatform.serviceAgent",
        "aiplatform.tuningServiceAgent", "automl.serviceAgent", "automlrecommendations.serviceAgent",
        "ces.serviceAgent", "clouddeploymentmanager.serviceAgent", "dataflow.serviceAgent", "datafusion.serviceAgent",
        "datalabeling.serviceAgent", "dataplex.serviceAgent", "dataprep.serviceAgent", "datastream.serviceAgent",
        "datastudio.managedStorageServiceAgent", "dialogflow.serviceAgent", "discoveryengine.serviceAgent",
        "dlp.serviceAgent", "dspm.serviceAgent", "enterpriseknowledgegraph.serviceAgent",
        "firebasecrashlytics.serviceAgent", "fleetengine.serviceAgent", "looker.serviceAgent", "ml.serviceAgent",
        "retail.serviceAgent", "visionai.serviceAgent")),
})
# The basic role whose holders are each special group of a dataset's access entries.
SPECIAL_GROUPS = {"roles/viewer": "projectReaders", "roles/editor": "projectWriters", "roles/owner": "projectOwners"}
POLICY_V3 = {"requested_policy_version": 3}  # conditional bindings come back only in version 3
TOKEN = re.compile(r"ya29\.[\w.-]+")  # a Google OAuth access token, should an error ever quote one
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
        from google.cloud import bigquery  # type: ignore[import-not-found, import-untyped, attr-defined, unused-ignore]
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


def _resource_manager() -> tuple[Any, Any, Any]:
    """The Resource Manager clients for projects, folders and organisations (ImportError if absent)."""
    from google.cloud import resourcemanager_v3  # type: ignore[import-not-found, import-untyped, attr-defined, unused-ignore]

    manager = resourcemanager_v3
    return manager.ProjectsClient(), manager.FoldersClient(), manager.OrganizationsClient()


def _one_line(error: BaseException) -> str:
    """A client error on one line, any access token in it replaced by ***."""
    return TOKEN.sub("***", " ".join(str(error).split())) or type(error).__name__


@dataclass
class _Inherited:
    """What the project's and its ancestors' IAM policies grant every table of the project."""

    grants: dict[str, str] = field(default_factory=dict)  # graph key -> how it reads every table
    reasons: list[str] = field(default_factory=list)  # why every table's readers are approximate
    special_reasons: dict[str, list[str]] = field(default_factory=dict)  # special group key -> why approximate
    warnings: list[str] = field(default_factory=list)
    resolved: bool = False  # the project's own policy was read: projectReaders & co. are resolved


def _bindings(policy: Any) -> list[tuple[str, list[str], str | None]]:
    """(role, members, condition title or expression, None without one) of an IAM policy's bindings,
    as google-cloud-bigquery (dicts) and google-cloud-resource-manager (protobuf messages) give them.
    A version-1 policy names a conditional binding's role ROLE_withcond_HASH: a condition too."""
    found = []
    for binding in getattr(policy, "bindings", None) or ():
        if isinstance(binding, dict):
            role, members, condition = binding.get("role"), binding.get("members"), binding.get("condition")
        else:
            role, members, condition = binding.role, binding.members, getattr(binding, "condition", None)
        role = str(role or "")
        if isinstance(condition, dict):
            text = condition.get("title") or condition.get("expression")
        else:
            text = getattr(condition, "title", None) or getattr(condition, "expression", None)
        if "_withcond_" in role:
            role, text = role.partition("_withcond_")[0], text or "a condition the version-1 policy does not show"
        found.append((role, sorted(str(member) for member in members or ()), str(text) if text else None))
    return found


def _grant(graph: PrincipalGraph, grants: dict[str, str], reasons: list[str], where: str,
           bindings: Iterable[tuple[str, list[str], str | None]]) -> bool:
    """Add the members of `bindings` that read data to `grants` (graph key -> how); True where one's
    members are unknown (a group). Conditions and custom roles go to `reasons`."""
    unknown = False
    for role, members, condition in bindings:
        if role not in DATA_ROLES:
            if role.startswith(("projects/", "organizations/")) and members:
                reasons.append(f"{where} grants the custom role {role}, whose permissions are not read: "
                               "its members are not counted")
            continue
        if condition is not None:
            reasons.append(f"{where} grants {role} under the condition '{condition}': its members are counted "
                           "as readers although the condition may exclude them")
        for key in _members_in(graph, members):
            unknown = unknown or key in graph.opaque
            grants.setdefault(key, f"{where}: {role}" + (" (conditional)" if condition is not None else ""))
    return unknown


def _members_in(graph: PrincipalGraph, members: Iterable[str]) -> Iterator[str]:
    """The graph key of each member a policy names, the member added to the graph (members that name
    no principal, such as `deleted:` ones, are passed over)."""
    for member in members:
        found = _member(member)
        if found is None:
            continue
        key, label, login, opaque = found
        _add(graph, key, label, login, opaque)
        yield key


def _inherited(graph: PrincipalGraph, project: str) -> _Inherited:
    """Read the IAM policies of the project and of every folder and the organisation above it: the
    members of data roles read every table; the holders of the basic roles are the members of the
    datasets' special groups. What cannot be read becomes a warning and a reason on every table."""
    result = _Inherited()
    try:
        projects, folders, organizations = _resource_manager()
    except ImportError:
        why = "google-cloud-resource-manager is not installed (pip install 'workplace-compliance[bigquery]')"
    except Exception as error:  # credentials the Resource Manager clients cannot use
        why = f"the Resource Manager clients could not start ({_one_line(error)})"
    else:
        why = ""
    if why:
        result.warnings.append(f"{why}: IAM granted on the project, its folders and its organisation is not read")
        result.reasons.append("IAM granted on the project and above it is not read")
        return result
    chain: list[tuple[str, Any]] = []
    resource = f"projects/{project}"
    try:
        chain.append((f"project {project} IAM",
                      projects.get_iam_policy(request={"resource": resource, "options": POLICY_V3})))
    except Exception as error:  # PermissionDenied above all: a warning, never a traceback
        result.warnings.append(f"the IAM policy of project {project} could not be read ({_one_line(error)}): "
                               "readers it grants on every table, and the members of projectReaders, "
                               "projectWriters and projectOwners, are missing")
        result.reasons.append(f"the IAM policy of project {project} could not be read")
        return result
    result.resolved = True
    unread = f"the parent of project {project}"  # what the next step reads, for the warning if it fails
    try:
        parent = str(projects.get_project(name=resource).parent or "")
        while parent:
            unread = parent
            kind = parent.partition("/")[0]
            client = folders if kind == "folders" else organizations
            chain.append((f"{parent} IAM", client.get_iam_policy(request={"resource": parent, "options": POLICY_V3})))
            unread = f"the parent of {parent}"
            parent = str(folders.get_folder(name=parent).parent or "") if kind == "folders" else ""
    except Exception as error:
        result.warnings.append(f"IAM inherited from {unread} and above could not be read ({_one_line(error)}): "
                               "readers granted there are missing")
        result.reasons.append(f"IAM inherited from {unread} and above could not be read")
    for where, policy in chain:
        bindings = _bindings(policy)
        _grant(graph, result.grants, result.reasons, where, bindings)
        for role, members, condition in bindings:
            if role not in SPECIAL_GROUPS:
                continue
            special = f"special:{SPECIAL_GROUPS[role]}"
            if condition is not None:
                result.special_reasons.setdefault(special, []).append(
                    f"{where} grants {role} under the condition '{condition}': its members are counted in "
                    f"{SPECIAL_GROUPS[role]} although the condition may exclude them")
            for key in _members_in(graph, members):
                graph.add_membership(key, special)
    return result


def _read(client: Any, request: LiveRequest) -> SourceResult:
    everyone_label = str(request.options.get("everyone") or "group:all-employees")
    classifier = request.options.get("classifier")
    project = request.target
    graph = PrincipalGraph()
    inherited = _inherited(graph, project)
    if inherited.resolved:  # the special groups' members are the basic roles' holders, read above
        for special in SPECIAL_GROUPS.values():
            graph.add(Principal(f"special:{special}", f"group:{special}", False))
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
            if entry.role is not None and entry.role not in DATASET_ROLES and entry.role not in DATA_ROLES:
                continue
            found = _entry(str(entry.entity_type), entry.entity_id)
            if found is None:
                reasons.append(f"an authorized {entry.entity_type} reads dataset {name} with its own rights")
                continue
            key, label, login, opaque = found
            _add(graph, key, label, login, opaque)
            unknown = unknown or key in graph.opaque
            condition = getattr(entry, "condition", None)
            if condition:
                text = getattr(condition, "title", None) or getattr(condition, "expression", None) or condition
                reasons.append(f"dataset {name} access grants {entry.role} under the condition '{text}': its "
                               "members are counted as readers although the condition may exclude them")
            grantees.setdefault(key, f"dataset {name} access: {entry.role}")
        table_grants: dict[str, str] = {}
        unknown = _grant(graph, table_grants, reasons, "table IAM", _bindings(client.get_iam_policy(table.reference))
                         ) or unknown
        for key, how in [*table_grants.items(), *inherited.grants.items()]:
            grantees.setdefault(key, how)
            unknown = unknown or key in graph.opaque
        for key in grantees:
            reasons.extend(inherited.special_reasons.get(key, ()))
        holders = graph.holders(grantees)
        readers = render(graph, holders, everyone_label, grantees, None)
        access = access_of(readers, [*reasons, *inherited.reasons], counted=not holders.everyone and not unknown)
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
    notes = [*inherited.warnings, "IAM deny policies are not read: a principal they deny is still listed as a reader"]
    return SourceResult(documents=(document(value, source),),
                        warnings=tuple(Problem(source, None, None, "", note) for note in notes))


def _add(graph: PrincipalGraph, key: str, label: str, login: bool, opaque: bool) -> None:
    if key == EVERYONE or key in graph.principals:
        return
    graph.add(Principal(key, label, login))
    if opaque:
        graph.opaque.add(key)
