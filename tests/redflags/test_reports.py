"""The monthly 通报: rows from the published month (or a marked preview), one real PDF and one real XLSX."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from redflags import services
from redflags.reports import month_report
from tests.redflags.factories import record, windows

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(world, scheme):
    """Centre A in October 2025: four windows, one barred by a severe item, one last."""
    extra = windows(world.a.centre, 3)
    director = world.a.director
    record(world.a.window, "2025-10-03", "4.1", actor=director)
    record(world.a.window, "2025-10-09", "4.1", actor=director)  # 网络管理 8.5, total 98.5
    record(extra[0], "2025-10-09", "S5", actor=director)  # 95, barred
    record(extra[1], "2025-10-10", "1.1", 5, actor=director)
    record(extra[1], "2025-10-11", "9.late", actor=director)  # 94.5, last; extra[2]: 100, first
    services.policy_update(actor=director, centre=world.a.centre, monthly_red_flags=2, annual_red_flags=1)
    return [world.a.window, *extra]


def test_the_report_rows_follow_the_published_ranking(world, month):
    services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=10)
    report = month_report(world.a.centre, 2025, 10)
    assert not report.preview
    assert report.header[:3] == ["名次", "窗口", "办件管理（20）"]
    assert report.header[-4:] == ["附加分（5）", "倒扣分", "总分", "备注"]
    table = report.table()
    assert [row[1] for row in table] == [str(month[3]), str(month[0]), str(month[1]), str(month[2])]
    assert [row[0] for row in table] == [1, 2, 3, 4]
    first, second, barred, last = table
    assert first[-2] == Decimal(100) and first[-1] == "流动红旗"
    assert second[-2] == Decimal("98.5") and second[2 + 3] == Decimal("8.5") and second[-1] == "流动红旗"
    assert barred[-3] == Decimal(-5) and barred[-1] == "取消当月和年度评先资格"
    assert last[2] == Decimal(15) and last[2 + 8] == Decimal("4.5") and last[-1] == "排名末位"
    assert report.red_flag_windows == [str(month[3]), str(month[0])]
    assert report.title == f"{world.a.centre.name}2025年10月窗口服务考核情况通报"


def test_before_publication_the_report_is_a_marked_preview(world, month):
    report = month_report(world.a.centre, 2025, 10)
    assert report.preview and report.filename.endswith("-预览")
    assert [row[0] for row in report.table()] == [1, 2, 3, 4]


def test_the_pdf_is_rendered_with_the_chinese_text(world, month, login):
    services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=10)
    response = login(world.a.inspector).get(f"/redflags/centres/{world.a.centre.pk}/2025/10/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert "2025年10月窗口服务考核情况通报" in text
    assert "流动红旗" in text and str(month[3]) in text and "排名末位" in text


def test_the_xlsx_has_the_ranking_and_the_notices(world, month, login):
    services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=10)
    response = login(world.a.director).get(f"/redflags/centres/{world.a.centre.pk}/2025/10/report.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["月度考核"].iter_rows(values_only=True))
    assert "2025年10月窗口服务考核情况通报" in rows[0][0]
    assert rows[1][:3] == ("名次", "窗口", "办件管理（20）")
    assert rows[2][1] == str(month[3]) and rows[2][-2] == 100 and rows[2][-1] == "流动红旗"
    assert [r[0] for r in rows[2:]] == [1, 2, 3, 4]
    assert book["末位通报"].max_row >= 1
