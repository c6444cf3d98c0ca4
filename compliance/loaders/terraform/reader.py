"""Reading a plan file: `terraform show -json` output into the synthetic StorageInventory Document
(package docstring), with its notes. The format is checked here; the resources are walked by
plan.py and turned into datasets by the services (services.py)."""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from compliance.errors import Problem
from compliance.limits import DEFAULT_MAX_BYTES
from compliance.loaders.document import API_VERSION, Document, PathKey, Position
from compliance.loaders.syntax import json_too_deep
from compliance.loaders.terraform.dataset import Dataset
from compliance.loaders.terraform.plan import Plan
from compliance.loaders.terraform.positions import InventoryPositions, parse_plan
from compliance.loaders.terraform.services import registry
from compliance.loaders.yaml_json import LoadError, load_file, read_limited
from compliance.sources.interface import FileRequest, SourceResult

PLAN_SUFFIX = ".tfplan.json"
SUPPORTED_FORMAT_MAJOR = "1"
# Formats read without a warning: 0.1 and 0.2 (Terraform 0.12 to 1.0) and 1.0 to 1.2 (1.1 and later)
# share the layout read here (planned_values, resource_changes, configuration).
TESTED_FORMATS = ("0.1", "0.2", "1.0", "1.1", "1.2")
READ_FORMAT_MAJORS = ("0", "1")


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


class TerraformPlanSource:
    """The file source of Terraform plans: any `.json` file whose content is a plan (read_plan).

    Answers None for JSON that is not a plan (and for a file that is not JSON at all), which the
    YAML/JSON source then reads; the plan's notes on what is unknown until apply are its warnings.
    """

    name: ClassVar[str] = "terraform"
    description: ClassVar[str] = "a Terraform plan"
    kinds: ClassVar[tuple[str, ...]] = ("StorageInventory",)

    def claims(self, path: Path) -> bool:
        return path.name.lower().endswith(".json")

    def read(self, request: FileRequest) -> SourceResult | None:
        try:
            plan = read_plan(request.path, request.display, max_bytes=request.max_bytes, raw=request.content())
        except LoadError as error:
            return SourceResult(problems=(error.problem,))
        if plan is None:
            return None
        return SourceResult(documents=(plan.document,), warnings=plan.notes)


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
    format_version and planned_values. Plans are read with the C scanner of the `json` module, and a
    position is found in the text only when a finding or note asks for it (positions.py):
    `terraform show -json` output runs to tens of megabytes and millions of keys, which the general
    YAML-based loader reads far too slowly.
    Raises LoadError for a plan this tool cannot read (format_version, shape). `raw`: the file's
    bytes when the caller has read them already.
    """
    name = display or str(path)
    if raw is None:
        raw = read_limited(path, name, max_bytes)
    if not (named or path.name.lower().endswith(PLAN_SUFFIX)) and b'"planned_values"' not in raw \
            and b"\\u" not in raw:
        return None  # no key planned_values, not even escaped: not a plan, and not parsed twice (a snapshot)
    # Millions of small objects and no cycles: the cyclic GC would rescan them all again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            text = raw.decode("utf-8-sig")
            value, positions = parse_plan(text)
        except ValueError:  # also UnicodeDecodeError
            return None
        except RecursionError:  # deeper than json goes: whatever the file is, it cannot be read
            raise LoadError(json_too_deep(name, text)) from None
        if not (named or is_plan(path, value)):
            return None
        document = Document(name, 0, value, hashlib.sha256(raw).hexdigest(), positions)
        return inventory_from_plan(document)
    finally:
        if collecting:
            gc.enable()


def inventory_from_plan(plan: Document) -> PlanInventory:
    """The StorageInventory Document of a loaded plan. Raises LoadError for an unsupported plan."""
    format_note = _check_format(plan)
    reader = Plan(plan, registry().joins)
    datasets: list[dict[str, Any]] = []
    sources: list[dict[PathKey, PathKey]] = []
    header: dict[PathKey, Position] = dict.fromkeys(
        ((), ("apiVersion",), ("kind",), ("metadata",), ("metadata", "id"), ("metadata", "name"),
         ("metadata", "system")), plan.locate(("format_version",)))
    header[("datasets",)] = plan.locate(("planned_values",))
    notes: list[Problem] = [format_note] if format_note else []
    for dataset in _datasets(reader):
        datasets.append(dataset.value())
        sources.append(dataset.sources)
        notes.extend(dataset.problems())
    notes.extend(reader.notes)
    value = {
        "apiVersion": API_VERSION,
        "kind": "StorageInventory",
        "metadata": {"id": _slug(Path(plan.path).name), "name": f"Terraform plan {Path(plan.path).name}",
                     "system": "terraform"},
        "datasets": datasets,
    }
    positions = InventoryPositions(plan.positions, header, sources)  # each located when asked for
    return PlanInventory(Document(plan.path, plan.index, value, plan.sha256, positions), tuple(notes))


def _datasets(plan: Plan) -> Iterator[Dataset]:
    """A dataset for each resource some service reads, in the plan's order."""
    builders = registry().builders
    for resource in plan.resources:
        build = builders.get(resource.type)
        if build is not None:
            dataset = Dataset(plan, resource)
            if build(plan, resource, dataset) is not False:
                yield dataset


def _check_format(plan: Document) -> Problem | None:
    """Refuses what is not a plan or a format whose layout differs; a format newer than those
    tested (same major) is read with one warning, which is returned."""
    value = plan.value
    if not isinstance(value, dict):
        raise LoadError(Problem(plan.path, 1, 1, "", "not a Terraform plan: the top level is not a JSON object"))
    version = value.get("format_version")
    position = plan.locate(("format_version",))
    if not isinstance(version, str):
        raise LoadError(Problem(plan.path, position.line, position.column, "format_version",
                                "not a Terraform plan (`terraform show -json PLANFILE`): format_version "
                                f"{'is missing' if version is None else 'is not a string'}"))
    if version.split(".")[0] not in READ_FORMAT_MAJORS:
        raise LoadError(Problem(plan.path, position.line, position.column, "format_version",
                                f"Terraform JSON format_version {version!r} is not supported; this tool reads "
                                "formats 0.x and 1.x (`terraform show -json` of Terraform 0.12 or later)"))
    if not isinstance(value.get("planned_values"), dict):
        raise LoadError(Problem(plan.path, position.line, position.column, "planned_values",
                                "not a Terraform plan: planned_values is missing (a state file? pass "
                                "`terraform show -json PLANFILE` of a saved plan)"))
    if version not in TESTED_FORMATS:
        return Problem(plan.path, position.line, position.column, "format_version",
                       f"Terraform JSON format_version {version!r} is newer than the formats this tool was "
                       f"tested on ({', '.join(TESTED_FORMATS)}); it is read with the same layout")
    return None


def _slug(file_name: str) -> str:
    stem = file_name[: -len(".json")] if file_name.lower().endswith(".json") else file_name
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).lstrip("._-")
    return slug or "terraform-plan"
