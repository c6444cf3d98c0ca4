"""The rule catalog: the `# METADATA` blocks of the Rego rules, and the policy bundle itself."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from compliance import resources
from compliance.engine.interface import EngineError, PolicyBundle, PolicyModule
from compliance.findings import Severity

_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
_TEST_RULE = re.compile(r"^(test_\w+)\b", re.MULTILINE)
RULE_PACKAGE_PREFIX = "compliance.rules."
STATUSES = {"in_force", "in_force_not_yet_applicable", "provisional_agreement", "proposal", "guidance"}
# libyaml's safe loader where PyYAML was built with it: the 81 METADATA blocks of the shipped rules take
# about 0.3 s with the pure-Python SafeLoader, a tenth of that with libyaml.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PolicyError(EngineError):
    """A policy file that cannot be used (bad metadata, no package); names file and line."""


@dataclass(frozen=True)
class RuleMeta:
    package: str
    id: str
    title: str
    description: str
    severity: Severity
    legal: tuple[str, ...]
    recommended_action: str
    inputs: tuple[str, ...]
    status: str
    applies_from: str | None
    params: tuple[str, ...]
    related_resources: tuple[str, ...]
    deprecated: bool
    path: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "package": self.package, "title": self.title, "description": self.description,
            "severity": self.severity.value, "legal": list(self.legal),
            "recommended_action": self.recommended_action, "inputs": list(self.inputs),
            "status": self.status, "applies_from": self.applies_from, "params": list(self.params),
            "related_resources": list(self.related_resources), "deprecated": self.deprecated,
        }


def policy_files(extra_dirs: Sequence[Path] = ()) -> dict[str, Path]:
    """Relative path -> file for the shipped Rego and each --policy dir (later dirs override)."""
    files: dict[str, Path] = {}
    for root in (resources.REGO_DIR, *extra_dirs):
        for file in sorted(root.rglob("*.rego")):
            files[file.relative_to(root).as_posix()] = file
    return files


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(f"{file}: cannot read policy: {error}") from None


def build_bundle(files: Mapping[str, Path], params: Mapping[str, Any], with_tests: bool = False) -> PolicyBundle:
    modules = tuple(
        PolicyModule(relative, _read(file))
        for relative, file in sorted(files.items())
        if with_tests or not relative.endswith("_test.rego")
    )
    return PolicyBundle(modules=modules, data={"compliance": {"params": dict(params)}})


def digest(bundle: PolicyBundle) -> str:
    """sha256 over the rules (not the tests) and the parameters they were run with."""
    hasher = hashlib.sha256()
    for module in bundle.modules:
        if not module.path.endswith("_test.rego"):
            hasher.update(module.path.encode() + b"\0" + module.source.encode() + b"\0")
    hasher.update(json.dumps(bundle.data, sort_keys=True).encode())
    return "sha256:" + hasher.hexdigest()


def package_of(module: PolicyModule) -> str:
    match = _PACKAGE.search(module.source)
    if not match:
        raise PolicyError(f"{module.path}: no package declaration")
    return match.group(1)


def rego_tests(bundle: PolicyBundle) -> list[tuple[str, str, str]]:
    """(module path, package, rule) of every `test_*` rule in the bundle's *_test.rego files."""
    return [
        (module.path, package_of(module), name)
        for module in bundle.modules
        if module.path.endswith("_test.rego")
        for name in _TEST_RULE.findall(module.source)
    ]


def _metadata_block(module: PolicyModule) -> tuple[int, str] | None:
    lines = module.source.splitlines()
    for number, line in enumerate(lines):
        if line.strip() == "# METADATA":
            block = []
            for following in lines[number + 1:]:
                if not following.startswith("#"):
                    break
                block.append(following[2:] if following.startswith("# ") else following[1:])
            return number + 1, "\n".join(block)
    return None


def read_rule(module: PolicyModule) -> RuleMeta:
    package = package_of(module)
    found = _metadata_block(module)
    if found is None:
        raise PolicyError(f"{module.path}:1: rule package {package} has no # METADATA block")
    line, text = found
    try:
        meta = yaml.load(text, Loader=_YAML_LOADER) or {}  # a safe loader: SafeLoader or CSafeLoader
        custom = meta.get("custom") or {}
        status = custom.get("status", "in_force")
        if status not in STATUSES:
            raise ValueError(f"custom.status {status!r} is not one of {sorted(STATUSES)}")
        for key in ("id", "severity", "legal", "recommended_action"):
            if not custom.get(key):
                raise ValueError(f"custom.{key} is required")
        if not meta.get("title"):
            raise ValueError("title is required")
        return RuleMeta(
            package=package,
            id=str(custom["id"]),
            title=str(meta["title"]),
            description=str(meta.get("description", "")).strip(),
            severity=Severity(custom["severity"]),
            legal=tuple(str(ref) for ref in custom["legal"]),
            recommended_action=str(custom["recommended_action"]).strip(),
            inputs=tuple(custom.get("inputs") or ()),
            status=status,
            applies_from=str(custom["applies_from"]) if custom.get("applies_from") else None,
            params=tuple(custom.get("params") or ()),
            related_resources=tuple(str(item.get("ref", "")) for item in meta.get("related_resources") or ()),
            deprecated=bool(custom.get("deprecated", False)),
            path=module.path,
        )
    except (yaml.YAMLError, ValueError, TypeError, AttributeError) as error:
        raise PolicyError(f"{module.path}:{line}: bad # METADATA block: {error}") from None


def rules(bundle: PolicyBundle) -> dict[str, RuleMeta]:
    """Package -> metadata for every rule module of the bundle."""
    catalog: dict[str, RuleMeta] = {}
    for module in bundle.modules:
        if module.path.endswith("_test.rego"):
            continue
        if package_of(module).startswith(RULE_PACKAGE_PREFIX):
            meta = read_rule(module)
            catalog[meta.package] = meta
    return catalog


def by_id(catalog: Iterable[RuleMeta]) -> dict[str, list[RuleMeta]]:
    grouped: dict[str, list[RuleMeta]] = {}
    for meta in sorted(catalog, key=lambda m: (m.id, m.package)):
        grouped.setdefault(meta.id, []).append(meta)
    return grouped
