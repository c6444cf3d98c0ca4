"""Run settings: the organisation's Config document and the command-line options over it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.errors import InputError, InputProblems, Problem
from compliance.findings import Severity
from compliance.kinds import DocumentKind
from compliance.loaders.inputs import load_inputs
from compliance.loaders.validate import show_value
from compliance.resources import DEFAULT_LANGUAGE

DEFAULT_CONFIG = "compliance.yaml"
FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "never")


@dataclass(frozen=True)
class OrganisationConfig:
    """What a `kind: Config` document says; every field optional."""

    path: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    skip_rules: tuple[str, ...] = ()
    fail_on: str | None = None
    policy_dirs: tuple[Path, ...] = ()
    discover: dict[str, Any] = field(default_factory=dict)  # `compliance discover` settings
    lang: str | None = None  # the DPIA report's language


def load_config(explicit: str | None) -> OrganisationConfig:
    """`--config FILE`, else ./compliance.yaml when present, else defaults."""
    path = explicit or (DEFAULT_CONFIG if Path(DEFAULT_CONFIG).is_file() else None)
    if path is None:
        return OrganisationConfig()
    if not Path(path).is_file():
        raise InputError(f"{path}: config file not found")
    documents = load_inputs([path], kinds=(DocumentKind.CONFIG,)).documents
    if len(documents) > 1:
        second, first = documents[1].locate(()), documents[0].locate(())
        raise InputProblems([Problem(path, second.line, second.column, "", (
            f"a second Config document (the first starts at line {first.line}); a config file holds exactly one"))])
    value = documents[0].value
    base = Path(path).parent
    problems = [
        Problem(path, position.line, position.column, f"policy_dirs[{index}]",
                f"{show_value(directory)} is not a directory (relative paths are read from the config file's "
                "directory)")
        for index, directory in enumerate(value.get("policy_dirs", ()))
        if not (base / directory).is_dir()
        for position in [documents[0].locate(("policy_dirs", index))]
    ]
    if problems:
        raise InputProblems(problems)
    return OrganisationConfig(
        path=path,
        params=dict(value.get("params", {})),
        rules=tuple(value.get("rules", ())),
        skip_rules=tuple(value.get("skip_rules", ())),
        fail_on=value.get("fail_on"),
        policy_dirs=tuple(base / directory for directory in value.get("policy_dirs", ())),
        discover=dict(value.get("discover") or {}),
        lang=value.get("lang"),
    )


def fail_threshold(option: str | None, config: OrganisationConfig) -> Severity | None:
    """The --fail-on option, else the config's fail_on, else high; None means never fail."""
    chosen = option or config.fail_on or "high"
    return None if chosen == "never" else Severity(chosen)


def report_language(option: str | None, config: OrganisationConfig) -> str:
    """The --lang option, else the config's lang, else English."""
    return option or config.lang or DEFAULT_LANGUAGE
