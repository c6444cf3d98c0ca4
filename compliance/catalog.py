"""The rule catalog: the `# METADATA` blocks of the Rego rules, and the policy bundle itself.

Everything about a rule lives in its METADATA and is read here, once, into one frozen `RuleMeta`
per rule package: id, title, severity, legal references, remediation, status, scope, area and the
facts the DPIA report places it by (`custom.dpia`). docs/ARCHITECTURE.md shows the block; `_TOP`
and `_CUSTOM` below are what is accepted. One id is one obligation: its full METADATA lives in one package; a
second package may check the same obligation on each dataset (`custom.check: dataset`) and then
holds only what differs (description, inputs, params, scope, severity_rule, its findings' default
severity where the catalog gives it its own).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from compliance import resources
from compliance.engine.interface import EngineError, PolicyBundle, PolicyModule, Scope
from compliance.kinds import DocumentKind
from compliance.severity import Severity

_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
_TEST_RULE = re.compile(r"^(test_\w+)\b", re.MULTILINE)
RULE_PACKAGE_PREFIX = "compliance.rules."
STATUSES = ("in_force", "in_force_not_yet_applicable", "provisional_agreement", "proposal", "guidance")
INPUT_KINDS = (DocumentKind.PROGRAM.value, DocumentKind.STORAGE_INVENTORY.value)
DATASET_CHECK = "dataset"
# What `custom.scope` may say; Scope.EACH_DATASET is not written but follows from `custom.reads_id` (scopes()).
METADATA_SCOPES = (Scope.DATASET, Scope.PROGRAM, Scope.INVENTORY)
# libyaml's safe loader where PyYAML was built with it: the 81 METADATA blocks of the shipped rules take
# about 0.3 s with the pure-Python SafeLoader, a tenth of that with libyaml.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PolicyError(EngineError):
    """A policy file that cannot be used (bad metadata, no package); names file and line."""


class DpiaSection(StrEnum):
    """The principle of Art. 35(7)(b) under which the DPIA report discusses a rule."""

    LAWFULNESS = "lawfulness"
    PURPOSE_LIMITATION = "purpose_limitation"
    MINIMISATION = "minimisation"
    STORAGE_LIMITATION = "storage_limitation"
    TRANSPARENCY = "transparency"
    RIGHTS = "rights"
    SECURITY = "security"
    PROCESSORS = "processors"
    TRANSFERS = "transfers"
    EMPLOYMENT = "employment"
    ACCOUNTABILITY = "accountability"
    OTHER = "other"


class RiskScenario(StrEnum):
    """The DPIA's risk scenarios (report/risk.py scores them); a failure of a rule raises the likelihood of its."""

    ILLEGITIMATE_ACCESS = "illegitimate_access"
    UNWANTED_MODIFICATION = "unwanted_modification"
    DISAPPEARANCE = "disappearance"
    EXCESSIVE_COLLECTION = "excessive_collection"
    FUNCTION_CREEP = "function_creep"
    LOSS_OF_CONTROL = "loss_of_control"


class RiskMeasure(StrEnum):
    """A measure the risk assessment credits, checked by the rules that name it."""

    ENCRYPTION = "encryption"  # data encrypted at rest with managed keys: confidentiality severity -1
    PSEUDONYMISATION = "pseudonymisation"  # subjects not directly identifiable once its rules pass
    ACCESS_TESTING = "access_testing"  # access controls tested: confidentiality likelihood -1


# Where a rule that does not say `dpia.section` is placed: by its area (a --policy rule of an area of its own: other).
DEFAULT_SECTION = {
    "principles": DpiaSection.ACCOUNTABILITY, "lawful_basis": DpiaSection.LAWFULNESS,
    "special_categories": DpiaSection.LAWFULNESS, "transparency": DpiaSection.TRANSPARENCY,
    "rights": DpiaSection.RIGHTS, "by_design": DpiaSection.SECURITY, "security": DpiaSection.SECURITY,
    "processors": DpiaSection.PROCESSORS, "records": DpiaSection.ACCOUNTABILITY, "breach": DpiaSection.SECURITY,
    "dpia": DpiaSection.ACCOUNTABILITY, "dpo": DpiaSection.ACCOUNTABILITY, "employment": DpiaSection.EMPLOYMENT,
    "transfers": DpiaSection.TRANSFERS, "germany": DpiaSection.EMPLOYMENT, "france": DpiaSection.EMPLOYMENT,
    "italy": DpiaSection.EMPLOYMENT, "us": DpiaSection.TRANSPARENCY, "ai_act": DpiaSection.ACCOUNTABILITY,
}


def area_of(package: str) -> str:
    """A rule package's area: the folder under rules/ (`compliance.rules.<area>.<name>`)."""
    if not package.startswith(RULE_PACKAGE_PREFIX):
        return ""
    return package.removeprefix(RULE_PACKAGE_PREFIX).split(".")[0]


@dataclass(frozen=True)
class Dpia:
    """`custom.dpia`: where the DPIA report places the rule and what its failure means for the risks."""

    section: DpiaSection = DpiaSection.OTHER
    consultation: bool = False  # a consultation duty (works council, DPO, the people monitored): Art. 35(2)/(9)
    risk_scenarios: tuple[RiskScenario, ...] = ()
    measure: RiskMeasure | None = None
    # The question of the CNIL PIA tool's questionnaire the rule answers, where its section's does not
    # fit (e.g. accuracy, consent): `compliance export pia` comments its findings there.
    pia_question: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"section": self.section.value, "consultation": self.consultation,
                "risk_scenarios": [scenario.value for scenario in self.risk_scenarios],
                "measure": self.measure.value if self.measure else None, "pia_question": self.pia_question}


@dataclass(frozen=True)
class RuleMeta:
    """One rule package's metadata; for a dataset check, the id's metadata with what the check adds."""

    package: str
    id: str
    title: str
    description: str
    severity: Severity  # this package's findings' default (a finding may carry its own)
    legal: tuple[str, ...]
    recommended_action: str
    inputs: tuple[str, ...]
    status: str
    applies_from: str | None
    params: tuple[str, ...]
    related_resources: tuple[str, ...]
    deprecated: bool
    path: str
    scope: Scope = Scope.PROGRAM
    severity_rule: str | None = None  # how the data sets the severity, where it does
    dpia: Dpia = field(default_factory=Dpia)
    metadata_path: str = ""  # the file holding the id's full METADATA: `path`, or another for a dataset check
    unverified: str | None = None  # what of the law behind the rule is not yet checked against its primary text
    # `custom.reads_id`: the findings depend on a dataset's id beyond naming it (or on a field left out of the
    # grouping key, evaluation.UNGROUPED_FIELDS), so the rule is evaluated on each dataset, never on one
    # dataset per distinct configuration (docs/performance.md)
    reads_id: bool = False

    @property
    def area(self) -> str:
        """`principles` of compliance.rules.principles.retention_limited; "" outside compliance.rules."""
        return area_of(self.package)

    @property
    def is_dataset_check(self) -> bool:
        """A package checking, dataset by dataset, an obligation whose METADATA is in another package."""
        return bool(self.metadata_path) and self.metadata_path != self.path

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "package": self.package, "title": self.title, "description": self.description,
            "severity": self.severity.value, "legal": list(self.legal),
            "recommended_action": self.recommended_action, "inputs": list(self.inputs),
            "status": self.status, "applies_from": self.applies_from, "params": list(self.params),
            "related_resources": list(self.related_resources), "deprecated": self.deprecated,
            "area": self.area, "scope": self.scope.value, "severity_rule": self.severity_rule,
            "dpia": self.dpia.as_dict(), "unverified": self.unverified,
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


def build_bundle(files: Mapping[str, Path], params: Mapping[str, Any], with_tests: bool = False,
                 run: Mapping[str, Any] | None = None) -> PolicyBundle:
    """The rules (and tests) with their data: the organisation's params and the run's settings
    (data.compliance.run: `unknown`, "warn" or "fail")."""
    modules = tuple(
        PolicyModule(relative, _read(file))
        for relative, file in sorted(files.items())
        if with_tests or not relative.endswith("_test.rego")
    )
    return PolicyBundle(modules=modules, data={"compliance": {"params": dict(params),
                                                              "run": {"unknown": "warn", **(run or {})}}})


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


# -- the METADATA schema --------------------------------------------------------------------------


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty text")
    return value.strip()


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValueError("a list of texts")
    return tuple(item.strip() for item in value)


def _one_of(choices: Iterable[str]) -> Callable[[Any], str]:
    allowed = tuple(choices)

    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"one of: {', '.join(allowed)}")
        return str(value)

    return check


def _many_of(choices: Iterable[str]) -> Callable[[Any], tuple[str, ...]]:
    allowed = tuple(choices)
    one = _one_of(allowed)

    def check(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValueError(f"a list of: {', '.join(allowed)}")
        return tuple(one(item) for item in value)

    return check


def _date_or_null(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)  # YAML reads an unquoted 2027-12-02 as a date
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError("an ISO date (YYYY-MM-DD) or null")
    return text


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("a whole number from 1")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _references(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, dict) and isinstance(item.get("ref"), str)
                                              for item in value):
        raise ValueError("a list of {ref: URL}")
    return tuple(str(item["ref"]) for item in value)


def _dpia(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("a mapping with section, risk_scenarios and optionally consultation and measure")
    fields = {"section": _one_of(DpiaSection), "consultation": _boolean,
              "risk_scenarios": _many_of(RiskScenario), "measure": _one_of(RiskMeasure), "pia_question": _count}
    return _fields(value, fields, "custom.dpia.")


# METADATA keys: top level (besides `custom`) and under `custom`, each with its check.
# OPA's own annotation keys are accepted and ignored.
_TOP: dict[str, Callable[[Any], Any]] = {"title": _text, "description": _text, "related_resources": _references}
_OPA_KEYS = ("scope", "authors", "organizations", "schemas", "entrypoint")
_CUSTOM: dict[str, Callable[[Any], Any]] = {
    "id": _text, "check": _one_of((DATASET_CHECK,)), "severity": _one_of(Severity), "severity_rule": _text,
    "legal": _texts, "recommended_action": _text, "inputs": _many_of(INPUT_KINDS), "status": _one_of(STATUSES),
    "applies_from": _date_or_null, "params": _texts, "scope": _one_of(METADATA_SCOPES), "deprecated": _boolean,
    "dpia": _dpia, "unverified": _text, "reads_id": _boolean,
}
_REQUIRED = ("title", "custom.id", "custom.severity", "custom.legal", "custom.recommended_action")
# What a dataset check may say besides its id; the rest is the id's.
_DATASET_CHECK_KEYS = ("description", "custom.id", "custom.check", "custom.severity", "custom.severity_rule",
                       "custom.inputs", "custom.params", "custom.scope", "custom.reads_id")


class _FieldError(ValueError):
    """A METADATA field refused, its message complete (field, value, what was expected)."""


def _fields(value: dict[str, Any], schema: Mapping[str, Callable[[Any], Any]], prefix: str) -> dict[str, Any]:
    read = {}
    for key, item in value.items():
        check = schema.get(str(key))
        if check is None:
            raise _FieldError(f"{prefix}{key} is not a METADATA key; expected one of: {', '.join(schema)}")
        if item is None:
            continue  # null: not declared, as if absent
        try:
            read[str(key)] = check(item)
        except _FieldError:
            raise  # from a nested mapping (custom.dpia), already naming its field
        except ValueError as error:
            raise _FieldError(f"{prefix}{key}: {_shown(item)} is not {error}") from None
    return read


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _declared(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The METADATA block checked against the schema, flattened: `title`, `custom.id`, ..."""
    if not isinstance(meta, dict):
        raise ValueError("the block must be a YAML mapping")
    top = {key: item for key, item in meta.items() if key not in (*_OPA_KEYS, "custom")}
    read = _fields(top, _TOP, "")
    custom = meta.get("custom") or {}
    if not isinstance(custom, dict):
        raise ValueError("custom must be a mapping")
    read.update({f"custom.{key}": item for key, item in _fields(custom, _CUSTOM, "custom.").items()})
    if read.get("custom.check") == DATASET_CHECK:
        extra = sorted(set(read) - set(_DATASET_CHECK_KEYS))
        if extra:
            raise ValueError(f"a dataset check takes {', '.join(extra)} from the METADATA of {read.get('custom.id')}; "
                             f"it may only say: {', '.join(_DATASET_CHECK_KEYS)}")
        if "custom.id" not in read:
            raise ValueError("custom.id is required")
    else:
        missing = [key for key in _REQUIRED if key not in read]
        if missing:
            raise ValueError(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} required")
    return read


def _scope(read: Mapping[str, Any]) -> Scope:
    if "custom.scope" in read:
        return Scope(read["custom.scope"])
    return Scope.DATASET if DocumentKind.STORAGE_INVENTORY in read.get("custom.inputs", ()) else Scope.PROGRAM


@dataclass(frozen=True)
class _Parsed:
    module: PolicyModule
    package: str
    line: int
    read: dict[str, Any]

    @property
    def is_dataset_check(self) -> bool:
        return self.read.get("custom.check") == DATASET_CHECK


def _parse(module: PolicyModule) -> _Parsed:
    package = package_of(module)
    found = _metadata_block(module)
    if found is None:
        raise PolicyError(f"{module.path}:1: rule package {package} has no # METADATA block")
    line, text = found
    try:
        meta = yaml.load(text, Loader=_YAML_LOADER)  # a safe loader: SafeLoader or CSafeLoader
        return _Parsed(module, package, line, _declared(meta or {}))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = line + 1 + (mark.line if mark else 0)
        raise PolicyError(f"{module.path}:{where}: bad # METADATA block: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise PolicyError(f"{module.path}:{line}: bad # METADATA block: {error}") from None
    except ValueError as error:
        raise PolicyError(f"{module.path}:{line}: bad # METADATA block: {error}") from None


def _full(parsed: _Parsed) -> RuleMeta:
    read = parsed.read
    dpia = read.get("custom.dpia", {})
    area = area_of(parsed.package)
    return RuleMeta(
        package=parsed.package,
        id=read["custom.id"],
        title=read["title"],
        description=read.get("description", ""),
        severity=Severity(read["custom.severity"]),
        legal=read["custom.legal"],
        recommended_action=read["custom.recommended_action"],
        inputs=read.get("custom.inputs", ()),
        status=read.get("custom.status", "in_force"),
        applies_from=read.get("custom.applies_from"),
        params=read.get("custom.params", ()),
        related_resources=read.get("related_resources", ()),
        deprecated=read.get("custom.deprecated", False),
        path=parsed.module.path,
        scope=_scope(read),
        severity_rule=read.get("custom.severity_rule"),
        dpia=Dpia(
            section=DpiaSection(dpia.get("section", DEFAULT_SECTION.get(area, DpiaSection.OTHER))),
            consultation=dpia.get("consultation", False),
            risk_scenarios=tuple(RiskScenario(item) for item in dpia.get("risk_scenarios", ())),
            measure=RiskMeasure(dpia["measure"]) if dpia.get("measure") is not None else None,
            pia_question=dpia.get("pia_question"),
        ),
        metadata_path=parsed.module.path,
        unverified=read.get("custom.unverified"),
        reads_id=read.get("custom.reads_id", False),
    )


def _dataset_check(parsed: _Parsed, owner: RuleMeta) -> RuleMeta:
    read = parsed.read
    return replace(
        owner,
        package=parsed.package,
        description=read.get("description", owner.description),
        severity=Severity(read.get("custom.severity", owner.severity)),
        inputs=read.get("custom.inputs", owner.inputs),
        params=read.get("custom.params", ()),
        path=parsed.module.path,
        scope=_scope({**read, "custom.inputs": read.get("custom.inputs", owner.inputs)}),
        severity_rule=read.get("custom.severity_rule"),
        reads_id=read.get("custom.reads_id", False),
    )


def read_rule(module: PolicyModule) -> RuleMeta:
    """The metadata of one rule module holding its id's full METADATA (not a dataset check)."""
    parsed = _parse(module)
    if parsed.is_dataset_check:
        raise PolicyError(f"{module.path}:{parsed.line}: the dataset check of {parsed.read['custom.id']} "
                          "is read with the rest of the catalog (catalog.rules)")
    return _full(parsed)


def rules(bundle: PolicyBundle) -> dict[str, RuleMeta]:
    """Package -> metadata for every rule module of the bundle.

    Each id has its full METADATA in one package; a dataset check (`custom.check: dataset`) gets
    the rest of its metadata from there. Two full METADATA blocks for one id, or a dataset check of
    an id that none defines, is a PolicyError naming the files.
    """
    parsed = [_parse(module) for module in bundle.modules
              if not module.path.endswith("_test.rego") and package_of(module).startswith(RULE_PACKAGE_PREFIX)]
    owners: dict[str, RuleMeta] = {}
    catalog: dict[str, RuleMeta] = {}
    for entry in parsed:
        if entry.is_dataset_check:
            continue
        meta = _full(entry)
        other = owners.get(meta.id)
        if other is not None:
            raise PolicyError(f"{meta.path}:{entry.line}: bad # METADATA block: {meta.id} is already defined by "
                              f"{other.path}; one id is one obligation with one METADATA (a second check of it "
                              "on each dataset says `check: dataset` and leaves the rest to that file)")
        owners.setdefault(meta.id, meta)
        catalog[meta.package] = meta
    for entry in parsed:
        if not entry.is_dataset_check:
            continue
        owner = owners.get(entry.read["custom.id"])
        if owner is None:
            raise PolicyError(f"{entry.module.path}:{entry.line}: bad # METADATA block: custom.check: dataset of "
                              f"{entry.read['custom.id']}, but no rule defines {entry.read['custom.id']} (with its "
                              "title, severity, legal references and remediation)")
        catalog[entry.package] = _dataset_check(entry, owner)
    return catalog


def entries(catalog: Iterable[RuleMeta]) -> list[RuleMeta]:
    """One entry per id, the package holding its METADATA, sorted by id (`compliance rules`, the README)."""
    return sorted((meta for meta in catalog if not meta.is_dataset_check), key=lambda m: (m.id, m.package))


def by_id(catalog: Iterable[RuleMeta]) -> dict[str, list[RuleMeta]]:
    """Id -> its packages: the one holding its METADATA first, then its dataset checks."""
    grouped: dict[str, list[RuleMeta]] = {}
    for meta in sorted(catalog, key=lambda m: (m.id, m.is_dataset_check, m.package)):
        grouped.setdefault(meta.id, []).append(meta)
    return grouped


def scopes(catalog: Mapping[str, RuleMeta]) -> dict[str, Scope]:
    """Package -> scope, for the engine's generated entrypoints (compliance.engine.scoped_bundle).

    A dataset rule that reads the id (`custom.reads_id: true`) is Scope.EACH_DATASET: evaluated on every
    dataset, while the others are evaluated once per distinct configuration (docs/performance.md).
    """
    return {package: Scope.EACH_DATASET if meta.scope is Scope.DATASET and meta.reads_id else meta.scope
            for package, meta in catalog.items()}


# Translations of a rule's title and recommended action live beside the file holding its METADATA:
# rules/<area>/<rule>.rego -> rules/<area>/<rule>.i18n.yaml, one mapping per language:
#   fr: {title: ..., recommended_action: ...}
#   de: {title: ..., recommended_action: ...}
# They are wording, not policy: they are not part of the bundle, so they do not change the policy digest.
TRANSLATION_SUFFIX = ".i18n.yaml"
TRANSLATED_FIELDS = ("title", "recommended_action")


def translation_path(metadata_path: str) -> str:
    """The translation file beside a rule file (relative to the same policy root)."""
    return metadata_path.removesuffix(".rego") + TRANSLATION_SUFFIX


def translation_files(extra_dirs: Sequence[Path] = ()) -> dict[str, Path]:
    """Relative path -> file of every rule translation file, shipped and --policy (later dirs override)."""
    files: dict[str, Path] = {}
    for root in (resources.REGO_DIR, *extra_dirs):
        for file in sorted(root.rglob("*" + TRANSLATION_SUFFIX)):
            files[file.relative_to(root).as_posix()] = file
    return files


def read_translations(file: Path) -> dict[str, dict[str, str]]:
    """Language -> {title, recommended_action} of one translation file; a PolicyError names what is wrong."""
    try:
        document = yaml.load(_read(file), Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        raise PolicyError(f"{file}: bad translation file: {error}") from None
    if not isinstance(document, dict):
        raise PolicyError(f"{file}: bad translation file: expected a mapping of language -> "
                          f"{{{', '.join(TRANSLATED_FIELDS)}}}")
    found: dict[str, dict[str, str]] = {}
    for lang, texts in document.items():
        if not isinstance(texts, dict) or any(not isinstance(texts.get(name), str) or not texts[name].strip()
                                              for name in TRANSLATED_FIELDS):
            raise PolicyError(f"{file}: bad translation file: {lang} needs a non-empty "
                              f"{' and '.join(TRANSLATED_FIELDS)}")
        found[str(lang)] = {name: " ".join(texts[name].split()) for name in TRANSLATED_FIELDS}
    return found


def translations(catalog: Iterable[RuleMeta], extra_dirs: Sequence[Path] = ()) -> dict[str, dict[str, dict[str, str]]]:
    """Rule id -> language -> {title, recommended_action}, for the ids with a translation file.

    English is the METADATA itself and is not repeated here.
    """
    files = translation_files(extra_dirs)
    found: dict[str, dict[str, dict[str, str]]] = {}
    for meta in entries(catalog):
        file = files.get(translation_path(meta.metadata_path))
        if file is not None:
            found[meta.id] = read_translations(file)
    return found
