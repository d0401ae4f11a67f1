"""A month not over is not ranked for the red flag (QA: 2027/1 and 2099/1 showed all six windows as 红旗 under
「前 3 位评为“红旗”窗口」, every one at 100). A month is assessed and published after its end (上虞细则 一1; the publish
service refuses before): a month not started shows no ranking, the month under way its scores so far with no red flag
and no last place, each saying why; the same on the window's month, the 通报 and (for the annual red flag) the year."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from redflags import services
from redflags.reports import month_report
from redflags.selectors import CURRENT, ENDED, FUTURE, month_page, month_status, next_month, year_page
from tests.redflags.factories import record, windows

pytestmark = pytest.mark.django_db


@pytest.fixture
def six(world, scheme):
    """Centre A with six windows and three red flags a month."""
    services.policy_update(actor=world.a.director, centre=world.a.centre, monthly_red_flags=3, annual_red_flags=2)
    return [world.a.window, *windows(world.a.centre, 5)]


def month_url(world, year, month, name="centre_month"):
    return reverse(f"redflags:{name}", kwargs={"centre": world.a.centre.pk, "year": year, "month": month})


def test_a_month_not_started_shows_no_ranking(world, six, login):
    client = login(world.a.director)
    today = timezone.localdate()
    for year, month in ((2099, 1), (2027, 1), next_month(today.year, today.month)):
        text = client.get(month_url(world, year, month)).text
        assert "该月尚未开始，暂无排名" in text, (year, month)
        assert "text-bg-danger" not in text and "table-danger" not in text and "rank-data" not in text
        assert "无（窗口得分相同或不足两个窗口）" not in text and "审定并发布考核结果" not in text
        window = client.get(reverse("redflags:window_month", kwargs={"window": six[1].pk, "year": year,
                                                                     "month": month})).text
        assert "该月尚未开始，暂无考核结果和排名" in window and "可参评红旗窗口" not in window
        report = month_report(world.a.centre, year, month)
        assert report.rows == [] and report.red_flag_windows == [] and report.last_windows == []
        assert report.unranked_reason == "该月尚未开始，暂无排名"
        assert "该月尚未开始，暂无排名" in report.sheets()[0].header[0][0]
        pdf = render_to_string("redflags/month_report_pdf.html", report.context())
        assert "该月尚未开始，暂无排名" in pdf and "“红旗”窗口" not in pdf


def test_the_month_under_way_shows_its_scores_so_far_and_no_red_flag(world, six, login):
    today = timezone.localdate()
    record(six[0], today, "1.1", 2, actor=world.a.director)
    record(six[1], today, "1.1", 1, actor=world.a.director)  # 98, 99 and four windows at 100
    text = login(world.a.director).get(month_url(world, today.year, today.month)).text
    assert "本月尚未结束，暂不评定红旗窗口和排名末位" in text and "月底后评定" in text
    assert "text-bg-danger" not in text and "table-danger" not in text and "table-secondary" not in text
    assert "98" in text and "rank-data" in text  # the scores so far, and their chart
    window = login(world.a.director).get(reverse("redflags:window_month", kwargs={
        "window": six[0].pk, "year": today.year, "month": today.month})).text
    assert "本月尚未结束：以下为截至目前的计算结果" in window
    report = month_report(world.a.centre, today.year, today.month)
    assert len(report.rows) == 6 and report.red_flag_windows == [] and report.last_windows == []
    assert all(row.remark == "" for row in report.rows)
    pdf = render_to_string("redflags/month_report_pdf.html", report.context())
    assert "本月尚未结束，月底后审定发布时评定红旗窗口和排名末位" in pdf and "“红旗”窗口" not in pdf


def test_only_a_month_that_is_over_is_ranked(world, six):
    record(six[0], "2025-10-03", "1.1", 2, actor=world.a.director)
    record(six[1], "2025-10-03", "1.1", 1, actor=world.a.director)
    assert [month_status(2025, 10, dt.date(*d)) for d in ((2025, 9, 30), (2025, 10, 1), (2025, 10, 31),
                                                         (2025, 11, 1))] == [FUTURE, CURRENT, CURRENT, ENDED]
    for today, flags, last in (((2025, 9, 30), 0, 0), ((2025, 10, 31), 0, 0), ((2025, 11, 1), 4, 1)):
        page = month_page(world.a.centre, 2025, 10, today=dt.date(*today))
        assert (len(page.red_flag_rows), len(page.last_rows)) == (flags, last), today
    page = month_page(world.a.centre, 2025, 10, today=dt.date(2025, 11, 1))
    assert [r.window for r in page.last_rows] == [six[0]]  # 98; the four at 100 share the three red flags


def test_the_annual_red_flag_waits_for_the_year_to_end(world, six, login):
    record(six[0], "2025-10-03", "1.1", 2, actor=world.a.director)
    services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=10)
    assert sum(r["placing"].red_flag for r in year_page(world.a.centre, 2025, today=dt.date(2026, 1, 1)).rows) == 5
    under_way = year_page(world.a.centre, 2025, today=dt.date(2025, 12, 31))
    assert under_way.under_way and not any(r["placing"].red_flag for r in under_way.rows)
    assert [r["placing"].rank for r in under_way.rows] == [1, 1, 1, 1, 1, 6]  # the standing stays
    client = login(world.a.director)
    url = reverse("redflags:centre_year", kwargs={"centre": world.a.centre.pk, "year": 2099})
    assert "该年度尚未开始，暂无排名" in client.get(url).text
    today = timezone.localdate()
    url = reverse("redflags:centre_year", kwargs={"centre": world.a.centre.pk, "year": today.year})
    assert "本年度尚未结束，暂不评定年度红旗窗口" in client.get(url).text
