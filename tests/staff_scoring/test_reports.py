"""Monthly and annual reports: rows without rendering, and one real render per format (PDF with signature lines)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from staff_scoring import reports
from tests import factories
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(scored_world):
    a = scored_world.a
    event(a.window_staff, "B5", "2025-03-03", occurrences=5)  # 105 for the year: 优秀
    extra = factories.staff(centre_=a.centre, window_=a.window, name="二号", category="事业单位编制")
    event(extra, "B5", "2025-03-03", occurrences=5)
    event(extra, "11", "2025-06-03")  # −40 and 取消年度评优资格
    event(a.station_staff, "1", "2025-05-05")  # 95 合格
    return scored_world


def test_the_board_rows_carry_score_grade_change_and_flags(year):
    board = reports.board(year.a.centre, "2025-06")
    rows = {row[1]: row for row in board.table_rows()}
    assert rows["二号"][4:10] == [D(40), D(0), D(60), "不合格", D(-40), "取消年度评优资格、移交纪委"]


def test_the_annual_summary_says_who_may_be_excellent_and_counts_grades_by_category(year):
    summary = reports.annual(year.a.centre, 2025)
    rows = {row.staff.name: row for row in summary.rows}
    assert rows[year.a.window_staff.name].eligibility == "可评优秀"
    assert rows["二号"].eligibility.startswith("已取消（细则11")
    assert rows[year.a.station_staff.name].eligibility == "未达优秀分数线"
    assert summary.excellent_count == 1
    assert dict(summary.by_category)["村(社区)代办人"] == [("优秀", 0), ("合格", 1), ("基本合格", 0), ("不合格", 0)]
    assert [q.score for q in rows[year.a.window_staff.name].quarters] == [D(105), D(100), D(100), D(100)]


def test_the_monthly_pdf_is_official_with_signature_lines_and_an_embedded_chinese_font(year, login):
    url = reverse("staff_scoring:report", kwargs={"centre": year.a.centre.pk, "fmt": "pdf"}) + "?period=2025-06"
    response = login(year.a.director).get(url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "工作人员2025年6月考评结果" in text and "中心主任（签字）" in text and "二号" in text
    from tests.centers.test_roster_export import embedded_fonts

    assert any("NotoSansSC" in name.replace("-", "") for name in embedded_fonts(reader))


def test_the_annual_xlsx_has_the_year_and_the_grade_counts(year, login):
    url = reverse("staff_scoring:report", kwargs={"centre": year.a.centre.pk, "fmt": "xlsx"}) + "?period=2025"
    wb = load_workbook(io.BytesIO(login(year.a.inspector).get(url).content), read_only=True)
    assert wb.sheetnames == ["2025年度", "等次统计"]
    header = next(wb["2025年度"].iter_rows(max_row=1, values_only=True))
    assert "评优资格" in header and "年度等次" in header


def test_the_annual_page_explains_why_quarters_of_90_to_100_make_a_year_of_基本合格(scored_world, login):
    a = scored_world.a
    for day in ("2025-02-03", "2025-05-05", "2025-08-04", "2025-11-03"):
        event(a.station_staff, "1", day)  # 附件4 rule 1, −5 each: every quarter 95, the year 100 − 20 = 80
    row = next(r for r in reports.annual(a.centre, 2025).rows if r.staff == a.station_staff)
    assert [q.score for q in row.quarters] == [D(95)] * 4
    assert (row.year.score, row.year.grade) == (D(80), "基本合格")
    page = login(a.director).get(reverse("staff_scoring:annual", kwargs={"centre": a.centre.pk}),
                                 {"year": "2025"}).content.decode()
    assert 'id="year-rule"' in page and "不是四个季度的平均" in page and "全年累计的扣分" in page
    assert '<a href="#year-rule" class="annual-grade"' in page and ">基本合格</a>" in page


def _pdf_lines(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.splitlines()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_the_pdf_prints_points_in_one_format_and_never_breaks_a_name(year, login, tmp_path):
    """QA: "79" beside "79.0", "4.0" beside "1"; 「江雷 / 燕」 across two lines of the annual table."""
    a = year.a
    jiang = factories.staff(centre_=a.centre, window_=a.window, name="江雷燕", category="事业单位编制")
    event(jiang, "B6a", "2025-06-03")
    event(jiang, "B6a", "2025-06-04")  # 0.5 + 0.5: a bonus of 1.0
    event(jiang, "1", "2025-06-05", occurrences=7)
    event(jiang, "11", "2025-06-06")
    event(jiang, "12", "2025-06-07", aggravated=True, points=30)
    event(jiang, "22", "2025-06-08")
    event(jiang, "22", "2025-06-09")  # flags enough to crowd the annual table's last columns
    client = login(a.director)
    url = reverse("staff_scoring:report", kwargs={"centre": a.centre.pk, "fmt": "pdf"})
    month = _pdf_lines(client.get(url, {"period": "2025-06"}).content, tmp_path)
    row = " ".join(next(line for line in month if "江雷燕" in line).split())
    assert "综合受理 111 1 -10 不合格 −110" in row, row  # deductions, bonus, score, grade, change
    year_lines = _pdf_lines(client.get(url, {"period": "2025"}).content, tmp_path)
    row = " ".join(next((line for line in year_lines if "江雷燕" in line), "").split())
    # The row's number is its place in the table: staff of the same category are ordered by name, which each
    # database collates its own way, so only "a number, then the whole name" is asserted.
    assert re.match(r"\d+ 江雷燕 ", row) and " 100 -10 100 100 111 1 -10 不合格" in row, "\n".join(year_lines)
    for lines in (month, year_lines):
        assert not [line for line in lines if re.search(r"\d\.0(?!\d)", line)], "\n".join(lines)
        assert not [line for line in lines if line.strip() in ("燕", "格")], "\n".join(lines)
