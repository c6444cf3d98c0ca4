"""The kinds of input document (`kind:` of a privacy.compliance/v1 document)."""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    PROGRAM = "Program"
    STORAGE_INVENTORY = "StorageInventory"
    CONFIG = "Config"
    WAIVERS = "Waivers"
    DATASET_MAPPING = "DatasetMapping"
