"""The plan walker shared by every provider service: the managed resources of a plan's root and
child modules (`planned_values`), each with its values, what is unknown until apply
(`resource_changes[].change.after_unknown`) and its configuration block (`configuration`, for
references), and the companions joined to the resource they configure (an `aws_s3_bucket_policy`
to its `aws_s3_bucket`): by an attribute's value or, when that is unknown until apply, through the
configuration's reference. The services (services.py) say which companions join to what.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from compliance.errors import Problem
from compliance.loaders.document import Document, PathKey, format_path
from compliance.loaders.terraform.positions import locate
from compliance.loaders.yaml_json import LoadError

T = TypeVar("T")

# A companion's join: (its attributes naming the target, target types, target attributes they may equal).
Join = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def json_type(value: Any) -> str:
    """What a JSON value is, as a message names it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an object" if isinstance(value, dict) else "null"


def walk_path(node: Any, path: tuple[str | int, ...]) -> Any:
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
class Resource:
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
        return walk_path(self.values, path)

    def elements(self, *path: str | int) -> list[Any]:
        return elements(self.get(*path))

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
        node = walk_path(self.config.get("expressions"), path)
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


def strip_index(address: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", address) if "[" in address else address


def norm(value: str) -> str:
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


REFERENCE = re.compile(r'^(?P<type>[a-z][a-z0-9_]*)\.(?P<name>[A-Za-z_][A-Za-z0-9_-]*)(?:\[(?P<index>\d+|"[^"]*")\])?')
NOT_RESOURCES = ("var.", "local.", "each.", "count.", "path.", "terraform.", "self.")


class Plan:
    """The resources of one plan, with their configuration, unknowns and companions joined."""

    def __init__(self, document: Document, joins: Mapping[str, Join]) -> None:
        self.document = document
        value: dict[str, Any] = document.value
        self.notes: list[Problem] = []
        self.resources: list[Resource] = []
        self.by_type: dict[str, list[Resource]] = defaultdict(list)
        self._by_name: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self._value_indexes: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, list[Resource]]] = {}
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
        self._walk_module(value["planned_values"].get("root_module"), ("planned_values", "root_module"), "")
        self._companions: dict[str, dict[str, list[Resource]]] = defaultdict(lambda: defaultdict(list))
        for kind, (attributes, targets, keys) in joins.items():
            for companion in self.by_type.get(kind, []):
                target = self._join(companion, attributes, targets, keys)
                if target is not None:
                    self._companions[target.address][kind].append(companion)
        self._cached: dict[str, Any] = {}

    # -- walking -----------------------------------------------------------------------------------

    def _list(self, value: Any, path: PathKey) -> list[Any]:
        """value when it is a list, [] when absent; anything else is not what Terraform writes: exit 2."""
        if value is None:
            return []
        if isinstance(value, list):
            return value
        position = self.document.locate(path)
        raise LoadError(Problem(self.document.path, position.line, position.column, format_path(path),
                                f"a list expected, not {json_type(value)} (is this `terraform show -json` output?)"))

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

    def _walk_module(self, module: Any, path: PathKey, module_address: str) -> None:
        if not isinstance(module, dict):
            return
        configured = strip_index(module_address)  # the module's key in the configuration
        resources_path = (*path, "resources")
        after_unknown, config, by_type, by_name = self._after_unknown, self._config, self.by_type, self._by_name
        for k, resource in enumerate(self._list(module.get("resources"), resources_path)):
            if not isinstance(resource, dict) or resource.get("mode", "managed") != "managed":
                continue
            address, kind, name = resource.get("address"), resource.get("type"), resource.get("name")
            if not (isinstance(address, str) and isinstance(kind, str) and isinstance(name, str)):
                continue
            values = resource.get("values")
            entry = Resource(address, module_address, kind, name, resource.get("index"),
                             values if isinstance(values, dict) else {}, (*resources_path, k),
                             after_unknown.get(address, {}), config.get((configured, f"{kind}.{name}")))
            self.resources.append(entry)
            by_type[kind].append(entry)
            by_name[(kind, name)].append(entry)
        for m, child in enumerate(self._list(module.get("child_modules"), (*path, "child_modules"))):
            if isinstance(child, dict):
                address = child.get("address")
                self._walk_module(child, (*path, "child_modules", m),
                                  address if isinstance(address, str) else module_address)

    # -- joins -------------------------------------------------------------------------------------

    def resolve(self, source: Resource, references: Iterable[str], types: Iterable[str]) -> Resource | None:
        """The one resource of `types` a configuration reference of `source` names, if any."""
        wanted = set(types)
        for reference in references:
            match = REFERENCE.match(reference)
            if reference.startswith(NOT_RESOURCES) or not match or match["type"] not in wanted:
                continue
            candidates = [r for r in self._by_name.get((match["type"], match["name"]), [])
                          if strip_index(r.module) == strip_index(source.module)]
            candidates = [r for r in candidates if r.module == source.module] or candidates
            if match["index"] is not None:
                key = json.loads(match["index"])
                candidates = [r for r in candidates if r.index == key]
            elif len(candidates) > 1:
                candidates = [r for r in candidates if r.index == source.index] or candidates
            if len(candidates) == 1:
                return candidates[0]
        return None

    def by_value(self, targets: tuple[str, ...], keys: tuple[str, ...]) -> dict[str, list[Resource]]:
        """Resources of `targets` by the normalised value of any of their `keys` attributes (built once)."""
        index = self._value_indexes.get((targets, keys))
        if index is None:
            index = defaultdict(list)
            for target in (t for kind in targets for t in self.by_type.get(kind, [])):
                for value in {norm(v) for v in (target.get(k) for k in keys) if isinstance(v, str) and v}:
                    index[value].append(target)
            self._value_indexes[(targets, keys)] = index
        return index

    def _names_other_resource(self, source: Resource, references: Iterable[str]) -> bool:
        return any(self.resolve(source, [ref], self.by_type) is not None for ref in references)

    def _join(self, companion: Resource, attributes: tuple[str, ...], targets: tuple[str, ...],
              keys: tuple[str, ...]) -> Resource | None:
        for attribute in attributes:
            value = companion.get(attribute)
            if isinstance(value, str) and value:
                matches = self.by_value(targets, keys).get(norm(value), [])
                matches = [t for t in matches if t.module == companion.module] or matches
                return matches[0] if len(matches) == 1 else None
            if companion.is_unknown(attribute):
                references = companion.references(attribute)
                target = self.resolve(companion, references, targets)
                if target is None and not self._names_other_resource(companion, references):
                    position = locate(self.document, companion.at(attribute))
                    self.notes.append(Problem(
                        self.document.path, position.line, position.column, f"{companion.address} {attribute}",
                        f"unknown until apply and not a reference to a {' or '.join(targets)} of this plan, so "
                        "its settings are not applied to any dataset"))
                return target
        return None

    def companions(self, target: Resource, kind: str) -> list[Resource]:
        return self._companions.get(target.address, {}).get(kind, [])

    def companion(self, target: Resource, kind: str) -> Resource | None:
        found = self.companions(target, kind)
        return found[0] if found else None

    def joined_to(self, source: Resource, attribute: str, targets: tuple[str, ...],
                  keys: tuple[str, ...]) -> Resource | None:
        return self._join(source, (attribute,), targets, keys)

    def _provider_configs(self, resource: Resource) -> list[dict[str, Any]]:
        key = resource.config.get("provider_config_key") if resource.config else None
        candidates = [self._providers.get(key)] if isinstance(key, str) and key in self._providers else [
            provider for provider in self._providers.values()
            if isinstance(provider, dict) and provider.get("name") == resource.type.split("_")[0]]
        return [expressions for c in candidates if isinstance(c, dict)
                for expressions in [c.get("expressions")] if isinstance(expressions, dict)]

    def region(self, resource: Resource) -> str | None:
        """The provider configuration's region for an AWS resource that does not show its own."""
        regions = set()
        for expressions in self._provider_configs(resource):
            region = expressions.get("region")
            if isinstance(region, dict) and isinstance(region.get("constant_value"), str):
                regions.add(region["constant_value"])
        return regions.pop() if len(regions) == 1 else None

    def default_tags(self, resource: Resource) -> dict[str, Any] | None:
        """The provider configuration's `default_tags` (AWS) / `default_labels` (Google) for a resource:
        {} when it sets none, None when it sets some the plan does not show (a variable: only apply
        knows them)."""
        found: dict[str, Any] = {}
        for expressions in self._provider_configs(resource):
            maps = [block.get("tags") for block in elements(expressions.get("default_tags")) if isinstance(block, dict)]
            maps.append(expressions.get("default_labels"))  # Google's provider-wide labels
            for tags in maps:
                if tags is None:
                    continue
                constant = tags.get("constant_value") if isinstance(tags, dict) else None
                if not isinstance(constant, dict):
                    return None
                found.update(constant)
        return found

    # -- audit logging sources that span resources ----------------------------------------------------


    def cached(self, key: str, make: Callable[[], T]) -> T:
        """What make() gives, computed once per plan (facts that span resources: trails, audit configs)."""
        if key not in self._cached:
            self._cached[key] = make()
        return cast(T, self._cached[key])


def elements(value: Any) -> list[Any]:
    """A list attribute's elements; a value of another type (not what Terraform writes) counts as none."""
    return value if isinstance(value, list) else []


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
