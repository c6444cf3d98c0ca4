"""The safe render pipeline: plain data -> Jinja2 (autoescape, StrictUndefined) -> HTML -> WeasyPrint.

WeasyPrint gets a URL fetcher that serves only files under the bundled template directory and
`data:` URLs; anything else (http, https, ftp, a file elsewhere) raises, so no input string can make
the renderer fetch a URL or read a file. Output is deterministic: fixed metadata dates, a PDF
identifier derived from the content, attachment dates fixed to the same instant.

The attached files (tens of MB of findings in a large report) are compressed on a second thread
while WeasyPrint lays out the pages (zlib releases the GIL), at zlib's default level: pydyf would
compress them at level 9 after the layout, twice the CPU for 1 % smaller streams.
"""

from __future__ import annotations

import base64
import datetime
import functools
import io
import mimetypes
import zlib
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

import jinja2
import markupsafe
import weasyprint
from weasyprint import urls

from compliance.errors import ComplianceError, printable
from compliance.report import i18n
from compliance.resources import TEMPLATE_DIR

TEMPLATE = "report.html"
# zlib level of the attached files: on 60 MB of findings JSON and CSV, level 9 (pydyf's) takes about
# 0.55 s for 2.98 MB, level 6 0.27 s for 3.00 MB, level 1 0.12 s for 3.57 MB.
ATTACHMENT_LEVEL = 6


class ReportError(ComplianceError):
    """The report could not be rendered (a template or layout problem); one line, no traceback."""


class RefusedURL(ValueError):
    """A URL the report renderer will not fetch."""


class BundledOnlyFetcher(urls.URLFetcher):  # type: ignore[misc]
    """Serves files under `root` and data: URLs; raises RefusedURL for everything else."""

    def __init__(self, root: Path = TEMPLATE_DIR) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc in ("", "localhost"):
                path = Path(url2pathname(parts.path)).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        self.refused.append(url)
        raise RefusedURL(f"the report renderer fetches only bundled template files, not {url[:200]}")

    def _data(self, url: str) -> Any:
        header, _, payload = url[5:].partition(",")
        kind = header.split(";")[0] or "text/plain"
        try:
            body = base64.b64decode(payload) if header.endswith(";base64") else unquote_to_bytes(payload)
        except ValueError as error:
            raise RefusedURL(f"bad data: URL: {error}") from None
        return urls.URLFetcherResponse(url, body, {"Content-Type": kind})


def _shown(value: Any) -> Any:
    """Every value a template prints: control characters from the inputs shown as escapes.

    A terminal escape or record separator in a dataset name would otherwise sit invisibly in the
    PDF's text (and reach the terminal of whoever extracts it). Whitespace that HTML lays out
    itself is kept, and so are the no-break spaces the locales group digits and space units with;
    markup stays markup (the escapes add no HTML specials).
    """
    if not isinstance(value, str) or value.isprintable():
        return value
    shown = printable(value, keep="\n\r\t\u00a0\u202f")
    return markupsafe.Markup(shown) if isinstance(value, markupsafe.Markup) else shown


@functools.cache
def environment(lang: str = i18n.DEFAULT_LANGUAGE) -> jinja2.Environment:
    """The Jinja2 environment of one language (templates compile once per process and language).

    The wording is marked with gettext (`_()`, `{% trans %}`: jinja2.ext.i18n); `lang` picks the catalog
    and the locale the `num`, `pct` and `date` filters format with.
    """
    if lang not in i18n.LANGUAGES:
        raise ReportError(f"report language {lang!r}: expected one of {', '.join(i18n.LANGUAGES)}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_shown,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = functools.partial(i18n.number, lang=lang)
    env.filters["pct"] = functools.partial(i18n.percent, lang=lang)
    env.filters["date"] = functools.partial(i18n.date, lang=lang)
    env.globals["lang"] = lang
    return env


def labels(lang: str = i18n.DEFAULT_LANGUAGE) -> Any:
    """The wording table of the templates (_labels.html), for the few strings outside the HTML."""
    try:
        return environment(lang).get_template("_labels.html").module
    except jinja2.TemplateError as error:
        raise ReportError(f"report template _labels.html: {type(error).__name__}: {error}") from None


def render_html(context: Mapping[str, Any], template: str = TEMPLATE, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The report HTML; any template error becomes one ReportError line."""
    try:
        return environment(lang).get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise ReportError(f"report template {error.filename or template}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise ReportError(f"report template {template}: {type(error).__name__}: {error}") from None



def w3c(instant: datetime.datetime) -> str:
    return instant.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class AttachedFile:
    name: str
    content: bytes
    description: str
    relationship: str = "Data"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def render_pdf(html: str, attachments: Sequence[AttachedFile], instant: datetime.datetime, identifier: str,
               fetcher: BundledOnlyFetcher | None = None) -> Rendered:
    """Lay out and write the PDF/A-3b with its attachments; the same input gives the same bytes."""
    fetcher = fetcher or BundledOnlyFetcher()
    naive = instant.astimezone(datetime.UTC).replace(tzinfo=None)
    files = [weasyprint.Attachment(file_obj=io.BytesIO(a.content), name=a.name, description=a.description,
                                   created=naive, modified=naive, relationship=a.relationship, url_fetcher=fetcher)
             for a in attachments]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-attachments") as pool:
        packed = [(a.content, pool.submit(zlib.compress, a.content, ATTACHMENT_LEVEL)) for a in attachments]
        try:
            document = weasyprint.HTML(string=html, base_url=TEMPLATE_DIR.as_uri() + "/", url_fetcher=fetcher).render()
            pdf = document.write_pdf(pdf_variant="pdf/a-3b", attachments=files,
                                     pdf_identifier=identifier.encode("ascii"), custom_metadata=True,
                                     finisher=lambda _, written: _pack_attachments(written, packed))
        except (ValueError, TypeError, OSError, AssertionError) as error:
            raise ReportError(f"the PDF could not be written: {type(error).__name__}: {error}") from None
    return Rendered(pdf=bytes(pdf), pages=len(document.pages))


def _pack_attachments(pdf: Any, packed: Sequence[tuple[bytes, Future[bytes]]]) -> None:
    """WeasyPrint's finisher: each embedded file's stream gets the bytes compressed beside the layout.

    A stream is replaced only when it holds exactly the content that was compressed; one that does
    not (another WeasyPrint layout) stays as it is, and pydyf compresses it as before.
    """
    for stream in pdf.objects:  # pydyf objects: a Stream has `extra` (its dictionary), `stream` and `compress`
        extra, parts = getattr(stream, "extra", None), getattr(stream, "stream", None)
        if not isinstance(extra, dict) or extra.get("Type") != "/EmbeddedFile" or "Filter" in extra \
                or not isinstance(parts, list) or len(parts) != 1 or stream.compress is not True:
            continue
        content = parts[0]
        for original, compressed in packed:
            if original is content or (len(original) == len(content) and original == content):
                stream.stream = [compressed.result()]
                stream.extra["Filter"] = "/FlateDecode"
                stream.compress = False
                break
