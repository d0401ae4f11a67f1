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


def _never(*args, **kwargs):
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


def _not_built(*args, **kwargs):
    raise AssertionError("the report was built before its format was checked")


def _report_urls(world, fmt: str) -> list[str]:
    from tests.assessment import factories

    a = world.a
    evaluation = factories.evaluation(a, version=factories.published("baolin-centre"))
    return [
        reverse("assessment:evaluation_sheet", kwargs={"evaluation": evaluation.pk, "fmt": fmt}),
        reverse("centers:roster_export", kwargs={"centre": a.centre.pk, "fmt": fmt}),
        reverse("staff_scoring:report", kwargs={"centre": a.centre.pk, "fmt": fmt}),
        reverse("redflags:month_report", kwargs={"centre": a.centre.pk, "year": 2025, "month": 10, "fmt": fmt}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["doc", "PDF", "xls"])
def test_every_report_url_answers_the_one_404_for_another_format_before_building_anything(world, login, monkeypatch,
                                                                                           fmt):
    """The format is checked first: no report is built (each builder here fails the test if called)."""
    from assessment import reports as assessment_reports
    from staff_scoring import reports as staff_reports

    urls = _report_urls(world, fmt)
    for module, name in [(assessment_reports, "score_sheet"), (staff_reports, "board"), (staff_reports, "annual"),
                         ("centers.views.roster_report", None), ("redflags.views.month_report", None)]:
        if name is None:
            monkeypatch.setattr(module, _not_built)
        else:
            monkeypatch.setattr(module, name, _not_built)
    client = login(world.a.director)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "不支持的导出格式" in response.content.decode(), url


@pytest.mark.django_db
def test_the_red_flag_month_report_of_a_centre_without_a_scheme_is_the_same_404_for_another_format(world, login):
    """Not the "no scheme" page (which a good format still gets): the format is checked before the scheme."""
    client = login(world.a.director)
    kwargs = {"centre": world.a.centre.pk, "year": 2025, "month": 10}
    response = client.get(reverse("redflags:month_report", kwargs={**kwargs, "fmt": "doc"}))
    assert response.status_code == 404 and "不支持的导出格式" in response.content.decode()
    response = client.get(reverse("redflags:month_report", kwargs={**kwargs, "fmt": "xlsx"}))
    assert response.status_code == 200 and "尚未发布窗口月考核方案" in response.content.decode()
