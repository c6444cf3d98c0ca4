"""The registry of provider services: each module of this package named `<provider>_<service>.py`
turns resources of some types into datasets (`Service.datasets`) and says which companion resources
join to them (`Service.joins`). Adding a service is adding its module (and its tests) and naming it
in SERVICES; a module is imported when the first plan is read.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compliance.loaders.terraform.dataset import Dataset
    from compliance.loaders.terraform.plan import Join, Plan, Resource

# Fills one dataset from its resource: build(plan, resource, dataset); False: the resource is no
# dataset after all (an Azure SQL server whose databases the plan holds).
Builder = Callable[["Plan", "Resource", "Dataset"], "bool | None"]

# Every service, in the order their companions are joined (which orders the notes on companions
# that join to nothing).
SERVICES = ("aws_s3", "aws_glue", "aws_dynamodb", "aws_rds", "aws_redshift", "gcp_storage", "gcp_bigquery",
            "gcp_sql", "azure_storage", "azure_sql")


@dataclass(frozen=True)
class Service:
    """What one provider service reads: resource type -> builder, companion type -> its join."""

    datasets: Mapping[str, Builder]
    joins: Mapping[str, Join] = field(default_factory=dict)


@dataclass(frozen=True)
class Registry:
    builders: Mapping[str, Builder]
    joins: Mapping[str, Join]


@functools.cache
def registry() -> Registry:
    """Every service's builders and joins; a resource type read by two services is a programming error."""
    builders: dict[str, Builder] = {}
    joins: dict[str, Join] = {}
    for name in SERVICES:
        service: Service = importlib.import_module(f"{__package__}.{name}").SERVICE
        for kind in (*service.datasets, *service.joins):
            if kind in builders or kind in joins:
                raise ValueError(f"Terraform resource type {kind} is read by two services")
        builders.update(service.datasets)
        joins.update(service.joins)
    return Registry(builders, joins)
