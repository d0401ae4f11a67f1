"""Django glue for exports: render a template to PDF, stream sheets to XLSX. Formatting lives in core.pdf/xlsx."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from core.pdf import render_pdf
from core.xlsx import write_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_pdf_bytes(template: str, context: dict, request=None) -> bytes:
    html = render_to_string(template, context, request=request)
    return render_pdf(html, base_url=request.build_absolute_uri("/") if request else None)


def pdf_response(request, template: str, context: dict, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(render_pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def xlsx_response(sheets, filename: str) -> HttpResponse:
    response = HttpResponse(write_xlsx(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
