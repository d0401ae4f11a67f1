"""``core.exports.report_response``: the one place the report downloads (score sheet, roster, staff report, red-flag
month report) turn a format into a file: PDF or XLSX, a 404 for anything else, and the other format's data never
worked out."""

from urllib.parse import unquote

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from core.exports import report_response
from core.xlsx import Sheet


def _never():
    raise AssertionError("worked out for the other format")


def test_xlsx_is_built_from_the_sheets_alone():
    response = report_response(RequestFactory().get("/"), "xlsx", "花名册", template="none.html", context=_never,
                               sheets=lambda: [Sheet("表", ["名称", "数"], [["甲", 1]])])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK" and "花名册.xlsx" in unquote(response["Content-Disposition"])


@pytest.mark.parametrize("fmt", ["doc", "PDF", "pdf ", ""])
def test_any_other_format_is_a_404_in_chinese(fmt):
    with pytest.raises(Http404, match="不支持的导出格式"):
        report_response(RequestFactory().get("/"), fmt, "x", template="none.html", context=_never, sheets=_never)


@pytest.mark.django_db
def test_every_report_url_answers_404_for_another_format(world, login):
    a = world.a
    client = login(a.director)
    urls = [
        reverse("centers:roster_export", kwargs={"centre": a.centre.pk, "fmt": "doc"}),
        reverse("staff_scoring:report", kwargs={"centre": a.centre.pk, "fmt": "doc"}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
