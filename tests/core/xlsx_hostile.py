"""Generators of hostile .xlsx workbooks for the bounded-import tests (issue #12 item 3).

Each writes the zip parts directly with :mod:`zipfile`, streaming the big part in chunks (never openpyxl, never the
whole part in memory), so a workbook of millions of rows is made in a few seconds and little memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
HEADER = ["人员编号", "姓名", "日期", "细则编号", "次数"]


def _parts(sheets: int, shared: bool, first: str = "表1") -> dict[str, str]:
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_CT}"/>'
                        for i in range(1, sheets + 1))
    if shared:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.sharedStrings+xml"/>')
    sheet_rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, sheets + 1))
    if shared:
        sheet_rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    sheet_list = "".join(f'<sheet name="{first if i == 1 else f"表{i}"}" sheetId="{i}" r:id="rId{i}"/>'
                         for i in range(1, sheets + 1))
    return {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>'),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                        '</Relationships>'),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                            f"<sheets>{sheet_list}</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                                       f"{sheet_rels}</Relationships>"),
    }


def _header_row() -> str:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'


def _write(path: Path, parts: dict[str, str], streamed: dict[str, Iterable[str]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, chunks in streamed.items():
            with archive.open(name, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk.encode())
    return path


def _sheet(rows: Iterable[str]) -> Iterable[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
    yield _header_row()
    yield from rows
    yield "</sheetData></worksheet>"


def many_rows(path: Path, rows: int = 3_000_000) -> Path:
    """One sheet of ``rows`` data rows (3 million by default: ~1.7 MB compressed, over 100 MB of sheet XML)."""

    def body():
        chunk = 20_000
        for start in range(2, rows + 2, chunk):
            # rows without "r" (optional in the format); a value repeating within deflate's window except every
            # 25th row: about 0.57 bytes a row compressed, like a sheet padded with copied-down rows
            yield "".join(f"<row><c><v>{r if r % 25 == 0 else r % 977}</v></c></row>"
                          for r in range(start, min(start + chunk, rows + 2)))

    return _write(path, _parts(1, shared=False), {"xl/worksheets/sheet1.xml": _sheet(body())})


def huge_shared_strings(path: Path, strings: int = 1_000_000) -> Path:
    """A small sheet whose shared-strings table holds ``strings`` entries (~830 KB compressed, 18 MB inflated)."""

    def table():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{strings}" uniqueCount="{strings}">'
        chunk = 20_000
        for start in range(0, strings, chunk):
            yield "".join(f"<si><t>{i if i % 13 == 0 else i % 977}</t></si>"
                          for i in range(start, min(start + chunk, strings)))
        yield "</sst>"

    sheet = _sheet(['<row r="2"><c r="A2" t="s"><v>0</v></c></row>'])
    return _write(path, _parts(1, shared=True), {"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": table()})


def zip_bomb(path: Path, megabytes: int = 30) -> Path:
    """A sheet padded with ``megabytes`` MB of spaces: a few hundred KB compressed, a ratio of about 1,000."""

    def body():
        block = " " * (1024 * 1024)
        for _ in range(megabytes):
            yield block

    return _write(path, _parts(1, shared=False), {"xl/worksheets/sheet1.xml": _sheet(body())})


def many_sheets(path: Path, sheets: int = 200) -> Path:
    parts = _parts(sheets, shared=False)
    for i in range(1, sheets + 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = "".join(_sheet([]))
    return _write(path, parts, {})


def malformed_sheet(path: Path, title: str = "表1", dimension: bool = True) -> Path:
    """A header row, then a row whose XML is cut off in the middle of a cell (the sheet named ``title``). With its
    ``<dimension>`` openpyxl opens the sheet and fails while reading rows; without, already when it opens it."""
    parts = _parts(1, shared=False, first=title)
    size = '<dimension ref="A1:E2"/>' if dimension else ""
    parts["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{size}<sheetData>{_header_row()}'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>张三</t></is')
    return _write(path, parts, {})


def rows_workbook(path: Path, rows: int) -> Path:
    """A well-formed sheet of ``rows`` small data rows (to pass the zip checks and meet the row limit)."""
    return many_rows(path, rows)
