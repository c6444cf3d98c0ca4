"""The report's languages: gettext catalogs for the template wording, Babel for dates and numbers.

The wording of the templates is English in the templates themselves (the gettext msgids); the
French and German catalogs are the committed `templates/locale/<lang>.po` files. They are compiled
in memory by Babel when a report first needs them, so a clean clone needs no build step and no
compiled `.mo` file can go stale. Rule titles and recommended actions are translated beside each
rule (`<rule>.i18n.yaml`, read by compliance.catalog); finding messages come from the Rego rules
and stay in English.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import io
import math
from typing import Any

from babel import Locale, dates, numbers
from babel.messages import mofile, pofile

from compliance.resources import DEFAULT_LANGUAGE, LANGUAGES, TEMPLATE_DIR

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "date", "number", "percent", "translations"]
LOCALE_DIR = TEMPLATE_DIR / "locale"
MISSING = "\u2013"  # an en dash where a number is missing


def po_path(lang: str) -> Any:
    return LOCALE_DIR / f"{lang}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (English: the msgids themselves)."""
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    with po_path(lang).open("rb") as source:
        catalog = pofile.read_po(source, locale=lang)
    compiled = io.BytesIO()
    mofile.write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.cache
def locale(lang: str) -> Locale:
    return Locale.parse("en_GB" if lang == "en" else lang)


def number(value: Any, lang: str) -> str:
    """Integers with the locale's grouping, other numbers with one decimal; a dash when missing."""
    if value is None or isinstance(value, bool):
        return MISSING
    if isinstance(value, int):
        return numbers.format_decimal(value, format="#,##0", locale=locale(lang))
    if isinstance(value, float) and math.isfinite(value):
        return numbers.format_decimal(value, format="#,##0.0", locale=locale(lang))
    return str(value)


def percent(value: Any, lang: str) -> str:
    """A share (0..1) as a percentage with one decimal, spaced as the locale writes it."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return MISSING
    if lang == DEFAULT_LANGUAGE:
        return f"{100 * value:.1f} %"
    pattern = locale(lang).percent_formats[None].pattern.replace("#,##0", "#,##0.0")  # one decimal
    return numbers.format_percent(value, format=pattern, locale=locale(lang))


def date(value: Any, lang: str) -> Any:
    """An ISO date (or the date part of a W3C timestamp) in the locale's long form; English keeps ISO 8601.

    Anything that is not such a date is returned unchanged.
    """
    if lang == DEFAULT_LANGUAGE or not isinstance(value, str) or len(value) < 10:
        return value
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return value
    if len(value) > 10 and value[10] != "T":
        return value
    return dates.format_date(day, format="long", locale=locale(lang))


def template_messages() -> dict[str | tuple[str, ...], list[tuple[str, int]]]:
    """Every msgid the templates mark (`_()`, `{% trans %}`; plural ones as (singular, plural)), with
    where it is: what the catalogs must translate. Babel's extractor with Jinja2's, trimmed as rendered."""
    from babel.messages.extract import extract_from_dir

    found: dict[str | tuple[str, ...], list[tuple[str, int]]] = {}
    method_map = [("**.html", "jinja2.ext:babel_extract")]
    options = {"**.html": {"trimmed": "true", "extensions": "jinja2.ext.i18n"}}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(TEMPLATE_DIR), method_map=method_map, options_map=options):
        found.setdefault(message, []).append((filename, line))
    return found
