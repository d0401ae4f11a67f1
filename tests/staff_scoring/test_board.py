"""The director's board: every staff member with score, grade, change, flags and appeals; constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from centers.choices import StaffCategory
from centers.models import Staff
from staff_scoring.models import StaffEvent
from staff_scoring.schemes import published_staff_versions, version_in_force
from tests.staff_scoring.factories import appeal, event

pytestmark = pytest.mark.django_db


def board_url(world, period="2025-10"):
    return reverse("staff_scoring:board", kwargs={"centre": world.a.centre.pk}) + f"?period={period}"


def test_the_director_sees_every_staff_member_with_score_grade_change_and_flags(scored_world, login):
    a = scored_world.a
    event(a.window_staff, "1", "2025-09-10")  # September 97
    event(a.window_staff, "22", "2025-10-10")
    event(a.window_staff, "22", "2025-10-20")  # October 80, 取消年度评优资格
    event(a.station_staff, "B5", "2025-10-11", occurrences=2)
    response = login(a.director).get(board_url(scored_world))
    assert response.status_code == 200
    rows = {row.staff.name: row for row in response.context["board"].rows}
    assert set(rows) == {a.window_staff.name, a.station_staff.name}
    w = rows[a.window_staff.name]
    assert (w.current.score, w.current.grade, w.change) == (D(80), "基本称职", D(-17))
    assert w.current.flag_texts == ("取消年度评优资格",)
    s = rows[a.station_staff.name]
    assert (s.current.score, s.current.grade, s.change) == (D(102), "优秀", D(2))
    text = response.content.decode()
    assert "取消年度评优资格" in text and "基本称职" in text
    assert "<span class=\"score-down\">−17</span>" in text and "<span class=\"score-up\">+2</span>" in text


def test_the_board_export_prints_the_change_the_way_the_page_does(scored_world, login):
    import io

    from openpyxl import load_workbook

    a = scored_world.a
    event(a.window_staff, "1", "2025-09-10")
    event(a.window_staff, "22", "2025-10-10")
    event(a.station_staff, "B5", "2025-10-11", occurrences=2)
    url = reverse("staff_scoring:report", kwargs={"centre": a.centre.pk, "fmt": "xlsx"}) + "?period=2025-10"
    sheet = load_workbook(io.BytesIO(login(a.director).get(url).content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("较上期")
    cells = {row[1].value: row[column] for row in sheet.iter_rows(min_row=2)}
    window, station = cells[a.window_staff.name], cells[a.station_staff.name]
    assert station.value == 2 and window.value < 0  # numbers stay numbers
    assert window.number_format == station.number_format == '+General;"−"General;0'


def test_appeals_waiting_are_marked_red_on_the_board(scored_world, login):
    a = scored_world.a
    target = event(a.window_staff, "1", "2025-10-10")
    appeal(target, by=a.staff_user, reason="当天请假")
    response = login(a.director).get(board_url(scored_world))
    row = next(r for r in response.context["board"].rows if r.staff == a.window_staff)
    assert row.appeals == 1
    assert 'class="table-danger"' in response.content.decode()


@pytest.mark.parametrize("period", ["2025-10", "2025-Q4", "2025-H2", "2025"])
def test_the_period_switcher_scores_month_quarter_half_and_year(scored_world, login, period):
    a = scored_world.a
    event(a.window_staff, "1", "2025-07-01")
    event(a.window_staff, "1", "2025-10-01")
    response = login(a.director).get(board_url(scored_world, period))
    row = next(r for r in response.context["board"].rows if r.staff == a.window_staff)
    expected = {"2025-10": 97, "2025-Q4": 97, "2025-H2": 94, "2025": 94}[period]
    assert row.current.score == expected
    assert response.context["period"].label == period


def test_a_bad_period_falls_back_to_this_month_with_a_message(scored_world, login):
    response = login(scored_world.a.director).get(board_url(scored_world, "2025-13"))
    assert response.status_code == 200
    assert response.context["period"].label == timezone.localdate().strftime("%Y-%m")
    assert "月份应在" in response.content.decode()


def test_inspectors_read_the_boards_of_their_county_only(scored_world, login):
    client = login(scored_world.a.inspector)
    assert client.get(board_url(scored_world)).status_code == 200
    other = reverse("staff_scoring:board", kwargs={"centre": scored_world.b.centre.pk})
    assert client.get(other).status_code == 404
    assert "记录扣分加分" not in client.get(board_url(scored_world)).content.decode()


def test_staff_and_the_other_director_get_404(scored_world, login):
    assert login(scored_world.a.staff_user).get(board_url(scored_world)).status_code == 404
    assert login(scored_world.b.director).get(board_url(scored_world)).status_code == 404


def _crowd(centre, window, n: int) -> None:
    """``n`` extra staff at the centre, each with a plain and a windowed event in October 2025 (bulk inserts)."""
    people = Staff.objects.bulk_create([
        Staff(name=f"人员{i:03d}", category=StaffCategory.INSTITUTION if i % 2 else StaffCategory.TEMPORARY,
              centre=centre, window=window)
        for i in range(n)
    ])
    version = version_in_force(published_staff_versions(), "centre", dt.date(2025, 10, 31))
    now = timezone.now()
    rows = []
    for i, person in enumerate(people):
        rows.append(StaffEvent(staff=person, scheme_version=version, rule="1", kind="deduction",
                               date=dt.date(2025, 10, 1 + i % 28), occurrences=1 + i % 3, recorded_at=now))
        rows.append(StaffEvent(staff=person, scheme_version=version, rule="B7", kind="bonus", level="centre",
                               date=dt.date(2025, 9 + i % 2, 2), recorded_at=now))
    StaffEvent.objects.bulk_create(rows)


@pytest.mark.parametrize("extra", [5, 500])
def test_the_board_keeps_a_constant_number_of_queries_for_5_or_500_staff(
        scored_world, login, django_assert_max_num_queries, extra):
    a = scored_world.a
    _crowd(a.centre, a.window, extra)
    target = event(a.window_staff, "1", "2025-10-10")
    appeal(target, by=a.staff_user)
    client = login(a.director)
    with django_assert_max_num_queries(14):
        response = client.get(board_url(scored_world))
    assert len(response.context["board"].rows) == extra + 2
    assert all(row.current.score is not None for row in response.context["board"].rows)


def test_the_boards_year_view_reads_the_years_events_once(scored_world, login):
    """A year on the board (a centre's staff, scored by the engine): the year's events come in one read, not a sum
    of the plain rules and then the windowed rules' events again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = scored_world.a
    event(a.window_staff, "1", "2025-03-10")
    event(a.window_staff, "22", "2025-10-10")
    event(a.station_staff, "B5", "2025-06-11", occurrences=2)
    client = login(a.director)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(board_url(scored_world, "2025"))
    assert response.status_code == 200
    year_reads = [q["sql"] for q in queries.captured_queries
                  if 'FROM "staff_scoring_staffevent"' in q["sql"] and "2025-01-01" in q["sql"]]
    assert len(year_reads) == 1, year_reads
    rows = {row.staff.name: row for row in response.context["board"].rows}
    assert rows[a.window_staff.name].current.deductions > 0 and rows[a.station_staff.name].current.bonus > 0


def test_the_annual_summary_reads_the_years_events_once_for_the_year_and_its_quarters(scored_world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = scored_world.a
    event(a.window_staff, "1", "2025-03-10")
    event(a.window_staff, "1", "2025-11-10")
    url = reverse("staff_scoring:annual", kwargs={"centre": a.centre.pk}) + "?year=2025"
    with CaptureQueriesContext(connection) as queries:
        response = login(a.director).get(url)
    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "staff_scoring_staffevent"' in q["sql"]]
    assert len(reads) == 1, reads
    row = next(r for r in response.context["summary"].rows if r.staff == a.window_staff)
    assert [q.deductions > 0 for q in row.quarters] == [True, False, False, True]
