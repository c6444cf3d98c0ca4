"""A table (header and rows of text) as .xlsx, .ods or .csv bytes: the same bytes for the same table.

Every cell is text, never a formula: xlsx and ods cells are typed as strings, and a CSV cell that a
spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
prefixed with an apostrophe, as spreadsheets themselves do. Characters a spreadsheet cannot hold
(control characters) are written as escapes (`\\x07`); line breaks stay line breaks within the cell.
Zip members carry a fixed date, and the documents' own dates are the run's fixed instant.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from enum import StrEnum
from xml.sax.saxutils import escape, quoteattr

from compliance.errors import printable


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    ODS = "ods"
    CSV = "csv"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMN_WIDTH = 42  # characters; the identification columns are narrower
NARROW_COLUMNS = 5
NARROW_WIDTH = 20
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def clean(value: str) -> str:
    return printable(value, keep="\n")


def render(sheet_format: SheetFormat, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
           instant: datetime.datetime) -> bytes:
    if sheet_format is SheetFormat.CSV:
        return to_csv(headers, rows)
    if sheet_format is SheetFormat.XLSX:
        return to_xlsx(title, headers, rows, instant)
    return to_ods(title, headers, rows, instant)


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in (headers, *rows):
        writer.writerow([_inert(clean(cell)) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], instant: datetime.datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for row_number, row in enumerate((headers, *rows), start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = clean(value)
            cell.data_type = "s"  # text, even when it starts with "=": never a formula
            cell.alignment = wrap
            if row_number == 1:
                cell.font = bold
    for column_number in range(1, len(headers) + 1):
        width = NARROW_WIDTH if column_number <= NARROW_COLUMNS else COLUMN_WIDTH
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    naive = instant.astimezone(datetime.UTC).replace(tzinfo=None)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "compliance"
    workbook.properties.lastModifiedBy = "compliance"
    workbook.properties.title = title
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()  # save() closes the archive
    return _fixed_zip(buffer.getvalue(), instant)


def _zip_date(instant: datetime.datetime) -> tuple[int, int, int, int, int, int]:
    stamp = max(instant.astimezone(datetime.UTC), datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC))
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def _member(name: str, instant: datetime.datetime, compress_type: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A zip member dated `instant` (zip dates are otherwise the local wall-clock time of writing)."""
    member = zipfile.ZipInfo(name, date_time=_zip_date(instant))
    member.compress_type = compress_type
    member.external_attr = 0o600 << 16
    return member


def _fixed_zip(content: bytes, instant: datetime.datetime) -> bytes:
    """The same archive, members in the same order, every one dated `instant`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(_member(info.filename, instant, info.compress_type), source.read(info.filename))
    return buffer.getvalue()


def to_ods(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], instant: datetime.datetime) -> bytes:
    """A minimal OpenDocument spreadsheet (ODF 1.2): mimetype, manifest, meta and content."""
    stamp = instant.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    body = []
    for row_number, row in enumerate((headers, *rows)):
        style = ' table:style-name="header"' if row_number == 0 else ""
        cells = "".join(
            f'<table:table-cell office:value-type="string"{style}>{_paragraphs(clean(value))}</table:table-cell>'
            for value in row)
        body.append(f"<table:table-row>{cells}</table:table-row>")
    columns = "".join(
        f'<table:table-column table:style-name="{"narrow" if number <= NARROW_COLUMNS else "wide"}"/>'
        for number in range(1, len(headers) + 1))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">'
        "<office:automatic-styles>"
        '<style:style style:name="narrow" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{NARROW_WIDTH * 0.2:.1f}cm"/></style:style>'
        '<style:style style:name="wide" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{COLUMN_WIDTH * 0.2:.1f}cm"/></style:style>'
        '<style:style style:name="header" style:family="table-cell">'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
        "</office:automatic-styles>"
        f"<office:body><office:spreadsheet><table:table table:name={quoteattr(clean(title)[:31])}>"
        f"{columns}{''.join(body)}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>'
        f"<meta:generator>compliance</meta:generator><dc:title>{escape(clean(title))}</dc:title>"
        f"<meta:creation-date>{stamp}</meta:creation-date><dc:date>{stamp}</dc:date>"
        "</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype comes first and uncompressed, so that tools can sniff the type (ODF 1.2 part 3, 3.3).
        archive.writestr(_member("mimetype", instant, zipfile.ZIP_STORED), ODS_MIMETYPE)
        for name, text in (("META-INF/manifest.xml", manifest), ("meta.xml", meta), ("content.xml", content)):
            archive.writestr(_member(name, instant), text.encode("utf-8"))
    return buffer.getvalue()


def _paragraphs(value: str) -> str:
    """One <text:p> per line; runs of spaces and tabs kept (ODF collapses bare whitespace)."""
    return "".join(f"<text:p>{_spaces(escape(line))}</text:p>" for line in value.split("\n")) if value else ""


def _spaces(text: str) -> str:
    text = text.replace("\t", "<text:tab/>")
    text = re.sub(r"^ +", lambda match: f'<text:s text:c="{len(match.group(0))}"/>', text)
    return re.sub(r" ( +)", lambda match: f' <text:s text:c="{len(match.group(1))}"/>', text)
