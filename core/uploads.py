"""Bounds on every upload, checked before the file is parsed (issue #12 item 3).

An .xlsx workbook is a zip of XML parts. openpyxl reads the shared-strings table whole into memory and a sheet as
long as it has rows, so a small hostile file (a zip bomb, a shared-strings table of millions of entries, a sheet of
millions of rows) could take minutes and gigabytes before any row is checked. :func:`check_xlsx` opens the zip with
:mod:`zipfile` and looks only at its directory and a few small parts: the number of entries, each entry's declared
size and compression ratio, the total, the number of sheets (``xl/workbook.xml``) and the size of the shared strings.
zipfile never inflates an entry past its declared size, so the declared sizes bound what reading can cost.
Row counts are bounded while streaming (``core.xlsx.read_xlsx_rows(max_rows=…)``), which stops at the limit.

YAML/JSON fixtures are bounded in ``scoring.common.parse_fixture_text`` (size, depth, nodes), which stays pure.
Every refusal is an ``UploadRefused`` (a ``ValueError``) with a Chinese message saying why.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from typing import Any

from django.utils.translation import gettext

MB = 1024 * 1024
MAX_XLSX_BYTES = 5 * MB  # the upload itself
MAX_ENTRIES = 500  # parts in the zip (a workbook of a few sheets has ~15)
MAX_ENTRY_BYTES = 40 * MB  # one part, inflated
MAX_TOTAL_BYTES = 60 * MB  # all parts, inflated
MAX_RATIO = 100  # inflated / compressed for a part above RATIO_FROM (real sheets: 5–30)
RATIO_FROM = 1 * MB
MAX_SHEETS = 20
MAX_SHARED_STRINGS_BYTES = 8 * MB  # inflated xl/sharedStrings.xml (openpyxl keeps it all in memory)
MAX_WORKBOOK_XML_BYTES = 1 * MB
MAX_ROWS = 10_000  # rows read from one sheet before refusing (imports take at most a few thousand)

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b")


class UploadRefused(ValueError):
    """An upload refused before parsing; ``str()`` is the Chinese reason."""


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def file_size(file: Any) -> int | None:
    """The size in bytes of a path, bytes, an UploadedFile or a seekable file object (None if unknown)."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        return len(file)
    if isinstance(file, (str, os.PathLike)):
        return os.path.getsize(file)
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    if hasattr(file, "seek") and hasattr(file, "tell"):
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
        return size
    return None


def too_big_text(limit: int) -> str:
    """The one refusal of an upload over ``limit`` bytes at a form (stored files and files to be read alike)."""
    return gettext("文件过大：不超过 %(value)s MB") % {"value": f"{limit / MB:g}"}


def check_size(file: Any, limit: int, what: str = "文件") -> None:
    size = file_size(file)
    if size is not None and size > limit:
        raise UploadRefused(gettext("%(what)s过大（%(size)s），不能超过 %(limit)s") % {"what": what, "size": _mb(size), "limit": _mb(limit)})


def check_xlsx(file: Any) -> None:
    """Refuse a workbook whose size or structure is beyond the bounds above; accept anything else (a file that is
    not a zip is left to the reader, which says it is no .xlsx). Leaves a file object at position 0."""
    check_size(file, MAX_XLSX_BYTES, "Excel 文件")
    source: Any
    if isinstance(file, (bytes, bytearray, memoryview)):
        source = io.BytesIO(bytes(file))
    elif isinstance(file, (str, os.PathLike)):
        source = os.fspath(file)
    else:
        source = file
        source.seek(0)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip: the reader refuses it with its own message
    try:
        _check_archive(archive)
    finally:
        archive.close()
        if hasattr(source, "seek"):
            source.seek(0)


def _check_archive(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UploadRefused(gettext("Excel 文件内部结构异常（含 %(count)s 个部件，正常的工作簿不超过 %(MAX_ENTRIES)s 个），已拒绝") % {"count": len(entries), "MAX_ENTRIES": MAX_ENTRIES})
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > MAX_ENTRY_BYTES:
            raise UploadRefused(gettext("Excel 文件解压后过大（其中“%(filename)s”达 %(size)s，上限 %(limit)s），请删除多余的行、列或工作表后重新上传") % {"filename": entry.filename[:60], "size": _mb(entry.file_size), "limit": _mb(MAX_ENTRY_BYTES)})
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise UploadRefused(gettext("Excel 文件压缩比异常（“%(filename)s”压缩了 %(ratio)s 倍），疑似恶意文件，已拒绝") % {"filename": entry.filename[:60], "ratio": entry.file_size // max(entry.compress_size, 1)})
    if total > MAX_TOTAL_BYTES:
        raise UploadRefused(gettext("Excel 文件解压后过大（共 %(size)s，上限 %(limit)s），请删除多余的行、列或工作表后重新上传") % {"size": _mb(total), "limit": _mb(MAX_TOTAL_BYTES)})
    names = {entry.filename.lower(): entry for entry in entries}
    shared = names.get("xl/sharedstrings.xml")
    if shared is not None and shared.file_size > MAX_SHARED_STRINGS_BYTES:
        raise UploadRefused(gettext("Excel 文件中的文字表（共享字符串）过大（%(size)s，上限 %(limit)s），请删除多余的内容后重新上传") % {"size": _mb(shared.file_size), "limit": _mb(MAX_SHARED_STRINGS_BYTES)})
    workbook = names.get("xl/workbook.xml")
    if workbook is not None:
        if workbook.file_size > MAX_WORKBOOK_XML_BYTES:
            raise UploadRefused(gettext("Excel 文件的工作簿目录过大，不是正常的工作簿，已拒绝"))
        try:
            sheets = len(_SHEET_TAG.findall(archive.read(workbook)))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error):
            raise UploadRefused(gettext("Excel 文件已损坏，无法读取其工作簿目录，请重新保存后上传")) from None
        if sheets > MAX_SHEETS:
            raise UploadRefused(gettext("Excel 文件的工作表过多（%(sheets)s 个，上限 %(MAX_SHEETS)s 个），请删除多余的工作表") % {"sheets": sheets, "MAX_SHEETS": MAX_SHEETS})
