"""Streaming XLSX export and import helpers (openpyxl; lxml makes them ~20% faster).

Export: ``write_xlsx(sheets) -> bytes`` or ``stream_xlsx(sheets, fileobj)``. Workbooks are
written with openpyxl's write-only mode, so rows are consumed one at a time from any iterable
(a generator, a queryset ``.iterator()``, ...) and memory stays flat: 200,000 rows × 12
columns need about 30 MB. Each ``Sheet`` has a title, one or more header rows, the rows and
optional column widths (in Excel character units).

Cell values:

* ``Decimal`` → a number, with the number format of its own precision (``Decimal("12.5")`` →
  ``0.0``, ``Decimal("3.25")`` → ``0.00``, ``Decimal("7")`` → ``0``) unless the sheet gives
  ``number_formats`` for the column;
* ``date`` → a date cell formatted ``yyyy-mm-dd``; ``datetime`` → ``yyyy-mm-dd hh:mm``
  (an aware datetime is written as its wall-clock time: pass ``timezone.localtime(dt)``);
* ``int``/``float``/``bool`` as such; ``None`` → empty cell;
* ``str`` → text, never a formula (a name such as ``=1+1`` stays text), with XML-illegal
  control characters removed; anything else → ``str(value)``.

Import: ``read_xlsx_rows(file)`` yields ``(row_number, {header: value})`` for the data rows of
an uploaded workbook (openpyxl read-only mode), and raises ``XlsxError`` with a Chinese message
for anything that is not a readable .xlsx file.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, BinaryIO

__all__ = ["Sheet", "XlsxError", "write_xlsx", "stream_xlsx", "read_xlsx_rows"]

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
_ILLEGAL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    """One worksheet.

    ``header`` is one header row (a list of labels) or several (a list of lists).
    ``rows`` is any iterable of row sequences; it is consumed once, lazily.
    ``widths`` are column widths in Excel character units (``None`` entries keep the default);
    when omitted, widths are guessed from the last header row.
    ``number_formats`` optionally forces an Excel number format per column (e.g. ``"0.00"``).
    ``preamble`` rows come before the header (a title block: subject, year, date), written like data rows, so a
    number stays a number and a date a date; the header below them is styled and frozen as usual.
    """

    title: str
    header: Sequence[Any] = ()
    rows: Iterable[Sequence[Any]] = ()
    widths: Sequence[float | None] | None = None
    number_formats: Sequence[str | None] | None = None
    freeze_header: bool = True
    preamble: Sequence[Sequence[Any]] = ()
    _header_rows: list[Sequence[Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        header = list(self.header or ())
        if header and all(isinstance(h, (list, tuple)) for h in header):
            self._header_rows = [list(h) for h in header]
        else:
            self._header_rows = [header] if header else []


class XlsxError(ValueError):
    """An uploaded file that cannot be read as an .xlsx workbook (message in Chinese)."""


# ---------------------------------------------------------------------------------- export


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _decimal_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * places if places else "0"


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_TITLE_BAD.sub("_", title or "Sheet").strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def stream_xlsx(sheets: Iterable[Sheet], fileobj: BinaryIO | str | os.PathLike) -> None:
    """Write the sheets as an .xlsx workbook to a binary file object or a path."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EDF3")
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin", color="999999")
    header_border = Border(left=thin, right=thin, top=thin, bottom=thin)
    used_titles: set[str] = set()
    styles: dict[str, Any] = {}

    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.title, used_titles))
        header_rows = sheet._header_rows

        # Column widths must be set before the first row is written.
        widths = list(sheet.widths or [])
        if not widths and header_rows:
            widths = [min(max(_display_width(str(h or "")) + 2, 8), 50) for h in header_rows[-1]]
        for idx, width in enumerate(widths, start=1):
            if width:
                ws.column_dimensions[get_column_letter(idx)].width = width
        top = len(sheet.preamble)
        if sheet.freeze_header and header_rows:
            ws.freeze_panes = f"A{top + len(header_rows) + 1}"
            ws.print_title_rows = f"{top + 1}:{top + len(header_rows)}"

        formats = list(sheet.number_formats or [])

        def formatted(value: Any, fmt: str, _ws=ws, styles=styles) -> Cell:
            # One StyleArray per number format, shared by the cells that use it (much cheaper
            # than setting cell.number_format on every cell).
            style = styles.get(fmt)
            if style is None:
                proto = WriteOnlyCell(_ws)
                proto.number_format = fmt
                style = styles[fmt] = proto._style
            return Cell(_ws, row=1, column=1, value=value, style_array=style)

        def data_row(row: Sequence[Any], _ws=ws, formats=formats) -> list[Any]:
            out = []
            for idx, value in enumerate(row):
                # Fast path, most cells of a large export: text that is neither a formula nor holds a character
                # outside printable Unicode (str.isprintable is one C call; the regex below is the exact test).
                if type(value) is str and value[:1] != "=" and value.isprintable():
                    out.append(value)
                elif value is None or isinstance(value, bool):
                    out.append(value)
                elif isinstance(value, str):
                    if value[:1] == "=" or _ILLEGAL_CHARS.search(value):
                        cell = WriteOnlyCell(_ws, value=_ILLEGAL_CHARS.sub("", value))
                        cell.data_type = "s"  # text, not a formula
                        out.append(cell)
                    else:
                        out.append(value)
                else:
                    fmt = formats[idx] if idx < len(formats) else None
                    if isinstance(value, Decimal):
                        if value.is_finite():
                            out.append(formatted(value, fmt or _decimal_format(value)))
                        else:
                            out.append(str(value))
                    elif isinstance(value, (int, float)):
                        out.append(formatted(value, fmt) if fmt else value)
                    elif isinstance(value, datetime):
                        out.append(formatted(value.replace(tzinfo=None), fmt or DATETIME_FORMAT))
                    elif isinstance(value, date):
                        out.append(formatted(value, fmt or DATE_FORMAT))
                    elif isinstance(value, time):
                        out.append(formatted(value.replace(tzinfo=None), fmt or TIME_FORMAT))
                    else:
                        out.append(_ILLEGAL_CHARS.sub("", str(value)))
            return out

        for row in sheet.preamble:
            ws.append(data_row(row))

        for header in header_rows:
            cells = []
            for label in header:
                cell = WriteOnlyCell(ws, value=_ILLEGAL_CHARS.sub("", str(label)) if label is not None else None)
                if cell.data_type == "f":
                    cell.data_type = "s"
                cell.font, cell.fill, cell.alignment, cell.border = (
                    header_font,
                    header_fill,
                    header_align,
                    header_border,
                )
                cells.append(cell)
            ws.append(cells)

        for row in sheet.rows:
            ws.append(data_row(row))

    if not wb.worksheets:
        wb.create_sheet("Sheet")
    wb.save(fileobj)


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """Return the sheets as the bytes of an .xlsx workbook."""
    buffer = io.BytesIO()
    stream_xlsx(sheets, buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------- import

NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 格式后重新上传。"
OLD_XLS = "不支持旧版 Excel 97-2003 格式（.xls），请用 Excel 或 WPS 另存为 .xlsx 格式后重新上传。"


def _open_source(file: Any) -> Any:
    """Accept a path, bytes or a binary file object (e.g. a Django UploadedFile)."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(file))
    if isinstance(file, (str, os.PathLike)):
        return os.fspath(file)
    if hasattr(file, "seek"):
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass
    return file


def _head(source: Any) -> bytes:
    if isinstance(source, str):
        with open(source, "rb") as fh:
            return fh.read(8)
    head = source.read(8)
    source.seek(0)
    return head if isinstance(head, bytes) else b""


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


# What reading a damaged or hand-made workbook can raise inside openpyxl/lxml/zipfile while rows are streamed.
READ_ERRORS = (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError, AttributeError,
               OverflowError, EOFError, RuntimeError, NotImplementedError, zlib.error, SyntaxError)  # lxml and ElementTree parse errors are SyntaxErrors
DAMAGED = "Excel 工作簿已损坏或内容格式不正确（{where}），请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。"


def read_xlsx_rows(
    file: Any,
    *,
    sheet: str | int | None = None,
    header_row: int = 1,
    max_rows: int | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row_number, {header: value})`` for each non-blank row below the header row.

    ``file`` is a path, bytes or a binary file object (a Django ``UploadedFile`` works).
    ``sheet`` picks a worksheet by name or 0-based index (default: the first one).
    ``row_number`` is the row as Excel shows it (for error messages such as "第 5 行…").
    Header labels and string values are stripped, and empty strings become ``None``;
    columns without a header are ignored. Dates come back as ``datetime``, numbers as
    ``int``/``float`` (openpyxl's types). Raises ``XlsxError`` (Chinese message) when the file
    is not a readable .xlsx workbook, the sheet does not exist, or the header row is
    empty or has duplicate labels.

    The file is first checked by ``core.uploads.check_xlsx`` (size, zip entries, compression ratio, sheets, shared
    strings); reading stops with ``XlsxError`` at the first row past ``max_rows`` (default
    ``core.uploads.MAX_ROWS``) counted from the header, so a sheet of millions of rows costs no more than the limit.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from core.uploads import MAX_ROWS, UploadRefused, check_xlsx

    limit = MAX_ROWS if max_rows is None else max_rows
    try:
        check_xlsx(file)
    except UploadRefused as exc:
        raise XlsxError(str(exc)) from None
    source = _open_source(file)
    try:
        head = _head(source)
    except OSError as exc:
        raise XlsxError(NOT_XLSX) from exc
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise XlsxError(OLD_XLS)
    if not head.startswith(b"PK"):
        raise XlsxError(NOT_XLSX)
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except SyntaxError as exc:  # openpyxl looks through each sheet for its size when it opens the workbook
        raise XlsxError(DAMAGED.format(where="工作表内容不是完整的 XML")) from exc
    except (InvalidFileException, *READ_ERRORS) as exc:
        raise XlsxError(NOT_XLSX) from exc

    row_number = header_row
    try:
        if sheet is None:
            ws = wb.worksheets[0] if wb.worksheets else None
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet] if 0 <= sheet < len(wb.worksheets) else None
        else:
            ws = wb[sheet] if sheet in wb.sheetnames else None
        if ws is None:
            raise XlsxError(f"工作簿中找不到工作表“{sheet if sheet is not None else 1}”。")
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some writers record a wrong sheet size

        rows = ws.iter_rows(min_row=header_row, values_only=True)
        try:
            header_values = next(rows)
        except StopIteration:
            raise XlsxError(f"第 {header_row} 行（表头）为空。") from None
        columns: list[tuple[int, str]] = []
        seen: set[str] = set()
        for idx, label in enumerate(header_values):
            label = _clean(label)
            if label is None:
                continue
            label = str(label)
            if label in seen:
                raise XlsxError(f"表头“{label}”重复出现，请保证每一列的表头唯一。")
            seen.add(label)
            columns.append((idx, label))
        if not columns:
            raise XlsxError(f"第 {header_row} 行（表头）为空。")

        for offset, values in enumerate(rows, start=1):
            row_number = header_row + offset
            if offset > limit:
                raise XlsxError(f"工作表超过 {limit} 行，请删除多余的行或分批导入。")
            record = {label: _clean(values[idx]) if idx < len(values) else None for idx, label in columns}
            if any(v is not None for v in record.values()):
                yield row_number, record
    except READ_ERRORS as exc:
        if isinstance(exc, XlsxError):
            raise
        raise XlsxError(DAMAGED.format(where=f"第 {row_number} 行附近")) from None
    finally:
        wb.close()


def cell_text(value: Any) -> str:
    """A cell read by ``read_xlsx_rows`` as stripped text ("" for empty; a whole float without its ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
