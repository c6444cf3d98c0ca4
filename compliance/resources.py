"""The only place that locates the bundled Rego, schemas and templates (inside the package)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
REGO_DIR = PACKAGE_ROOT / "rego"
SCHEMA_DIR = PACKAGE_ROOT / "schemas"
TEMPLATE_DIR = PACKAGE_ROOT / "templates"

# Schema file per document kind.
SCHEMA_FILES = {
    "Program": "program.schema.json",
    "StorageInventory": "storage_inventory.schema.json",
    "Config": "config.schema.json",
    "Waivers": "waivers.schema.json",
    "DatasetMapping": "dataset_mapping.schema.json",
}


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / SCHEMA_FILES[kind]
