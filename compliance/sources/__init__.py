"""Registry of input sources (see interface.py): module paths, imported only when used, so that a
run that reads no database never imports a database driver."""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compliance.sources.interface import FileSource

# Live sources by the name users type (`compliance discover NAME ...`): "module:Class".
LIVE_SOURCES: dict[str, str] = {
    "postgres": "compliance.sources.postgres:PostgresSource",
    "ranger": "compliance.sources.ranger:RangerSource",
    "aws": "compliance.sources.aws:AwsSource",
    "snowflake": "compliance.sources.snowflake:SnowflakeSource",
    "bigquery": "compliance.sources.bigquery:BigQuerySource",
    "unity": "compliance.sources.unity:UnitySource",
}


def load(spec: str) -> Any:
    """The class named by a "module:Class" registry entry, imported now."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


# -- file sources ---------------------------------------------------------------------------------

# File sources, "module:Class", in the order they are asked whether a path is theirs: the first
# that claims it, makes a kind of document the run reads, and does not answer None reads it. A
# Terraform plan source answers None for JSON that is not a plan, which YAML/JSON then reads.
FILE_SOURCES: tuple[str, ...] = (
    "compliance.loaders.tabular:TabularSource",
    "compliance.loaders.terraform:TerraformPlanSource",
    "compliance.loaders.yaml_json:YamlJsonSource",
)


@functools.cache
def file_sources() -> tuple[FileSource, ...]:
    """One instance of each file source, in FILE_SOURCES order."""
    return tuple(load(spec)() for spec in FILE_SOURCES)
