"""The all-or-nothing XLSX imports filled in from a download template (staff events, trainings and meetings): the
exception that lists every problem, and the reading of the rows that comes before each app checks them.

Kept apart from ``core.xlsx``, which imports without Django (``tests/core/test_pdf.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core.xlsx import XlsxError, read_xlsx_rows


class ImportErrors(ValidationError):
    """Every problem of an import, each naming the row and the column (Chinese). Nothing was saved."""


def written(text: str, *, limit: int = 40) -> str:
    """What a refused cell held, for the end of its message: 填写的是「…」 (at most ``limit`` characters), or 未填写
    for an empty cell (never 「」)."""
    if not text:
        return gettext("未填写")
    return gettext("填写的是「%(text)s」") % {"text": text[:limit]}


def read_import_rows(file: Any, *, max_rows: int, columns: Sequence[str]) -> list[tuple[int, dict[str, Any]]]:
    """The data rows of a workbook filled in from a download template, read whole (``core.xlsx.read_xlsx_rows``).

    Raises ``ImportErrors`` when the file is not a readable workbook, has no data row, or its header lacks one of
    ``columns``.
    """
    try:
        rows = list(read_xlsx_rows(file, max_rows=max_rows))
    except XlsxError as exc:
        raise ImportErrors([str(exc)]) from None
    if not rows:
        raise ImportErrors([gettext("表格中没有数据行（第 1 行是表头，从第 2 行开始填写）")])
    missing = [c for c in columns if c not in rows[0][1]]
    if missing:
        raise ImportErrors([gettext("表头缺少「%(items)s」列：请使用下载的导入模板") % {"items": '」「'.join(missing)}])
    return rows
