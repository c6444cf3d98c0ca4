"""Output formats: a str Enum drives click.Choice and maps each name to its formatter."""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # the formatters and findings are imported when a format is used, not for --help
    from compliance.formats.interface import Formatter, PieceFormatter


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    GITHUB = "github"


_MODULES = {
    OutputFormat.TEXT: "compliance.formats.text",
    OutputFormat.JSON: "compliance.formats.json_format",
    OutputFormat.SARIF: "compliance.formats.sarif",
    OutputFormat.JUNIT: "compliance.formats.junit",
    OutputFormat.MARKDOWN: "compliance.formats.markdown",
    OutputFormat.GITHUB: "compliance.formats.github",
}


def formatter(name: OutputFormat) -> Formatter:
    return cast("Formatter", importlib.import_module(_MODULES[name]).render)


def piece_formatter(name: OutputFormat) -> PieceFormatter:
    return cast("PieceFormatter", importlib.import_module(_MODULES[name]).pieces)
