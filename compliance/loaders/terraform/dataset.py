"""The provider-neutral dataset model: one StorageInventory dataset built from a plan resource.

A service (services.py) fills a `Dataset` through `put`, `key`, `access`, `location` and
`labels`; each field remembers the plan path that decided it (where a finding points), and what
the plan leaves unknown until apply or does not show becomes a note and a line of the dataset's
`description`, never a guess.
"""

from __future__ import annotations

import re
from typing import Any

from compliance.errors import Problem
from compliance.loaders.document import PathKey
from compliance.loaders.terraform.plan import NOT_RESOURCES, Plan, Resource, as_int
from compliance.loaders.terraform.positions import locate

WILDCARDS = ("*", "authenticated")  # principals that open a dataset to everyone (holding credentials)


def principal(text: str) -> str:
    """A principal of the schema: no whitespace."""
    return re.sub(r"\s", "_", text)


def dataset_id(address: str) -> str:
    """The dataset id of a resource address: instance keys `[0]` / `["eu"]` become `/0` / `/eu`."""
    text = re.sub(r'\["?([^"\]]*)"?\]', r"/\1", address)
    return re.sub(r"[^A-Za-z0-9._:/-]", "-", text)


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


# Maps the provider computes by merging its configuration's defaults under the resource's own map.
_MERGED = {"tags_all": "tags", "effective_labels": "labels", "terraform_labels": "labels"}
_SEPARATORS = re.compile(r"--|[;,+\s]+")
UNKNOWN_REASON = "unknown until apply"
# The dataset fields a value unknown until apply can leave open, listed in the dataset's `unknown`.
UNKNOWN_FACTS = ("encryption.at_rest", "encryption.key_ref", "encryption.in_transit", "access.readers",
                 "retention.ttl_days", "audit_logging", "location.country")


class Dataset:
    """The fields of one dataset, where each came from in the plan, and what the plan leaves unknown."""

    def __init__(self, plan: Plan, resource: Resource) -> None:
        self.plan = plan
        self.resource = resource
        self.fields: dict[str, Any] = {}
        self.sources: dict[PathKey, PathKey] = {(): resource.at(), ("id",): resource.at(), ("name",): resource.at()}
        self.unknown: list[str] = []
        self.invisible: list[str] = []
        self._notes: list[tuple[str, PathKey, str]] = []
        self._readers_unknown = False
        self.possibly_in_scope: str | None = None  # the attribute that only apply decides scope by

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
        left = "out" if field == ("access", "readers") else "null"
        self.unknown_fact(field, source, f"{UNKNOWN_REASON}; left {left}, not guessed")

    def unknown_fact(self, field: PathKey, source: PathKey, message: str) -> None:
        """A fact the plan does not show (until apply, or at all): left out or null, listed in `unknown`."""
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
        self.note(field, source, message)

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

    def key(self, holder: Resource, path: tuple[str | int, ...]) -> None:
        """encryption.key_ref from a key attribute: its value, else the configuration's reference to a key."""
        value = holder.get(*path)
        if isinstance(value, str) and value:
            self.put(("encryption", "key_ref"), value, holder.at(*path))
        elif holder.is_unknown(*path):
            reference = next((r for r in holder.references(*path) if not r.startswith(NOT_RESOURCES)), None)
            if reference is not None:
                prefix = f"{holder.module}." if holder.module else ""
                self.put(("encryption", "key_ref"), f"{prefix}{reference}", holder.at(*path))
            elif holder.configured(*path) is False:  # computed by the provider: its managed default key
                self.put(("encryption", "key_ref"), None, holder.at(*path))
            else:
                self.unknown_until_apply(("encryption", "key_ref"), holder.at(*path))
        else:
            self.put(("encryption", "key_ref"), None, holder.at(*path))

    def access(self, readers: list[tuple[str, PathKey]], writers: list[tuple[str, PathKey]], source: PathKey,
               listers: list[tuple[str, PathKey]] | None = None) -> None:
        """access.readers and writers; access.listers (who can list object names) only when someone can."""
        if self._readers_unknown:  # an unknown policy or member: who can read or write is not known
            return
        access: dict[str, Any] = self.fields.setdefault("access", {})
        self.sources.setdefault(("access",), source)
        for name, entries in (("readers", readers), ("writers", writers), ("listers", listers or [])):
            if name == "listers" and not entries:
                continue
            unique: dict[str, PathKey] = {}
            for principal, origin in entries:
                unique.setdefault(principal, origin)
            access[name] = list(unique)
            self.sources[("access", name)] = next(iter(unique.values()), source)
            for i, origin in enumerate(unique.values()):
                self.sources[("access", name, i)] = origin

    def location(self, holder: Resource, attribute: str, fallback: str | None = None) -> None:
        value = holder.get(attribute)
        region = value if isinstance(value, str) and value else fallback
        if not region:  # computed on apply, or from a variable or the environment: not in the plan
            if "location.country" not in self.unknown:
                self.unknown.append("location.country")
            self.sources.setdefault(("location",), holder.at(attribute))
            if self.fields.get("personal_data") is not True:  # not judged: no warning for it
                return
            self.note(("location", "country"), holder.at(attribute),
                      f"{UNKNOWN_REASON} (the region is not in the plan: computed, or from a variable or the "
                      "environment); left out, not guessed")
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

    def labels(self, holder: Resource, attributes: tuple[str, ...], fallback: Resource | None = None) -> None:
        """program, data_categories, personal_data and sensitivity from tags, labels or parameters.

        A map the provider computes by merging its configuration's defaults under the resource's own
        (`tags_all`, `effective_labels`, `terraform_labels`), unknown until apply on create, is that
        merge when the plan shows both (no defaults: the resource's own map); only a default the plan
        does not show leaves a tag unknown.
        """
        names = ("program", "data_categories", "personal_data", "sensitivity")
        found: dict[str, tuple[Any, PathKey]] = {}
        unknown: dict[str, tuple[PathKey, str]] = {}
        for resource in (r for r in (holder, fallback) if r is not None):
            for attribute in attributes:  # a dotted path for a nested map: settings.0.user_labels
                path = tuple(int(p) if p.isdigit() else p for p in attribute.split("."))
                mapping = resource.get(*path)
                base = _MERGED.get(attribute)
                merged = base is not None and base in attributes
                # A map left unset in the configuration that the provider computes: its defaults only.
                computed = resource.configured(*path) is False and base is None
                if resource.is_unknown(*path) and (merged or computed):
                    defaults = self.plan.default_tags(resource)
                    if defaults is None:  # defaults only apply knows: the tags they may add are unknown
                        for name in names:
                            unknown.setdefault(name, (resource.at(*path), attribute))
                    else:
                        for name in names:
                            if name in defaults and name not in found:
                                found[name] = (defaults[name], resource.at(base) if base else resource.at(*path))
                    continue
                if isinstance(mapping, dict):
                    for name in names:
                        if name in mapping and name not in found:
                            found[name] = (mapping[name], resource.at(*path, name))
                        elif resource.is_unknown(*path, name):
                            unknown.setdefault(name, (resource.at(*path, name), f"{attribute}.{name}"))
                elif resource.is_unknown(*path):  # the whole map is unknown until apply
                    for name in names:
                        unknown.setdefault(name, (resource.at(*path), attribute))
        unknown = {name: source for name, source in unknown.items() if name not in found}
        scope_unknown = [name for name in ("program", "data_categories", "personal_data") if name in unknown]
        if scope_unknown and not any(name in found for name in ("program", "data_categories", "personal_data")):
            # Possibly in scope: only apply decides. Not judged, one warning naming the attribute.
            source, attribute = unknown[scope_unknown[0]]
            self.possibly_in_scope = attribute
            self.put(("personal_data",), False, source)  # not judged (the schema wants a value)
            self.note((attribute,), source, f"{UNKNOWN_REASON}, so whether it names a program is not known: "
                                            "the dataset is possibly in scope and not judged")
            return
        for name in (n for n in names if n in unknown):
            self.unknown.append(name)
            self.note((name,), unknown[name][0], f"{UNKNOWN_REASON}; this tag is not read")
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
        else:  # filed under a program -> presumed personal data; untagged -> not judged
            linked = "program" in self.fields or "data_categories" in self.fields
            self.put(("personal_data",), linked, holder.at())
        sensitivity = found.get("sensitivity")
        if sensitivity is not None:
            level = as_int(sensitivity[0])
            self.put(("sensitivity",), level if level is not None else sensitivity[0], sensitivity[1])

    # output

    def value(self) -> dict[str, Any]:
        address = self.resource.address
        ordered: dict[str, Any] = {"id": dataset_id(address), "name": address}
        parts = []
        if self.unknown:
            parts.append(f"{UNKNOWN_REASON}: {', '.join(self.unknown)}")
        if self.invisible:
            parts.append(f"not visible in the plan: {', '.join(self.invisible)}")
        if self.possibly_in_scope:
            parts.append(f"possibly in scope: {self.possibly_in_scope} is {UNKNOWN_REASON}, not judged")
        description = f"{self.resource.type}" + (f"; {'; '.join(parts)}" if parts else "")
        ordered["description"] = description
        self.sources.setdefault(("description",), self.resource.at())
        for name in ("program", "data_categories", "personal_data", "sensitivity", "location", "encryption", "access",
                     "retention", "audit_logging"):
            if name in self.fields:
                ordered[name] = self.fields[name]
        facts = [name for name in self.unknown if name in UNKNOWN_FACTS]
        if facts:  # what the rules must not judge (`--unknown fail`: report as unknown)
            ordered["unknown"] = facts
            self.sources.setdefault(("unknown",), self.resource.at())
        return ordered

    def problems(self) -> list[Problem]:
        document = self.plan.document
        problems = []
        for field, source, message in self._notes:
            position = locate(document, source)
            problems.append(Problem(document.path, position.line, position.column,
                                    f"{self.resource.address} {field}", message))
        return problems
