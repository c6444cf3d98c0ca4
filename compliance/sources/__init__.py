"""Registry of input sources (see interface.py): module paths, imported only when used, so that a
run that reads no database never imports a database driver."""

from __future__ import annotations

import importlib
from typing import Any

# Live sources by the name users type (`compliance discover NAME ...`): "module:Class".
LIVE_SOURCES: dict[str, str] = {}


def load(spec: str) -> Any:
    """The class named by a "module:Class" registry entry, imported now."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)
