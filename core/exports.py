"""Django glue for exports: render a template to PDF, stream sheets to XLSX. Formatting lives in core.pdf/xlsx.

Every download is named ``<unit>-<what>-<period in Chinese>.<ext>`` by ``export_name`` (e.g.
``宝林镇便民服务中心-工作人员考评-2026年12月.pdf``) and sent as an attachment whose ``Content-Disposition`` carries an
ASCII ``filename`` for old clients and the real name as RFC 6266 / RFC 5987 ``filename*`` (``attachment_header``).
"""

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

from core.pdf import render_pdf
from core.xlsx import write_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters no file system or browser accepts in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def zh_date(day: date) -> str:
    """2026-12-07 → "2026年12月7日"."""
    return f"{day.year}年{day.month}月{day.day}日"


def export_name(*parts, ext: str = "") -> str:
    """``export_name("宝林镇便民服务中心", "工作人员考评", "2026年12月", ext="pdf")`` →
    ``宝林镇便民服务中心-工作人员考评-2026年12月.pdf`` (without ``ext``: the name without extension); empty parts are
    left out, characters a file name cannot hold become spaces."""
    cleaned = [" ".join(_UNSAFE.sub(" ", str(p)).split()) for p in parts if p not in (None, "")]
    stem = "-".join(p for p in cleaned if p).strip(". ")[:150] or "导出"
    return f"{stem}.{ext}" if ext else stem


def ascii_fallback(filename: str) -> str:
    """The name for clients that ignore ``filename*``: the ASCII runs of the name (letters, digits, "-", "_"), e.g.
    ``宝林镇便民服务中心-工作人员考评-2026年12月.pdf`` → ``2026-12.pdf``; ``download.pdf`` when nothing is left."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    folded = "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))
    runs = re.findall(r"[A-Za-z0-9_]+", folded)
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)
    return ("-".join(runs) or "download") + (f".{ext}" if ext else "")


def attachment_header(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="2026-12.pdf"; filename*=UTF-8''%E5%AE%9D…`` (RFC 6266 with an ASCII fallback)."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def render_pdf_bytes(template: str, context: dict, request=None) -> bytes:
    html = render_to_string(template, context, request=request)
    return render_pdf(html, base_url=request.build_absolute_uri("/") if request else None)


def pdf_response(request, template: str, context: dict, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(render_pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(filename, inline=inline)
    return response


def xlsx_response(sheets, filename: str) -> HttpResponse:
    response = HttpResponse(write_xlsx(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_header(filename)
    return response


REPORT_FORMATS = ("pdf", "xlsx")


def check_report_format(fmt: str) -> str:
    """``fmt`` if a report can be downloaded in it, else the one 404 of every download. A download view calls it
    first, before it looks anything up or builds the report: a bad format is a 404 whatever else is wrong."""
    if fmt not in REPORT_FORMATS:
        raise Http404(gettext("不支持的导出格式"))
    return fmt


def report_response(request, fmt: str, filename: str, *, template: str, context, sheets) -> HttpResponse:
    """A report's download in the format its URL names: PDF (``template`` rendered with ``context``) or XLSX
    (``sheets``), named ``filename`` plus the extension; any other format is a 404 (``check_report_format``, which
    the view has called before building the report). ``context`` and ``sheets`` may be functions, called only for
    their own format (what only the PDF shows is not worked out for the XLSX)."""
    if check_report_format(fmt) == "pdf":
        return pdf_response(request, template, context() if callable(context) else context, filename + ".pdf")
    return xlsx_response(sheets() if callable(sheets) else sheets, filename + ".xlsx")
