"""The only place that locates the bundled Rego, schemas and templates.

In a checkout, `rego/` and `templates/` sit at the top of the repository, beside the package; a
built wheel carries them inside it (`compliance/rego`, `compliance/templates`: pyproject.toml maps
them at build time), so an installed `compliance` finds them without the checkout.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """The directory `name`: inside the installed package, else at the top of the checkout."""
    inside = PACKAGE_ROOT / name
    return inside if inside.is_dir() else PACKAGE_ROOT.parent / name


REGO_DIR = _bundled("rego")
SCHEMA_DIR = PACKAGE_ROOT / "schemas"
TEMPLATE_DIR = _bundled("templates")

# The DPIA report's languages (`report --lang`, Config `lang`): English, the templates' own, and one
# gettext catalog each under templates/locale/.
LANGUAGES = ("en", "fr", "de")
DEFAULT_LANGUAGE = "en"

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
