"""`terraform show -json` plans read as a StorageInventory (SPEC.md section 2.4).

One plan file becomes one synthetic `StorageInventory` Document (`metadata.system: terraform`) whose
datasets are the buckets, tables and datasets the plan will leave behind (`planned_values`, root
module and child modules). Each dataset's id is its resource address (`aws_s3_bucket.keystrokes`,
`module.staging.aws_s3_bucket.scratch`; an instance key `[0]` / `["eu"]` becomes `/0` / `/eu`,
since the schema's id pattern has no brackets; `name` keeps the exact address). The Document's
`positions` point every dataset field at the resource, or the attribute of the resource, that
decided it, so a finding cites the plan's file and line (pretty-print the plan, e.g. with
`terraform show -json plan | jq .`, for useful lines: Terraform writes it on one line).

Resources read, and what they give:

- AWS `aws_s3_bucket`, joined to its `aws_s3_bucket_server_side_encryption_configuration`,
  `_public_access_block`, `_acl`, `_policy`, `_lifecycle_configuration`, `_logging` and
  `_versioning` by their `bucket` (equal to the bucket's `bucket` or `id`, or, when that is
  unknown until apply, through the reference in the plan's `configuration`); account-level
  `aws_s3_account_public_access_block`; `aws_cloudtrail` data events (audit logging).
  `aws_glue_catalog_table` (labels from `parameters`; storage facts of the S3 bucket named by
  `storage_descriptor.location`), `aws_dynamodb_table` (+ `aws_dynamodb_resource_policy`),
  `aws_db_instance` (+ the `aws_db_parameter_group` it names).
- Google `google_storage_bucket` (+ `google_storage_bucket_iam_member` / `_binding` / `_policy`,
  `google_storage_bucket_acl`, `google_storage_default_object_acl`, project / folder /
  organisation `*_iam_audit_config`), `google_bigquery_dataset` (+ its `access` blocks,
  `google_bigquery_dataset_iam_member` / `_binding` / `_policy`, `google_bigquery_dataset_access`).
- Azure `azurerm_storage_account` (+ `azurerm_storage_container`,
  `azurerm_storage_account_customer_managed_key`, `azurerm_storage_management_policy`,
  `azurerm_monitor_diagnostic_setting`), `azurerm_mssql_database` (+ its `azurerm_mssql_server`,
  `azurerm_mssql_firewall_rule`, `azurerm_mssql_server_transparent_data_encryption`,
  `azurerm_mssql_server_extended_auditing_policy`, `azurerm_mssql_database_extended_auditing_policy`).

How the fields are derived:

- `access.readers` / `writers`: the principals that grants on the resource itself name. S3 bucket
  policy `Allow` statements covering `s3:GetObject` / `s3:PutObject` (`Principal: "*"` -> `*`,
  unless a condition on aws:PrincipalOrgID, aws:SourceVpc(e), ... narrows it) and ACLs (AllUsers
  -> `*`, AuthenticatedUsers -> `authenticated`), less what a public access block neutralises
  (`restrict_public_buckets`, `ignore_public_acls`); Google IAM members, bindings and ACLs
  (`allUsers` -> `*`, `allAuthenticatedUsers` -> `authenticated`, `user:` / `group:` /
  `serviceAccount:` -> `user:` / `group:` / `svc:`), less `public_access_prevention = "enforced"`;
  BigQuery `access` blocks; Azure containers with `container_access_type` `blob` / `container` ->
  `*`; a `publicly_accessible` RDS instance or an Azure SQL server open to 0.0.0.0-255.255.255.255
  -> `authenticated` (anyone on the internet holding credentials). Identity-side IAM policies are
  not read.
- `encryption.in_transit`: S3 and DynamoDB only when a resource policy denies
  `aws:SecureTransport = false`; RDS when its parameter group sets `rds.force_ssl` /
  `require_secure_transport`, else null; Google services and Azure SQL true (TLS-only endpoints);
  Azure Storage follows `https_traffic_only_enabled`.
- `retention.ttl_days`: a whole-bucket S3 lifecycle expiration (plus the noncurrent-version expiry
  when versioned), a GCS `Delete` by age, BigQuery's default table / partition expiration (rounded
  up to days), an Azure management policy's base-blob deletion; null for databases and for
  DynamoDB's per-item TTL (noted as not visible in the plan).
- `audit_logging`: S3 server access logging or CloudTrail data events; GCS usage logs or a
  DATA_READ audit config for storage; BigQuery always (its data access logs cannot be turned off);
  RDS `audit` log export (or `postgresql` with pgaudit); Azure diagnostic settings with StorageRead
  or the audit category group; Azure SQL extended auditing.
- `location`: the resource's region / location, else the provider configuration's region, with
  the country where the region lies in one (multi-regions such as `EU` give none).

Provider defaults are stated, not guessed: S3 (since January 2023), DynamoDB, GCS, BigQuery and
Azure Storage always encrypt at rest, so without a customer key they give `at_rest: true,
key_ref: null`; RDS encrypts only with `storage_encrypted = true`; Azure SQL has transparent data
encryption on unless `transparent_data_encryption_enabled = false`.

Tags (AWS, Azure), labels (Google) or Glue table `parameters` link a resource to a program:
`program`, `data_categories` (ids separated by `;`, `,`, `+`, spaces, or `--` since Google label
values allow none of the others), `personal_data` (`true` / `false`) and `sensitivity` (`1`..`4`).
Without a `personal_data` tag a resource holds personal data exactly when it names a `program` or
`data_categories` (data filed under a processing activity is presumed personal), so untagged
infrastructure (state buckets, logs) is not judged. A tag value of the wrong shape is passed on as
written, so the schema check reports it at the tag's line.

Values unknown until apply (`resource_changes[].change.after_unknown`) are never guessed: a
reference to a key resource in the plan's configuration is used as `key_ref`
(`aws_kms_key.analytics.arn`), and an attribute the configuration does not set is the provider's
computed default; otherwise the field is left null (an unknown reader list is left out, which the
rules report as "who can read it is unknown") and a note is returned with the Document
(`PlanInventory.notes`, each `file:line:col: <address> <field>: unknown until apply ...`); the
dataset's `description` lists the same fields, since the schema allows no other place for them.
"""

from __future__ import annotations

import fnmatch
import gc
import hashlib
import json
import json.decoder
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.loaders.document import API_VERSION, Document, PathKey, Position, format_path
from compliance.loaders.yaml_json import DEFAULT_MAX_BYTES, LoadError, load_file, read_limited

PLAN_SUFFIX = ".tfplan.json"
SUPPORTED_FORMAT_MAJOR = "1"

_WILDCARDS = ("*", "authenticated")
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class PlanInventory:
    """The synthetic StorageInventory of one plan, and what the plan leaves unknown until apply."""

    document: Document
    notes: tuple[Problem, ...]


def is_plan(path: Path, value: Any) -> bool:
    """A JSON file named `*.tfplan.json`, or one whose top level has format_version and planned_values."""
    name = path.name.lower()
    if not name.endswith(".json"):
        return False
    if name.endswith(PLAN_SUFFIX):
        return True
    return isinstance(value, dict) and "format_version" in value and "planned_values" in value


def load_plan(path: Path, display: str | None = None) -> PlanInventory:
    """Read one plan file. Raises LoadError for a file that is not a supported plan."""
    plan = read_plan(path, display, named=True)
    if plan is None:  # not JSON: the general loader says where and why
        load_file(path, display)
        raise LoadError(Problem(display or str(path), None, None, "", "not a Terraform plan: not JSON"))
    return plan


def read_plan(path: Path, display: str | None = None, named: bool = False,
              max_bytes: int = DEFAULT_MAX_BYTES, raw: bytes | None = None) -> PlanInventory | None:
    """The plan in a JSON file, or None when the file is not a plan (or not JSON at all).

    A file is a plan when it is named `*.tfplan.json` (or `named` is set) or its top level has
    format_version and planned_values. Plans are read with the C `json` parser, and positions are
    recorded only where findings can point (planned_values, format_version): `terraform show -json`
    output runs to tens of megabytes, which the general YAML-based loader reads far too slowly.
    Raises LoadError for a plan this tool cannot read (format_version, shape). `raw`: the file's
    bytes when the caller has read them already.
    """
    name = display or str(path)
    if raw is None:
        raw = read_limited(path, name, max_bytes)
    # Millions of small objects and no cycles: the cyclic GC would rescan them all again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            text = raw.decode("utf-8-sig")
            value = json.loads(text)
        except ValueError:  # also UnicodeDecodeError
            return None
        if not (named or is_plan(path, value)):
            return None
        positions: dict[PathKey, Position] = (_json_positions(text, ("planned_values",)) if isinstance(value, dict)
                                              else {(): Position(1, 1)})
        document = Document(name, 0, value, hashlib.sha256(raw).hexdigest(), positions)
        return inventory_from_plan(document)
    finally:
        if collecting:
            gc.enable()


def _json_positions(text: str, recorded: tuple[str, ...]) -> dict[PathKey, Position]:
    """1-based positions of the top-level keys of a JSON object, and of every key and list item
    below the top-level keys named in `recorded`; other subtrees are skipped with the C scanner."""
    offsets: list[tuple[PathKey, int]] = []
    skip = _SPACE.match
    scan = _SCANNER
    scanstring = _scanstring
    record = offsets.append

    def walk(offset: int, path: PathKey) -> int:
        char = text[offset]
        if char == "{":
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
            if text[offset] == "}":
                return offset + 1
            while True:
                key, end = scanstring(text, offset + 1)
                child = (*path, key)
                record((child, offset))
                offset = skip(text, skip(text, end).end() + 1).end()  # type: ignore[union-attr]
                offset = walk(offset, child) if path or key in recorded else scan(text, offset)[1]
                offset = skip(text, offset).end()  # type: ignore[union-attr]
                if text[offset] == "}":
                    return offset + 1
                offset = skip(text, offset + 1).end()  # type: ignore[union-attr]  # after ","
        if char == "[":
            offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
            if text[offset] == "]":
                return offset + 1
            index = 0
            while True:
                child = (*path, index)
                record((child, offset))
                offset = skip(text, walk(offset, child)).end()  # type: ignore[union-attr]
                if text[offset] == "]":
                    return offset + 1
                offset = skip(text, offset + 1).end()  # type: ignore[union-attr]
                index += 1
        return scan(text, offset)[1]

    start = skip(text, 0).end()  # type: ignore[union-attr]
    record(((), start))
    walk(start, ())
    # Offsets to line and column in one sorted pass over the line starts.
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    positions: dict[PathKey, Position] = {}
    line = 0
    for path, offset in sorted(offsets, key=lambda entry: entry[1]):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= offset:
            line += 1
        positions[path] = Position(line + 1, offset - line_starts[line] + 1)
    return positions


_SPACE = re.compile(r"[ \t\n\r]*")
# The C scanner of the json module: scan_once(text, offset) -> (value, end); scanstring(text, offset after
# the opening quote) -> (string, end).
_SCANNER: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def inventory_from_plan(plan: Document) -> PlanInventory:
    """The StorageInventory Document of a loaded plan. Raises LoadError for an unsupported plan."""
    _check_format(plan)
    reader = _Plan(plan)
    datasets: list[dict[str, Any]] = []
    positions: dict[PathKey, Position] = {}
    header = plan.locate(("format_version",))
    for key in ((), ("apiVersion",), ("kind",), ("metadata",), ("metadata", "id"), ("metadata", "name"),
                ("metadata", "system")):
        positions[key] = header
    positions[("datasets",)] = plan.locate(("planned_values",))
    notes: list[Problem] = []
    for dataset in reader.datasets():
        index = len(datasets)
        datasets.append(dataset.value())
        for field, source in dataset.sources.items():
            positions[("datasets", index, *field)] = _locate(plan, source)
        notes.extend(dataset.problems())
    notes.extend(reader.notes)
    value = {
        "apiVersion": API_VERSION,
        "kind": "StorageInventory",
        "metadata": {"id": _slug(Path(plan.path).name), "name": f"Terraform plan {Path(plan.path).name}",
                     "system": "terraform"},
        "datasets": datasets,
    }
    return PlanInventory(Document(plan.path, plan.index, value, plan.sha256, positions), tuple(notes))


def _locate(plan: Document, source: PathKey) -> Position:
    """Position of a plan path, or of its nearest ancestor; an attribute the plan omits (unknown until
    apply) points at its resource's address rather than at the `values` object."""
    key = source
    while key:
        if key in plan.positions:
            if key[-1] == "values":
                return plan.locate((*key[:-1], "address"))
            return plan.positions[key]
        key = key[:-1]
    return plan.locate(())


def _json_type(value: Any) -> str:
    """What a JSON value is, as a message names it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an object" if isinstance(value, dict) else "null"


def _check_format(plan: Document) -> None:
    value = plan.value
    if not isinstance(value, dict):
        raise LoadError(Problem(plan.path, 1, 1, "", "not a Terraform plan: the top level is not a JSON object"))
    version = value.get("format_version")
    position = plan.locate(("format_version",))
    if not isinstance(version, str):
        raise LoadError(Problem(plan.path, position.line, position.column, "format_version",
                                "not a Terraform plan (`terraform show -json PLANFILE`): format_version "
                                f"{'is missing' if version is None else 'is not a string'}"))
    if version.split(".")[0] != SUPPORTED_FORMAT_MAJOR:
        raise LoadError(Problem(plan.path, position.line, position.column, "format_version",
                                f"Terraform JSON format_version {version!r} is not supported; this tool reads "
                                f"format {SUPPORTED_FORMAT_MAJOR}.x (`terraform show -json` of Terraform 1.1 "
                                "or later)"))
    if not isinstance(value.get("planned_values"), dict):
        raise LoadError(Problem(plan.path, position.line, position.column, "planned_values",
                                "not a Terraform plan: planned_values is missing (a state file? pass "
                                "`terraform show -json PLANFILE` of a saved plan)"))


def _slug(file_name: str) -> str:
    stem = file_name[: -len(".json")] if file_name.lower().endswith(".json") else file_name
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).lstrip("._-")
    return slug or "terraform-plan"


def dataset_id(address: str) -> str:
    """The dataset id of a resource address: instance keys `[0]` / `["eu"]` become `/0` / `/eu`."""
    text = re.sub(r'\["?([^"\]]*)"?\]', r"/\1", address)
    return re.sub(r"[^A-Za-z0-9._:/-]", "-", text)


# --------------------------------------------------------------------------------------------------
# Reading the plan


def _walk(node: Any, path: tuple[str | int, ...]) -> Any:
    """The value at path below node (keys of mappings, indexes of lists); None where the path ends early."""
    for part in path:
        if isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        elif isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


@dataclass
class _Resource:
    address: str
    module: str  # module instance address, "" for the root module
    type: str
    name: str
    index: Any
    values: dict[str, Any]
    path: PathKey  # of the resource object in the plan document
    unknown: Any  # its after_unknown
    config: dict[str, Any] | None  # its configuration block

    def get(self, *path: str | int) -> Any:
        return _walk(self.values, path)

    def elements(self, *path: str | int) -> list[Any]:
        return _elements(self.get(*path))

    def is_unknown(self, *path: str | int) -> bool:
        node = self.unknown
        for part in path:
            if node is True:
                return True
            if isinstance(part, str) and isinstance(node, dict):
                node = node.get(part, False)
            elif isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
            else:
                return False
        return node is True

    def expression(self, *path: str | int) -> dict[str, Any] | None:
        if self.config is None:
            return None
        node = _walk(self.config.get("expressions"), path)
        return node if isinstance(node, dict) else None

    def configured(self, *path: str | int) -> bool | None:
        """Whether the configuration sets the attribute; None when the plan has no configuration for it."""
        if self.config is None:
            return None
        return self.expression(*path) is not None

    def references(self, *path: str | int) -> list[str]:
        expression = self.expression(*path)
        references = expression.get("references") if expression else None
        return [ref for ref in references if isinstance(ref, str)] if isinstance(references, list) else []

    def at(self, *path: str | int) -> PathKey:
        """Path in the plan document of an attribute (of the resource itself when path is empty)."""
        return (*self.path, "values", *path) if path else (*self.path, "address")


def _strip_index(address: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", address)


def _norm(value: str) -> str:
    text = value.strip().rstrip("/").lower()
    for suffix in ("/blobservices/default", "/fileservices/default", "/queueservices/default",
                   "/tableservices/default"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.startswith("b/"):
        text = text[2:]
    if "/datasets/" in text:
        text = text.rsplit("/datasets/", 1)[1]
    return text


_REFERENCE = re.compile(r'^(?P<type>[a-z][a-z0-9_]*)\.(?P<name>[A-Za-z_][A-Za-z0-9_-]*)(?:\[(?P<index>\d+|"[^"]*")\])?')
_NOT_RESOURCES = ("var.", "local.", "each.", "count.", "path.", "terraform.", "self.")

# companion type -> (attributes naming the target, target types, target attributes they may equal)
_S3 = ("aws_s3_bucket",)
_S3_KEYS = ("bucket", "id")
_GCS = ("google_storage_bucket",)
_GCS_KEYS = ("name", "id", "url")
_BQ = ("google_bigquery_dataset",)
_BQ_KEYS = ("dataset_id", "id")
_AZ_SA = ("azurerm_storage_account",)
_AZ_SERVER = ("azurerm_mssql_server",)
_JOINS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    **{f"aws_s3_bucket_{kind}": (("bucket",), _S3, _S3_KEYS) for kind in (
        "server_side_encryption_configuration", "public_access_block", "acl", "policy", "lifecycle_configuration",
        "logging", "versioning")},
    "aws_dynamodb_resource_policy": (("resource_arn",), ("aws_dynamodb_table",), ("arn",)),
    **dict.fromkeys(("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding",
                     "google_storage_bucket_iam_policy", "google_storage_bucket_acl",
                     "google_storage_default_object_acl"), (("bucket",), _GCS, _GCS_KEYS)),
    **dict.fromkeys(("google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding",
                     "google_bigquery_dataset_iam_policy", "google_bigquery_dataset_access"),
                    (("dataset_id",), _BQ, _BQ_KEYS)),
    "azurerm_storage_container": (("storage_account_id", "storage_account_name"), _AZ_SA, ("id", "name")),
    "azurerm_storage_account_customer_managed_key": (("storage_account_id",), _AZ_SA, ("id",)),
    "azurerm_storage_management_policy": (("storage_account_id",), _AZ_SA, ("id",)),
    "azurerm_monitor_diagnostic_setting": (("target_resource_id",), _AZ_SA, ("id",)),
    "azurerm_mssql_firewall_rule": (("server_id",), _AZ_SERVER, ("id",)),
    "azurerm_mssql_server_transparent_data_encryption": (("server_id",), _AZ_SERVER, ("id",)),
    "azurerm_mssql_server_extended_auditing_policy": (("server_id",), _AZ_SERVER, ("id",)),
    "azurerm_mssql_database_extended_auditing_policy": (("database_id",), ("azurerm_mssql_database",), ("id",)),
}


class _Plan:
    """The resources of one plan, with their configuration, unknowns and companions joined."""

    def __init__(self, document: Document) -> None:
        self.document = document
        value: dict[str, Any] = document.value
        self.notes: list[Problem] = []
        self.resources: list[_Resource] = []
        self.by_type: dict[str, list[_Resource]] = defaultdict(list)
        self._by_name: dict[tuple[str, str], list[_Resource]] = defaultdict(list)
        self._value_indexes: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, list[_Resource]]] = {}
        self._after_unknown: dict[str, Any] = {}
        for change in self._list(value.get("resource_changes"), ("resource_changes",)):
            if isinstance(change, dict) and isinstance(change.get("address"), str):
                after = change.get("change")
                self._after_unknown[change["address"]] = after.get("after_unknown") if isinstance(after, dict) else {}
        self._config: dict[tuple[str, str], dict[str, Any]] = {}
        configuration = value.get("configuration")
        self._providers: dict[str, Any] = {}
        if isinstance(configuration, dict):
            self._walk_config(configuration.get("root_module"), "", ("configuration", "root_module"))
            providers = configuration.get("provider_config")
            self._providers = providers if isinstance(providers, dict) else {}
        self._walk(value["planned_values"].get("root_module"), ("planned_values", "root_module"), "")
        self._companions: dict[str, dict[str, list[_Resource]]] = defaultdict(lambda: defaultdict(list))
        for kind, (attributes, targets, keys) in _JOINS.items():
            for companion in self.by_type.get(kind, []):
                target = self._join(companion, attributes, targets, keys)
                if target is not None:
                    self._companions[target.address][kind].append(companion)
        self._trails = self._cloudtrail_coverage()
        self._gcs_audit = self._google_audit_config()

    # -- walking -----------------------------------------------------------------------------------

    def _list(self, value: Any, path: PathKey) -> list[Any]:
        """value when it is a list, [] when absent; anything else is not what Terraform writes: exit 2."""
        if value is None:
            return []
        if isinstance(value, list):
            return value
        position = self.document.locate(path)
        raise LoadError(Problem(self.document.path, position.line, position.column, format_path(path),
                                f"a list expected, not {_json_type(value)} (is this `terraform show -json` output?)"))

    def _walk_config(self, module: Any, module_path: str, path: PathKey) -> None:
        if not isinstance(module, dict):
            return
        for resource in self._list(module.get("resources"), (*path, "resources")):
            if isinstance(resource, dict) and resource.get("mode", "managed") == "managed":
                self._config[(module_path, f"{resource.get('type')}.{resource.get('name')}")] = resource
        calls = module.get("module_calls")
        for name, call in (calls.items() if isinstance(calls, dict) else []):
            if isinstance(call, dict):
                child = f"{module_path}.module.{name}" if module_path else f"module.{name}"
                self._walk_config(call.get("module"), child, (*path, "module_calls", name, "module"))

    def _walk(self, module: Any, path: PathKey, module_address: str) -> None:
        if not isinstance(module, dict):
            return
        for k, resource in enumerate(self._list(module.get("resources"), (*path, "resources"))):
            if not isinstance(resource, dict) or resource.get("mode", "managed") != "managed":
                continue
            address, kind, name = resource.get("address"), resource.get("type"), resource.get("name")
            if not (isinstance(address, str) and isinstance(kind, str) and isinstance(name, str)):
                continue
            values = resource.get("values")
            entry = _Resource(
                address=address, module=module_address, type=kind, name=name, index=resource.get("index"),
                values=values if isinstance(values, dict) else {}, path=(*path, "resources", k),
                unknown=self._after_unknown.get(address, {}),
                config=self._config.get((_strip_index(module_address), f"{kind}.{name}")),
            )
            self.resources.append(entry)
            self.by_type[kind].append(entry)
            self._by_name[(kind, name)].append(entry)
        for m, child in enumerate(self._list(module.get("child_modules"), (*path, "child_modules"))):
            if isinstance(child, dict):
                address = child.get("address")
                self._walk(child, (*path, "child_modules", m), address if isinstance(address, str) else module_address)

    # -- joins -------------------------------------------------------------------------------------

    def resolve(self, source: _Resource, references: Iterable[str], types: Iterable[str]) -> _Resource | None:
        """The one resource of `types` a configuration reference of `source` names, if any."""
        wanted = set(types)
        for reference in references:
            match = _REFERENCE.match(reference)
            if reference.startswith(_NOT_RESOURCES) or not match or match["type"] not in wanted:
                continue
            candidates = [r for r in self._by_name.get((match["type"], match["name"]), [])
                          if _strip_index(r.module) == _strip_index(source.module)]
            candidates = [r for r in candidates if r.module == source.module] or candidates
            if match["index"] is not None:
                key = json.loads(match["index"])
                candidates = [r for r in candidates if r.index == key]
            elif len(candidates) > 1:
                candidates = [r for r in candidates if r.index == source.index] or candidates
            if len(candidates) == 1:
                return candidates[0]
        return None

    def _by_value(self, targets: tuple[str, ...], keys: tuple[str, ...]) -> dict[str, list[_Resource]]:
        """Resources of `targets` by the normalised value of any of their `keys` attributes (built once)."""
        index = self._value_indexes.get((targets, keys))
        if index is None:
            index = defaultdict(list)
            for target in (t for kind in targets for t in self.by_type.get(kind, [])):
                for value in {_norm(v) for v in (target.get(k) for k in keys) if isinstance(v, str) and v}:
                    index[value].append(target)
            self._value_indexes[(targets, keys)] = index
        return index

    def _names_other_resource(self, source: _Resource, references: Iterable[str]) -> bool:
        return any(self.resolve(source, [ref], self.by_type) is not None for ref in references)

    def _join(self, companion: _Resource, attributes: tuple[str, ...], targets: tuple[str, ...],
              keys: tuple[str, ...]) -> _Resource | None:
        for attribute in attributes:
            value = companion.get(attribute)
            if isinstance(value, str) and value:
                matches = self._by_value(targets, keys).get(_norm(value), [])
                matches = [t for t in matches if t.module == companion.module] or matches
                return matches[0] if len(matches) == 1 else None
            if companion.is_unknown(attribute):
                references = companion.references(attribute)
                target = self.resolve(companion, references, targets)
                if target is None and not self._names_other_resource(companion, references):
                    position = _locate(self.document, companion.at(attribute))
                    self.notes.append(Problem(
                        self.document.path, position.line, position.column, f"{companion.address} {attribute}",
                        f"unknown until apply and not a reference to a {' or '.join(targets)} of this plan, so "
                        "its settings are not applied to any dataset"))
                return target
        return None

    def companions(self, target: _Resource, kind: str) -> list[_Resource]:
        return self._companions.get(target.address, {}).get(kind, [])

    def companion(self, target: _Resource, kind: str) -> _Resource | None:
        found = self.companions(target, kind)
        return found[0] if found else None

    def joined_to(self, source: _Resource, attribute: str, targets: tuple[str, ...],
                  keys: tuple[str, ...]) -> _Resource | None:
        return self._join(source, (attribute,), targets, keys)

    def region(self, resource: _Resource) -> str | None:
        """The provider configuration's region for an AWS resource that does not show its own."""
        key = resource.config.get("provider_config_key") if resource.config else None
        candidates = [self._providers.get(key)] if isinstance(key, str) and key in self._providers else [
            provider for provider in self._providers.values()
            if isinstance(provider, dict) and provider.get("name") == resource.type.split("_")[0]]
        regions = set()
        for provider in candidates:
            expressions = provider.get("expressions") if isinstance(provider, dict) else None
            region = expressions.get("region") if isinstance(expressions, dict) else None
            if isinstance(region, dict) and isinstance(region.get("constant_value"), str):
                regions.add(region["constant_value"])
        return regions.pop() if len(regions) == 1 else None

    # -- audit logging sources that span resources ----------------------------------------------------

    def _cloudtrail_coverage(self) -> dict[str, dict[str, PathKey]]:
        """{"s3" | "dynamodb": {bucket/table address or "*": trail attribute path}} for data events read."""
        coverage: dict[str, dict[str, PathKey]] = {"s3": {}, "dynamodb": {}}
        kinds = {"aws::s3::object": ("s3", _S3, ("arn", "bucket")),
                 "aws::dynamodb::table": ("dynamodb", ("aws_dynamodb_table",), ("arn", "name"))}
        for trail in self.by_type.get("aws_cloudtrail", []):
            if trail.get("enable_logging") is False:
                continue
            selections: list[tuple[str, list[Any], tuple[str | int, ...], bool]] = []
            for i, selector in enumerate(trail.elements("event_selector")):
                if isinstance(selector, dict) and selector.get("read_write_type", "All") in ("All", "ReadOnly", None):
                    for j, resource in enumerate(_elements(selector.get("data_resource"))):
                        if isinstance(resource, dict) and isinstance(resource.get("type"), str):
                            path: tuple[str | int, ...] = ("event_selector", i, "data_resource", j, "values")
                            values = resource.get("values")
                            selections.append((resource["type"], values if isinstance(values, list) else [], path,
                                               trail.is_unknown(*path)))
            for i, selector in enumerate(trail.elements("advanced_event_selector")):
                fields = {f.get("field"): (j, f) for j, f in enumerate(_elements(selector.get("field_selector")))
                          if isinstance(f, dict)} if isinstance(selector, dict) else {}
                if "resources.type" not in fields or (fields.get("readOnly", (0, {}))[1].get("equals") == ["false"]):
                    continue
                j, arns = fields.get("resources.ARN", (0, {}))
                values = [*_elements(arns.get("equals")), *_elements(arns.get("starts_with"))] or ["*"]
                arn_path: tuple[str | int, ...] = ("advanced_event_selector", i, "field_selector", j, "starts_with")
                selections.extend((kind, values, arn_path, trail.is_unknown(*arn_path))
                                  for kind in _strings(fields["resources.type"][1].get("equals")))
            for kind, values, path, unknown in selections:
                if kind.lower() not in kinds:
                    continue
                service, targets, keys = kinds[kind.lower()]
                if unknown:
                    for reference in trail.references(*path):
                        target = self.resolve(trail, [reference], targets)
                        if target is not None:
                            coverage[service][target.address] = trail.at(*path)
                    continue
                for value in values:
                    if not isinstance(value, str):
                        continue
                    arn = value.rstrip("/")
                    if value == "*" or arn in (f"arn:aws:{service}", f"arn:aws:{service}:::"):
                        coverage[service]["*"] = trail.at(*path)
                        continue
                    name = arn.split(":::", 1)[-1].split("/")[0] if service == "s3" else arn.rsplit("/", 1)[-1]
                    for target in (t for kind_ in targets for t in self.by_type.get(kind_, [])):
                        if any(target.get(k) in (arn, name) for k in keys):
                            coverage[service][target.address] = trail.at(*path)
        return coverage

    def trail(self, service: str, resource: _Resource) -> PathKey | None:
        covered = self._trails[service]
        return covered.get(resource.address) or covered.get("*")

    def _google_audit_config(self) -> PathKey | None:
        for kind in ("google_project_iam_audit_config", "google_folder_iam_audit_config",
                     "google_organization_iam_audit_config"):
            for config in self.by_type.get(kind, []):
                if config.get("service") not in ("allServices", "storage.googleapis.com"):
                    continue
                for i, log in enumerate(config.elements("audit_log_config")):
                    if isinstance(log, dict) and log.get("log_type") == "DATA_READ":
                        return config.at("audit_log_config", i, "log_type")
        return None

    @property
    def gcs_audit(self) -> PathKey | None:
        return self._gcs_audit

    # -- datasets ----------------------------------------------------------------------------------

    def datasets(self) -> Iterator[_Dataset]:
        builders = {
            "aws_s3_bucket": self._s3_bucket,
            "aws_glue_catalog_table": self._glue_table,
            "aws_dynamodb_table": self._dynamodb_table,
            "aws_db_instance": self._db_instance,
            "google_storage_bucket": self._gcs_bucket,
            "google_bigquery_dataset": self._bigquery_dataset,
            "azurerm_storage_account": self._storage_account,
            "azurerm_mssql_database": self._mssql_database,
        }
        for resource in self.resources:
            build = builders.get(resource.type)
            if build is not None:
                dataset = _Dataset(self, resource)
                build(resource, dataset)
                yield dataset

    # AWS -------------------------------------------------------------------------------------------

    def _s3_bucket(self, bucket: _Resource, d: _Dataset) -> None:
        d.labels(bucket, ("tags", "tags_all"))
        d.location(bucket, "region", self.region(bucket))
        self._s3_storage(bucket, d)

    def _s3_storage(self, bucket: _Resource, d: _Dataset) -> None:
        """Encryption, access, retention and audit logging of an S3 bucket (also for Glue tables on it)."""
        sse = self.companion(bucket, "aws_s3_bucket_server_side_encryption_configuration")
        if sse is not None:
            self._s3_encryption(sse, ("rule",), d)
        elif bucket.elements("server_side_encryption_configuration"):
            self._s3_encryption(bucket, ("server_side_encryption_configuration", 0, "rule"), d)
        else:  # S3 encrypts every bucket with SSE-S3 since January 2023
            d.put(("encryption", "at_rest"), True, bucket.at())
            d.put(("encryption", "key_ref"), None, bucket.at())
        policies = self.companions(bucket, "aws_s3_bucket_policy")
        statements, unknown = self._policies(policies or [bucket], "policy", d, inline=not policies)
        self._tls_enforced(statements, unknown, bucket, d)
        self._s3_access(bucket, statements, d)
        self._s3_retention(bucket, d)
        logging = self.companion(bucket, "aws_s3_bucket_logging")
        trail = self.trail("s3", bucket)
        if logging is not None:
            d.put(("audit_logging",), True, logging.at())
        elif bucket.elements("logging"):
            d.put(("audit_logging",), True, bucket.at("logging"))
        elif trail is not None:
            d.put(("audit_logging",), True, trail)
        else:
            d.put(("audit_logging",), False, bucket.at())

    def _s3_encryption(self, holder: _Resource, base: tuple[str | int, ...], d: _Dataset) -> None:
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

    def _policies(self, holders: list[_Resource], attribute: str, d: _Dataset,
                  inline: bool = False) -> tuple[list[_Statement], PathKey | None]:
        """Allow/Deny statements of resource policies (a JSON string attribute), and where one is unknown.

        An unknown policy makes the readers unknown; `inline` (the legacy `policy` attribute of
        aws_s3_bucket, computed by the provider) is only read when known.
        """
        statements: list[_Statement] = []
        unknown: PathKey | None = None
        for holder in holders:
            text = holder.get(attribute)
            if holder.is_unknown(attribute) and not inline:
                d.unknown_until_apply(("access", "readers"), holder.at(attribute))
                unknown = unknown or holder.at(attribute)
                continue
            if not isinstance(text, str) or not text.strip():
                continue
            try:
                document = json.loads(text)
            except ValueError:
                d.note(("access", "readers"), holder.at(attribute), "the policy is not valid JSON; it is ignored")
                continue
            raw = document.get("Statement") if isinstance(document, dict) else None
            entries = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
            statements.extend(_Statement(entry, holder.at(attribute)) for entry in entries if isinstance(entry, dict))
        return statements, unknown

    @staticmethod
    def _tls_enforced(statements: list[_Statement], unknown: PathKey | None, resource: _Resource,
                      d: _Dataset) -> None:
        """in_transit: true only where a policy denies requests without TLS (aws:SecureTransport false)."""
        denying = next((s for s in statements if s.denies_insecure), None)
        if denying is None and unknown is not None:
            d.unknown_until_apply(("encryption", "in_transit"), unknown)
        else:
            d.put(("encryption", "in_transit"), denying is not None, denying.source if denying else resource.at())

    def _s3_access(self, bucket: _Resource, statements: list[_Statement], d: _Dataset) -> None:
        blocks = [b for b in (self.companion(bucket, "aws_s3_bucket_public_access_block"),
                              *self.by_type.get("aws_s3_account_public_access_block", [])) if b is not None]
        restrict = any(b.get("restrict_public_buckets") is True for b in blocks)  # public policies ignored
        ignore_acls = any(b.get("ignore_public_acls") is True for b in blocks)  # public ACLs ignored
        readers: list[tuple[str, PathKey]] = []
        writers: list[tuple[str, PathKey]] = []
        for statement in statements:
            principals = [p for p in statement.principals() if not (restrict and p in _WILDCARDS)]
            if statement.allows("s3:GetObject"):
                readers += [(p, statement.source) for p in principals]
            if statement.allows("s3:PutObject"):
                writers += [(p, statement.source) for p in principals]
        acl = self.companion(bucket, "aws_s3_bucket_acl")
        holder, grants = (acl, ("access_control_policy", 0, "grant")) if acl else (bucket, ("grant",))
        if acl is not None:
            canned_known = isinstance(acl.get("acl"), str) and bool(acl.get("acl"))
            if (acl.is_unknown("acl") and acl.configured("acl") is not False) or (
                    not canned_known and acl.is_unknown("access_control_policy")
                    and acl.configured("access_control_policy") is not False):
                d.unknown_until_apply(("access", "readers"), acl.at())
        for principal, permission, source in _s3_grants(holder, grants, owner=acl is not None):
            if ignore_acls and principal in _WILDCARDS:
                continue
            if permission in ("READ", "FULL_CONTROL"):
                readers.append((principal, source))
            if permission in ("WRITE", "FULL_CONTROL"):
                writers.append((principal, source))
        d.access(readers, writers, bucket.at())

    def _s3_retention(self, bucket: _Resource, d: _Dataset) -> None:
        versioning = self.companion(bucket, "aws_s3_bucket_versioning")
        if versioning is not None:
            versioned = versioning.get("versioning_configuration", 0, "status") == "Enabled"
        else:
            versioned = bucket.get("versioning", 0, "enabled") is True
        lifecycle = self.companion(bucket, "aws_s3_bucket_lifecycle_configuration")
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
            days = _int(holder.get(base, i, "expiration", 0, "days"))
            if days is None:
                continue
            if versioned:
                keep = _int(holder.get(base, i, "noncurrent_version_expiration", 0,
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

    def _glue_table(self, table: _Resource, d: _Dataset) -> None:
        d.labels(table, ("parameters",))
        location = table.get("storage_descriptor", 0, "location")
        bucket: _Resource | None = None
        if isinstance(location, str):
            match = re.match(r"^s3[an]?://([^/]+)", location)
            found = self._by_value(_S3, _S3_KEYS).get(_norm(match[1]), []) if match else []
            bucket = found[0] if len(found) == 1 else None
        elif table.is_unknown("storage_descriptor", 0, "location"):
            bucket = self.resolve(table, table.references("storage_descriptor", 0, "location"), _S3)
        if bucket is not None:
            d.location(bucket, "region", self.region(bucket))
            self._s3_storage(bucket, d)
            return
        source = table.at("storage_descriptor", 0, "location")
        d.location(table, "region", self.region(table))
        where = f"in {location}, a bucket" if isinstance(location, str) else "in a bucket"
        d.put(("encryption", "at_rest"), True, source)  # every S3 bucket encrypts at rest
        for field in (("encryption", "key_ref"), ("encryption", "in_transit"), ("retention", "ttl_days"),
                      ("audit_logging",)):
            d.put(field, None, source)
        d.not_visible(("encryption", "key_ref"), source, f"the table's data is {where} this plan does not manage")
        d.not_visible(("access", "readers"), source, f"the table's data is {where} this plan does not manage")

    def _dynamodb_table(self, table: _Resource, d: _Dataset) -> None:
        d.labels(table, ("tags", "tags_all"))
        d.location(table, "region", self.region(table))
        d.put(("encryption", "at_rest"), True, table.at("server_side_encryption"))  # always, AWS-owned key by default
        if table.get("server_side_encryption", 0, "enabled") is True:
            d.key(table, ("server_side_encryption", 0, "kms_key_arn"))
        else:
            d.put(("encryption", "key_ref"), None, table.at("server_side_encryption"))
        statements, unknown = self._policies(self.companions(table, "aws_dynamodb_resource_policy"), "policy", d)
        self._tls_enforced(statements, unknown, table, d)
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
        trail = self.trail("dynamodb", table)
        d.put(("audit_logging",), trail is not None, trail or table.at())

    def _db_instance(self, db: _Resource, d: _Dataset) -> None:
        d.labels(db, ("tags", "tags_all"))
        zone = db.get("availability_zone")
        d.location(db, "region", re.sub(r"[a-z]$", "", zone) if isinstance(zone, str) and zone else self.region(db))
        if db.is_unknown("storage_encrypted"):
            d.unknown_until_apply(("encryption", "at_rest"), db.at("storage_encrypted"))
            d.put(("encryption", "key_ref"), None, db.at("storage_encrypted"))
        elif db.get("storage_encrypted") is True:
            d.put(("encryption", "at_rest"), True, db.at("storage_encrypted"))
            d.key(db, ("kms_key_id",))
        else:
            d.put(("encryption", "at_rest"), False, db.at("storage_encrypted"))
            d.put(("encryption", "key_ref"), None, db.at("storage_encrypted"))
        group = self.joined_to(db, "parameter_group_name", ("aws_db_parameter_group",), ("name", "id"))
        parameters = {str(p.get("name")).lower(): (str(p.get("value")).lower(), group.at("parameter", i))
                      for i, p in enumerate(group.elements("parameter")) if isinstance(p, dict)} if group else {}
        tls = parameters.get("rds.force_ssl") or parameters.get("require_secure_transport")
        d.put(("encryption", "in_transit"), True if tls and tls[0] in ("1", "on", "true") else None,
              tls[1] if tls else db.at())
        if db.is_unknown("publicly_accessible"):
            d.unknown_until_apply(("access", "readers"), db.at("publicly_accessible"))
        else:  # reachable from the internet: anyone holding credentials can connect
            public = db.get("publicly_accessible") is True
            d.access([("authenticated", db.at("publicly_accessible"))] if public else [], [], db.at())
        d.put(("retention", "ttl_days"), None, db.at())
        exports = [str(e) for e in db.elements("enabled_cloudwatch_logs_exports")]
        pgaudit = "pgaudit" in parameters.get("shared_preload_libraries", ("", ()))[0]
        audited = "audit" in exports or ("postgresql" in exports and pgaudit)
        d.put(("audit_logging",), audited, db.at("enabled_cloudwatch_logs_exports"))

    # Google ----------------------------------------------------------------------------------------

    def _gcs_bucket(self, bucket: _Resource, d: _Dataset) -> None:
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
            for grant in self.companions(bucket, kind):
                for role, member, source in _iam_grants(grant, d):
                    if not role.startswith(("roles/storage.objectCreator", "roles/storage.legacyBucketWriter")):
                        readers.append((member, source))
                    if role.rsplit(".", 1)[-1] in ("objectCreator", "objectUser", "objectAdmin", "admin",
                                                   "legacyBucketWriter", "legacyBucketOwner"):
                        writers.append((member, source))
        if bucket.get("uniform_bucket_level_access") is not True:
            for kind in ("google_storage_bucket_acl", "google_storage_default_object_acl"):
                for acl in self.companions(bucket, kind):
                    for role, entity, source in _gcs_acl_entries(acl, d):
                        readers.append((entity, source))
                        if role in ("WRITER", "OWNER"):
                            writers.append((entity, source))
        if bucket.get("public_access_prevention") == "enforced":
            readers = [(p, s) for p, s in readers if p not in _WILDCARDS]
            writers = [(p, s) for p, s in writers if p not in _WILDCARDS]
        d.access(readers, writers, bucket.at())
        self._gcs_retention(bucket, d)
        if bucket.elements("logging"):
            d.put(("audit_logging",), True, bucket.at("logging"))
        else:
            d.put(("audit_logging",), self.gcs_audit is not None, self.gcs_audit or bucket.at())

    def _gcs_retention(self, bucket: _Resource, d: _Dataset) -> None:
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
            age = _int(condition.get("age"))
            since_noncurrent = _int(condition.get("days_since_noncurrent_time"))
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

    def _bigquery_dataset(self, dataset: _Resource, d: _Dataset) -> None:
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
        entries: list[tuple[_Resource, tuple[str | int, ...]]] = [
            (dataset, ("access", i)) for i in range(len(dataset.elements("access")))]
        entries += [(grant, ()) for grant in self.companions(dataset, "google_bigquery_dataset_access")]
        for holder, base in entries:
            role = str(holder.get(*base, "role") or "")
            for member, source in _bigquery_access_members(holder, base, d):
                readers.append((member, source))
                if role in ("WRITER", "OWNER") or role.endswith(("dataEditor", "dataOwner", "admin")):
                    writers.append((member, source))
        for kind in ("google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding",
                     "google_bigquery_dataset_iam_policy"):
            for grant in self.companions(dataset, kind):
                for role, member, source in _iam_grants(grant, d):
                    readers.append((member, source))
                    if role.endswith(("dataEditor", "dataOwner", "admin")):
                        writers.append((member, source))
        d.access(readers, writers, dataset.at())
        expirations: list[tuple[int, PathKey]] = []
        for attribute in ("default_table_expiration_ms", "default_partition_expiration_ms"):
            if dataset.is_unknown(attribute):
                d.unknown_until_apply(("retention", "ttl_days"), dataset.at(attribute))
                break
            milliseconds = _int(dataset.get(attribute))
            if milliseconds is not None:
                expirations.append((math.ceil(milliseconds / _DAY_MS), dataset.at(attribute)))
        else:
            days, source = min(expirations) if expirations else (None, dataset.at())
            d.put(("retention", "ttl_days"), days, source)
        d.put(("audit_logging",), True, dataset.at())  # BigQuery data access audit logs cannot be turned off

    # Azure -----------------------------------------------------------------------------------------

    def _storage_account(self, account: _Resource, d: _Dataset) -> None:
        d.labels(account, ("tags",))
        d.location(account, "location")
        d.put(("encryption", "at_rest"), True, account.at())  # Azure Storage encryption cannot be turned off
        cmk = self.companion(account, "azurerm_storage_account_customer_managed_key")
        if account.elements("customer_managed_key"):
            d.key(account, ("customer_managed_key", 0, "key_vault_key_id"))
        elif cmk is None:
            d.put(("encryption", "key_ref"), None, account.at())
        elif isinstance(cmk.get("key_vault_id"), str) and isinstance(cmk.get("key_name"), str):
            key = f"{cmk.get('key_vault_id')}/keys/{cmk.get('key_name')}"
            d.put(("encryption", "key_ref"), key, cmk.at("key_name"))
        else:  # a customer-managed key whose id is only known after apply (or a reference to it)
            d.key(cmk, ("key_vault_key_id",) if "key_vault_key_id" in cmk.values or cmk.is_unknown("key_vault_key_id")
                  else ("key_vault_id",))
        https = next((a for a in ("https_traffic_only_enabled", "enable_https_traffic_only")
                      if a in account.values or account.is_unknown(a)), None)
        if https and account.is_unknown(https):
            d.unknown_until_apply(("encryption", "in_transit"), account.at(https))
        else:
            d.put(("encryption", "in_transit"), account.get(https) is not False if https else True,
                  account.at(https) if https else account.at())
        nested = next((a for a in ("allow_nested_items_to_be_public", "allow_blob_public_access")
                       if a in account.values), None)
        public_allowed = account.get(nested) is not False if nested else True
        readers: list[tuple[str, PathKey]] = []
        for container in self.companions(account, "azurerm_storage_container"):
            if container.is_unknown("container_access_type"):
                d.unknown_until_apply(("access", "readers"), container.at("container_access_type"))
            elif container.get("container_access_type") in ("blob", "container") and public_allowed:
                readers.append(("*", container.at("container_access_type")))
        d.access(readers, [], account.at())
        self._management_policy(account, d)
        audited: PathKey | None = None
        for setting in self.companions(account, "azurerm_monitor_diagnostic_setting"):
            for kind in ("enabled_log", "log"):
                for i, log in enumerate(setting.elements(kind)):
                    if isinstance(log, dict) and log.get("enabled", True) is not False and (
                            log.get("category") == "StorageRead" or log.get("category_group") in ("audit", "allLogs")):
                        audited = audited or setting.at(kind, i)
        d.put(("audit_logging",), audited is not None, audited or account.at())

    def _management_policy(self, account: _Resource, d: _Dataset) -> None:
        policy = self.companion(account, "azurerm_storage_management_policy")
        if policy is None:
            d.put(("retention", "ttl_days"), None, account.at())
            return
        if policy.is_unknown("rule"):
            d.unknown_until_apply(("retention", "ttl_days"), policy.at("rule"))
            return
        versioned = account.get("blob_properties", 0, "versioning_enabled") is True
        candidates: list[tuple[int, PathKey]] = []
        for i, rule in enumerate(policy.elements("rule")):
            if not isinstance(rule, dict) or rule.get("enabled") is False:
                continue
            filters = policy.get("rule", i, "filters", 0)
            if isinstance(filters, dict) and (filters.get("prefix_match") or filters.get("match_blob_index_tag")):
                continue
            actions = policy.get("rule", i, "actions", 0)
            base = _int(policy.get("rule", i, "actions", 0, "base_blob", 0,
                                   "delete_after_days_since_modification_greater_than"))
            if base is None or not isinstance(actions, dict):
                continue
            if versioned:
                keep = _int(policy.get("rule", i, "actions", 0, "version", 0, "delete_after_days_since_creation"))
                if keep is None:
                    continue
                base = max(base, keep)
            candidates.append((base, policy.at("rule", i, "actions", 0, "base_blob")))
        days, source = min(candidates) if candidates else (None, policy.at())
        d.put(("retention", "ttl_days"), days, source)

    def _mssql_database(self, database: _Resource, d: _Dataset) -> None:
        server = self.joined_to(database, "server_id", _AZ_SERVER, ("id",))
        d.labels(database, ("tags",), fallback=server)
        if server is not None:
            d.location(server, "location")
        if database.is_unknown("transparent_data_encryption_enabled"):
            d.unknown_until_apply(("encryption", "at_rest"), database.at("transparent_data_encryption_enabled"))
        else:
            d.put(("encryption", "at_rest"), database.get("transparent_data_encryption_enabled") is not False,
                  database.at("transparent_data_encryption_enabled"))
        tde = self.companion(server, "azurerm_mssql_server_transparent_data_encryption") if server else None
        for holder, attribute in ((database, "transparent_data_encryption_key_vault_key_id"),
                                  (server, "transparent_data_encryption_key_vault_key_id"),
                                  (tde, "key_vault_key_id")):
            if holder is not None and (holder.get(attribute) or holder.is_unknown(attribute)):
                d.key(holder, (attribute,))
                break
        else:
            d.put(("encryption", "key_ref"), None, database.at())
        d.put(("encryption", "in_transit"), True, database.at())  # Azure SQL refuses unencrypted connections
        readers: list[tuple[str, PathKey]] = []
        if server is not None and server.get("public_network_access_enabled") is not False:
            readers.extend(("authenticated", rule.at("end_ip_address"))  # the whole internet may try to log in
                           for rule in self.companions(server, "azurerm_mssql_firewall_rule")
                           if rule.get("start_ip_address") == "0.0.0.0"
                           and rule.get("end_ip_address") == "255.255.255.255")
        d.access(readers, [], database.at())
        d.put(("retention", "ttl_days"), None, database.at())
        audits = [*self.companions(database, "azurerm_mssql_database_extended_auditing_policy"),
                  *(self.companions(server, "azurerm_mssql_server_extended_auditing_policy") if server else [])]
        audit = next((a for a in audits if a.get("enabled") is not False), None)
        d.put(("audit_logging",), audit is not None, audit.at() if audit else database.at())


# --------------------------------------------------------------------------------------------------
# Policies, grants and members


class _Statement:
    """One statement of an AWS resource policy."""

    _RESTRICTING: ClassVar[dict[str, str]] = {"aws:principalorgid": "aws-org", "aws:principalaccount": "aws-account",
                    "aws:sourceaccount": "aws-account", "aws:sourcevpce": "vpce", "aws:sourcevpc": "vpc",
                    "aws:principalarn": "arn", "aws:sourcearn": "arn"}

    def __init__(self, statement: dict[str, Any], source: PathKey) -> None:
        self.statement = statement
        self.source = source
        self.allow = statement.get("Effect") == "Allow"

    def _conditions(self) -> Iterator[tuple[str, str, list[Any]]]:
        conditions = self.statement.get("Condition")
        for operator, entries in (conditions.items() if isinstance(conditions, dict) else []):
            for key, value in (entries.items() if isinstance(entries, dict) else []):
                yield str(operator), str(key).lower(), value if isinstance(value, list) else [value]

    @property
    def denies_insecure(self) -> bool:
        return self.statement.get("Effect") == "Deny" and any(
            key == "aws:securetransport" and "bool" in operator.lower() and str(v).lower() == "false"
            for operator, key, values in self._conditions() for v in values)

    def allows(self, action: str) -> bool:
        if not self.allow:
            return False
        wanted = action.lower()
        if "NotAction" in self.statement:
            return not any(fnmatch.fnmatchcase(wanted, a.lower()) for a in _strings(self.statement["NotAction"]))
        return any(fnmatch.fnmatchcase(wanted, a.lower()) for a in _strings(self.statement.get("Action")))

    def principals(self) -> list[str]:
        principals = _aws_principals(self.statement.get("Principal"))
        if "*" not in principals:
            return principals
        narrowed = [f"group:{self._RESTRICTING[key]}:{v}" for operator, key, values in self._conditions()
                    if key in self._RESTRICTING and "not" not in operator.lower() for v in values]
        return [*(p for p in principals if p != "*"), *(_principal(p) for p in narrowed)] if narrowed else principals


def _elements(value: Any) -> list[Any]:
    """A list attribute's elements; a value of another type (not what Terraform writes) counts as none."""
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _principal(text: str) -> str:
    return re.sub(r"\s", "_", text)


def _aws_principals(principal: Any) -> list[str]:
    if principal == "*":
        return ["*"]
    found: list[str] = []
    for kind, identities in (principal.items() if isinstance(principal, dict) else []):
        for identity in _strings(identities):
            if kind == "AWS":
                found.append(_aws_identity(identity))
            elif kind == "Service":
                found.append(_principal(f"svc:{identity}"))
            elif kind == "CanonicalUser":
                found.append(_principal(f"user:canonical:{identity}"))
            else:
                found.append(_principal(f"group:{kind.lower()}:{identity}"))
    return found


def _aws_identity(identity: str) -> str:
    if identity == "*":
        return "*"
    account = re.fullmatch(r"(?:arn:aws[a-z-]*:iam::)?(\d{12})(?::root)?", identity)
    if account:
        return f"group:aws-account:{account[1]}"
    if ":user/" in identity:
        return _principal(f"user:{identity}")
    if ":role/" in identity or ":assumed-role/" in identity:
        return _principal(f"svc:{identity}")
    return _principal(f"group:{identity}")


_S3_GROUPS = {"allusers": "*", "authenticatedusers": "authenticated", "logdelivery": "svc:s3-log-delivery"}
_CANNED = {"public-read": ("*", "READ"), "public-read-write": ("*", "FULL_CONTROL"),
           "authenticated-read": ("authenticated", "READ")}


def _s3_grants(holder: _Resource, grants: tuple[str | int, ...], owner: bool) -> Iterator[tuple[str, str, PathKey]]:
    """(principal, permission, source) of a bucket ACL, canned or explicit; the owner's own grant left out."""
    acl = holder.get("acl")
    if isinstance(acl, str) and acl in _CANNED:
        principal, permission = _CANNED[acl]
        yield principal, permission, holder.at("acl")
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
            principal = _S3_GROUPS.get(uri.rstrip("/").rsplit("/", 1)[-1].lower(), _principal(f"group:{uri}"))
        elif isinstance(email, str) and email:
            principal = _principal(f"user:{email}")
        elif owner and isinstance(ident, str) and ident and ident != owner_id:  # inline grants: owner unknown
            principal = _principal(f"user:canonical:{ident}")
        else:
            continue
        yield principal, permission, holder.at(*grants, i)


def _member(member: str) -> str:
    """A Google IAM member as a principal of the schema."""
    if member == "allUsers":
        return "*"
    if member == "allAuthenticatedUsers":
        return "authenticated"
    kind, _, rest = member.partition(":")
    prefixes = {"user": "user", "group": "group", "serviceAccount": "svc"}
    if kind in prefixes and rest:
        return _principal(f"{prefixes[kind]}:{rest}")
    return _principal(f"group:{member}")


def _iam_grants(grant: _Resource, d: _Dataset) -> Iterator[tuple[str, str, PathKey]]:
    """(role, principal, source) of a Google *_iam_member / *_iam_binding / *_iam_policy resource."""
    if grant.type.endswith("_iam_policy"):
        if grant.is_unknown("policy_data"):
            d.unknown_until_apply(("access", "readers"), grant.at("policy_data"))
            return
        try:
            policy = json.loads(str(grant.get("policy_data") or "{}"))
        except ValueError:
            return
        for binding in _elements(policy.get("bindings")) if isinstance(policy, dict) else []:
            for member in _strings(binding.get("members") if isinstance(binding, dict) else None):
                yield str(binding.get("role")), _member(member), grant.at("policy_data")
        return
    role = str(grant.get("role") or "")
    if grant.type.endswith("_iam_member"):
        if grant.is_unknown("member"):
            d.unknown_until_apply(("access", "readers"), grant.at("member"))
        elif isinstance(grant.get("member"), str):
            yield role, _member(grant.get("member")), grant.at("member")
        return
    for i, member in enumerate(grant.elements("members")):
        if grant.is_unknown("members", i) or grant.is_unknown("members"):
            d.unknown_until_apply(("access", "readers"), grant.at("members", i))
        elif isinstance(member, str):
            yield role, _member(member), grant.at("members", i)
    if grant.is_unknown("members") and not grant.elements("members"):
        d.unknown_until_apply(("access", "readers"), grant.at("members"))


def _gcs_acl_entries(acl: _Resource, d: _Dataset) -> Iterator[tuple[str, str, PathKey]]:
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
                _principal(f"{'svc' if rest.endswith('gserviceaccount.com') else kind}:{rest}")
                if kind in ("user", "group") and rest else _principal(f"group:{entity}"))
            yield role, member, acl.at("role_entity", i)


def _bigquery_access_members(holder: _Resource, base: tuple[str | int, ...],
                             d: _Dataset) -> Iterator[tuple[str, PathKey]]:
    special = {"allAuthenticatedUsers": "authenticated", "projectOwners": "group:projectOwners",
               "projectReaders": "group:projectReaders", "projectWriters": "group:projectWriters"}
    for attribute, make in (("special_group", lambda v: special.get(v, _principal(f"group:{v}"))),
                            ("iam_member", _member),
                            ("user_by_email", lambda v: _principal(f"user:{v}")),
                            ("group_by_email", lambda v: _principal(f"group:{v}")),
                            ("domain", lambda v: _principal(f"group:domain:{v}"))):
        if holder.is_unknown(*base, attribute):
            d.unknown_until_apply(("access", "readers"), holder.at(*base, attribute))
            continue
        value = holder.get(*base, attribute)
        if isinstance(value, str) and value:
            yield make(value), holder.at(*base, attribute)


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


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# --------------------------------------------------------------------------------------------------
# One dataset


_COUNTRIES: dict[str, str] = {
    # AWS
    **dict.fromkeys(("us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1"), "US"),
    "ca-central-1": "CA", "ca-west-1": "CA", "mx-central-1": "MX", "sa-east-1": "BR",
    "eu-west-1": "IE", "eu-west-2": "GB", "eu-west-3": "FR", "eu-central-1": "DE", "eu-central-2": "CH",
    "eu-north-1": "SE", "eu-south-1": "IT", "eu-south-2": "ES", "il-central-1": "IL", "me-south-1": "BH",
    "me-central-1": "AE", "af-south-1": "ZA", "ap-east-1": "HK", "ap-south-1": "IN", "ap-south-2": "IN",
    "ap-northeast-1": "JP", "ap-northeast-2": "KR", "ap-northeast-3": "JP", "ap-southeast-1": "SG",
    "ap-southeast-2": "AU", "ap-southeast-3": "ID", "ap-southeast-4": "AU", "ap-southeast-5": "MY",
    # Google Cloud (multi-regions US / EU / ASIA: only US is one country)
    "us": "US", "northamerica-northeast1": "CA", "northamerica-northeast2": "CA", "northamerica-south1": "MX",
    "southamerica-east1": "BR", "southamerica-west1": "CL", "europe-west1": "BE", "europe-west2": "GB",
    "europe-west3": "DE", "europe-west4": "NL", "europe-west6": "CH", "europe-west8": "IT", "europe-west9": "FR",
    "europe-west10": "DE", "europe-west12": "IT", "europe-north1": "FI", "europe-north2": "SE",
    "europe-central2": "PL", "europe-southwest1": "ES", "asia-east1": "TW", "asia-east2": "HK",
    "asia-northeast1": "JP", "asia-northeast2": "JP", "asia-northeast3": "KR", "asia-south1": "IN",
    "asia-south2": "IN", "asia-southeast1": "SG", "asia-southeast2": "ID", "australia-southeast1": "AU",
    "australia-southeast2": "AU", "me-west1": "IL", "me-central1": "QA", "me-central2": "SA", "africa-south1": "ZA",
    # Azure
    **dict.fromkeys(("eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus", "westus",
                     "westus2", "westus3"), "US"),
    "westeurope": "NL", "northeurope": "IE", "uksouth": "GB", "ukwest": "GB", "francecentral": "FR",
    "francesouth": "FR", "germanywestcentral": "DE", "germanynorth": "DE", "swedencentral": "SE",
    "norwayeast": "NO", "norwaywest": "NO", "switzerlandnorth": "CH", "switzerlandwest": "CH", "italynorth": "IT",
    "polandcentral": "PL", "spaincentral": "ES", "canadacentral": "CA", "canadaeast": "CA", "brazilsouth": "BR",
    "japaneast": "JP", "japanwest": "JP", "koreacentral": "KR", "koreasouth": "KR", "australiaeast": "AU",
    "australiasoutheast": "AU", "australiacentral": "AU", "centralindia": "IN", "southindia": "IN",
    "westindia": "IN", "southeastasia": "SG", "eastasia": "HK", "uaenorth": "AE", "southafricanorth": "ZA",
    "israelcentral": "IL", "qatarcentral": "QA", "mexicocentral": "MX",
}
def _country(region: str) -> str | None:
    key = region.strip().lower().replace(" ", "")
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    if re.fullmatch(r"us-[a-z]+\d+", key):  # Google Cloud us-central1, us-east4, ...
        return "US"
    return None


_SEPARATORS = re.compile(r"--|[;,+\s]+")
_UNKNOWN_REASON = "unknown until apply"


class _Dataset:
    """The fields of one dataset, where each came from in the plan, and what the plan leaves unknown."""

    def __init__(self, plan: _Plan, resource: _Resource) -> None:
        self.plan = plan
        self.resource = resource
        self.fields: dict[str, Any] = {}
        self.sources: dict[PathKey, PathKey] = {(): resource.at(), ("id",): resource.at(), ("name",): resource.at()}
        self.unknown: list[str] = []
        self.invisible: list[str] = []
        self._notes: list[tuple[str, PathKey, str]] = []
        self._readers_unknown = False

    # recording

    def put(self, field: PathKey, value: Any, source: PathKey) -> None:
        node = self.fields
        for part in field[:-1]:
            node = node.setdefault(str(part), {})
        if field[-1] not in node or node[field[-1]] is None:
            node[str(field[-1])] = value
        for depth in range(1, len(field) + 1):
            self.sources.setdefault(field[:depth], source)
        if value is not None:
            self.sources[field] = source

    def note(self, field: PathKey, source: PathKey, message: str) -> None:
        self._notes.append((".".join(map(str, field)), source, message))

    def unknown_until_apply(self, field: PathKey, source: PathKey) -> None:
        name = ".".join(map(str, field))
        if field == ("access", "readers"):  # left out: the schema has no null for a list of principals
            self._readers_unknown = True
            self.fields.pop("access", None)
            self.sources.setdefault(("access",), source)
            self.sources.setdefault(field, source)
        else:
            self.put(field, None, source)
        if name not in self.unknown:
            self.unknown.append(name)
        self.note(field, source, f"{_UNKNOWN_REASON}; left {'out' if field == ('access', 'readers') else 'null'}, "
                                 "not guessed")

    def not_visible(self, field: PathKey, source: PathKey, why: str) -> None:
        name = ".".join(map(str, field))
        if field == ("access", "readers"):
            self._readers_unknown = True
            self.fields.pop("access", None)
            self.sources.setdefault(("access",), source)
            self.sources.setdefault(field, source)
        if name not in self.invisible:
            self.invisible.append(name)
        self.note(field, source, f"not visible in the plan: {why}")

    def key(self, holder: _Resource, path: tuple[str | int, ...]) -> None:
        """encryption.key_ref from a key attribute: its value, else the configuration's reference to a key."""
        value = holder.get(*path)
        if isinstance(value, str) and value:
            self.put(("encryption", "key_ref"), value, holder.at(*path))
        elif holder.is_unknown(*path):
            reference = next((r for r in holder.references(*path) if not r.startswith(_NOT_RESOURCES)), None)
            if reference is not None:
                prefix = f"{holder.module}." if holder.module else ""
                self.put(("encryption", "key_ref"), f"{prefix}{reference}", holder.at(*path))
            elif holder.configured(*path) is False:  # computed by the provider: its managed default key
                self.put(("encryption", "key_ref"), None, holder.at(*path))
            else:
                self.unknown_until_apply(("encryption", "key_ref"), holder.at(*path))
        else:
            self.put(("encryption", "key_ref"), None, holder.at(*path))

    def access(self, readers: list[tuple[str, PathKey]], writers: list[tuple[str, PathKey]], source: PathKey) -> None:
        if self._readers_unknown:  # an unknown policy or member: who can read or write is not known
            return
        access: dict[str, Any] = self.fields.setdefault("access", {})
        self.sources.setdefault(("access",), source)
        for name, entries in (("readers", readers), ("writers", writers)):
            unique: dict[str, PathKey] = {}
            for principal, origin in entries:
                unique.setdefault(principal, origin)
            access[name] = list(unique)
            self.sources[("access", name)] = next(iter(unique.values()), source)
            for i, origin in enumerate(unique.values()):
                self.sources[("access", name, i)] = origin

    def location(self, holder: _Resource, attribute: str, fallback: str | None = None) -> None:
        value = holder.get(attribute)
        region = value if isinstance(value, str) and value else fallback
        if not region:
            return
        source = holder.at(attribute) if region == value else holder.at()
        location: dict[str, str] = {}
        country = _country(region)
        if country:
            location["country"] = country
        location["region"] = region
        self.fields["location"] = location
        self.sources[("location",)] = source
        for name in location:
            self.sources[("location", name)] = source

    def labels(self, holder: _Resource, attributes: tuple[str, ...], fallback: _Resource | None = None) -> None:
        """program, data_categories, personal_data and sensitivity from tags, labels or parameters."""
        names = ("program", "data_categories", "personal_data", "sensitivity")
        found: dict[str, tuple[Any, PathKey]] = {}
        unknown: dict[str, PathKey] = {}
        for resource in (r for r in (holder, fallback) if r is not None):
            for attribute in attributes:
                mapping = resource.get(attribute)
                if isinstance(mapping, dict):
                    for name in names:
                        if name in mapping and name not in found:
                            found[name] = (mapping[name], resource.at(attribute, name))
                        elif resource.is_unknown(attribute, name):
                            unknown.setdefault(name, resource.at(attribute, name))
                elif resource.is_unknown(attribute):  # the whole map is unknown until apply
                    for name in names:
                        unknown.setdefault(name, resource.at(attribute))
        unknown = {name: source for name, source in unknown.items() if name not in found}
        for name, source in unknown.items():
            self.unknown.append(name)
            self.note((name,), source, f"{_UNKNOWN_REASON}; this tag is not read")
        program = found.get("program")
        if program is not None and program[0] not in (None, ""):
            self.put(("program",), program[0], program[1])
        categories = found.get("data_categories")
        if categories is not None and isinstance(categories[0], str):
            ids = [part for part in _SEPARATORS.split(categories[0]) if part]
            if ids:
                self.fields["data_categories"] = ids
                self.sources[("data_categories",)] = categories[1]
                for i in range(len(ids)):
                    self.sources[("data_categories", i)] = categories[1]
        personal = found.get("personal_data")
        if personal is not None:
            flag = str(personal[0]).strip().lower()
            value: Any = {"true": True, "false": False}.get(flag, personal[0])
            self.put(("personal_data",), value, personal[1])
        else:
            # Filed under a program (or maybe: its tags are unknown until apply) -> presumed personal data.
            linked = "program" in self.fields or "data_categories" in self.fields
            maybe = any(name in unknown for name in ("program", "data_categories", "personal_data"))
            self.put(("personal_data",), linked or maybe, holder.at())
        sensitivity = found.get("sensitivity")
        if sensitivity is not None:
            level = _int(sensitivity[0])
            self.put(("sensitivity",), level if level is not None else sensitivity[0], sensitivity[1])

    # output

    def value(self) -> dict[str, Any]:
        address = self.resource.address
        ordered: dict[str, Any] = {"id": dataset_id(address), "name": address}
        parts = []
        if self.unknown:
            parts.append(f"{_UNKNOWN_REASON}: {', '.join(self.unknown)}")
        if self.invisible:
            parts.append(f"not visible in the plan: {', '.join(self.invisible)}")
        description = f"{self.resource.type}" + (f"; {'; '.join(parts)}" if parts else "")
        ordered["description"] = description
        self.sources.setdefault(("description",), self.resource.at())
        for name in ("program", "data_categories", "personal_data", "sensitivity", "location", "encryption", "access",
                     "retention", "audit_logging"):
            if name in self.fields:
                ordered[name] = self.fields[name]
        return ordered

    def problems(self) -> list[Problem]:
        document = self.plan.document
        problems = []
        for field, source, message in self._notes:
            position = _locate(document, source)
            problems.append(Problem(document.path, position.line, position.column,
                                    f"{self.resource.address} {field}", message))
        return problems
