"""The red-flag pages: record, revoke, publish, settings; bad input answers in Chinese, never a 500; a constant
number of queries as windows grow."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from redflags import services
from redflags.models import EventStatus, MonthPublication, WindowEvent
from tests.feedback import factories as feedback
from tests.redflags.factories import declare, record, windows

pytestmark = pytest.mark.django_db


def month_url(world, name="centre_month", year=2025, month=10):
    return reverse(f"redflags:{name}", kwargs={"centre": world.a.centre.pk, "year": year, "month": month})


def test_the_director_records_an_event_and_sees_it_in_the_windows_month(world, scheme, login):
    client = login(world.a.director)
    url = reverse("redflags:event_create", kwargs={"centre": world.a.centre.pk})
    page = client.get(url + f"?window={world.a.window.pk}").content.decode()
    assert "网络管理（10分）" in page and "4.1" in page and "10.差" not in page
    response = client.post(url, {"window": world.a.window.pk, "date": "2025-10-09", "rule": "1.3", "points": "2.5",
                                 "occurrences": "1", "note": "签收不到位"})
    assert response.status_code == 302
    assert response["Location"] == reverse("redflags:window_month", kwargs={"window": world.a.window.pk,
                                                                            "year": 2025, "month": 10})
    detail = client.get(response["Location"]).content.decode()
    assert "17.5" in detail and "签收不到位" in detail and "97.5" in detail
    ranking = client.get(month_url(world)).content.decode()
    assert "97.5" in ranking and "rank-data" in ranking and "chart.umd.min.js" in ranking


@pytest.mark.parametrize("data, message", [
    ({"rule": "1.3", "points": "7"}, "细则1.3每次扣 1—5 分，填写的是 7"),
    ({"rule": "1.3", "points": "0.1"}, "细则1.3每次扣 1—5 分，填写的是 0.1"),  # not 「分值应大于 0」 (a float min)
    ({"rule": "1.3", "points": "0"}, "分值应大于 0"),
    ({"rule": "1.3", "points": "abc"}, "分值应为数字"),
    ({"rule": "1.3", "points": "1.25"}, "分值最多保留 1 位小数"),
    ({"rule": "1.3", "points": ""}, "请填写本次分值"),
    ({"rule": "4.1", "points": "2"}, "不用填写分值"),
    ({"rule": "10.差"}, "请选择窗口月考核方案中的细则"),
    ({"rule": "nope"}, "请选择窗口月考核方案中的细则"),
    ({"date": "2025-13-45"}, "日期格式应为 年-月-日"),
    ({"date": "2099-01-01"}, "日期不能晚于今天"),
    ({"window": "999999"}, "请选择本中心的窗口"),
    ({"occurrences": "0"}, "次数至少为 1"),
    ({"occurrences": "x"}, "次数应为整数"),
    ({"note": ""}, "请填写情况说明"),
])
def test_bad_input_on_the_record_page_answers_in_chinese(world, scheme, login, data, message):
    client = login(world.a.director)
    base = {"window": world.a.window.pk, "date": "2025-10-09", "rule": "1.3", "points": "2", "occurrences": "1",
            "note": "x"}
    response = client.post(reverse("redflags:event_create", kwargs={"centre": world.a.centre.pk}), {**base, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WindowEvent.objects.exists()


def test_another_centres_window_cannot_be_picked(world, scheme, login):
    response = login(world.a.director).post(reverse("redflags:event_create", kwargs={"centre": world.a.centre.pk}), {
        "window": world.b.window.pk, "date": "2025-10-09", "rule": "1.3", "points": "2", "occurrences": "1",
        "note": "x"})
    assert "请选择本中心的窗口" in response.content.decode()


@pytest.mark.parametrize("url", [
    "/redflags/centres/{c}/2025/13/", "/redflags/centres/{c}/2025/0/", "/redflags/centres/{c}/1999/5/",
    "/redflags/centres/{c}/3000/", "/redflags/windows/{w}/2025/13/", "/redflags/centres/{c}/2025/10/report.doc",
    "/redflags/windows/{w}/2025/14/declare/", "/redflags/centres/999999/2025/10/",
])
def test_months_and_objects_that_do_not_exist_answer_404(world, scheme, login, url):
    response = login(world.a.director).get(url.format(c=world.a.centre.pk, w=world.a.window.pk))
    assert response.status_code == 404


def test_odd_query_strings_never_break_a_page(world, scheme, login):
    client = login(world.a.director)
    response = client.get(month_url(world) + "?month=2025-99")
    assert response.status_code == 200 and "月份格式应为 年-月" in response.content.decode()
    assert client.get(month_url(world) + "?month=2025-03").status_code == 302
    assert client.get(reverse("redflags:event_create", kwargs={"centre": world.a.centre.pk}) + "?window=x").status_code == 200
    assert client.get(reverse("redflags:notice_list") + "?year=abc&level=zz&status=qq&page=-1").status_code == 200
    assert client.get(reverse("redflags:index") + "?month=x").status_code == 302  # the director goes to the centre
    admin = login(world.admin)
    response = admin.get(reverse("redflags:index") + "?month=abc&page=abc")
    assert response.status_code == 200 and "月份格式应为 年-月" in response.content.decode()


def test_without_a_published_scheme_the_pages_say_so(world, login):
    client = login(world.a.director)
    for url in (month_url(world), reverse("redflags:event_create", kwargs={"centre": world.a.centre.pk}),
                reverse("redflags:window_month", kwargs={"window": world.a.window.pk, "year": 2025, "month": 10})):
        response = client.get(url)
        assert response.status_code == 200 and "尚未发布窗口月考核方案" in response.content.decode()
    response = client.post(month_url(world, "month_publish"), follow=True)
    assert "尚未发布窗口月考核方案" in response.content.decode()
    report = reverse("redflags:month_report", kwargs={"centre": world.a.centre.pk, "year": 2025, "month": 10,
                                                       "fmt": "doc"})
    response = client.get(report)  # another format is the one 404 of every download, scheme or not
    assert response.status_code == 404 and "不支持的导出格式" in response.content.decode()


def test_publishing_from_the_page_and_the_stale_warning(world, scheme, login):
    client = login(world.a.director)
    windows(world.a.centre, 2)
    record(world.a.window, "2025-10-03", "1.1", 3, actor=world.a.director)
    response = client.post(month_url(world, "month_publish"), follow=True)
    assert "已发布 2025年10月考核结果" in response.content.decode()
    assert "考核结果已于" in response.content.decode()
    record(world.a.window, "2025-10-04", "1.1", 1, actor=world.a.director)
    assert "与已发布结果不一致" in client.get(month_url(world)).content.decode()
    this_month = timezone.localdate()
    response = client.post(month_url(world, "month_publish", this_month.year, this_month.month), follow=True)
    assert "月底后才能发布考核结果" in response.content.decode()
    assert client.get(month_url(world, "month_publish")).status_code == 405


def test_the_director_revokes_an_event_with_a_reason(world, scheme, login):
    event = record(world.a.window, "2025-10-03", "1.1", 3, actor=world.a.director)
    client = login(world.a.director)
    url = reverse("redflags:event_revoke", kwargs={"ledger_event": event.pk})
    assert client.get(url).status_code == 200
    assert "请填写撤销理由" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "录错窗口"}).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.REVOKED and event.revoke_reason == "录错窗口"
    assert client.post(url, {"reason": "again"}).status_code == 302  # already revoked: back to the month


def test_the_red_flag_settings_refuse_bad_numbers(world, scheme, login):
    client = login(world.a.director)
    url = reverse("redflags:policy_edit", kwargs={"centre": world.a.centre.pk})
    response = client.post(url, {"monthly_red_flags": "0", "annual_red_flags": "x"})
    text = response.content.decode()
    assert response.status_code == 200 and "至少 1 个" in text and "请填写整数" in text
    assert client.post(url, {"monthly_red_flags": "5", "annual_red_flags": "3", "revision": "0"}).status_code == 302
    assert world.a.centre.red_flag_policy.monthly_red_flags == 5


def test_two_changes_of_the_red_flag_settings_from_the_same_page_cannot_both_land(world, scheme, login):
    url = reverse("redflags:policy_edit", kwargs={"centre": world.a.centre.pk})
    first, second = login(world.a.director), login(world.admin)
    loaded = first.get(url).context["form"].initial["revision"]
    assert first.post(url, {"monthly_red_flags": "5", "annual_red_flags": "3", "revision": loaded}).status_code == 302
    refused = second.post(url, {"monthly_red_flags": "2", "annual_red_flags": "2", "revision": loaded})
    text = refused.content.decode()
    assert refused.status_code == 409 and "保存未成功：本中心的流动红旗设置已被" in text
    assert 'name="monthly_red_flags" value="5"' in text and 'name="revision" value="1"' in text
    policy = world.a.centre.red_flag_policy
    policy.refresh_from_db()
    assert (policy.monthly_red_flags, policy.annual_red_flags) == (5, 3)
    assert second.post(url, {"monthly_red_flags": "2", "annual_red_flags": "2", "revision": "1"}).status_code == 302


def test_the_year_and_history_pages_show_published_months(world, scheme, login):
    record(world.a.window, "2025-10-03", "1.1", 3, actor=world.a.director)
    windows(world.a.centre, 2)
    services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=10)
    client = login(world.a.inspector)
    text = client.get(reverse("redflags:centre_year", kwargs={"centre": world.a.centre.pk, "year": 2025})).content.decode()
    assert "年度红旗窗口" in text and "year-data" in text
    text = client.get(reverse("redflags:window_year", kwargs={"window": world.a.window.pk, "year": 2025})).content.decode()
    assert "window-data" in text and "末位" in text and "97" in text


# ------------------------------------------------------------------------------------------------ query counts


def populate(world, count: int, start: int):
    """``count`` more windows with events, ratings and an approved declaration each."""
    for window in windows(world.a.centre, count, start=start):
        record(window, "2025-10-03", "1.1", 2, actor=world.a.director)
        record(window, "2025-10-04", "4.1", actor=world.a.director)
        declare(window, 2025, 10, [("A4", 1)], actor=world.a.director, approve=True)
        rating = feedback.rating(world.a, 3, window=window,
                                 at=timezone.make_aware(dt.datetime(2025, 10, 8, 10, 0)))
        assert rating.level == 3


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["centre_month", "centre_year", "month_report_xlsx", "index", "notice_list"])
def test_pages_keep_a_constant_number_of_queries_as_windows_grow(world, scheme, login, page,
                                                                 django_assert_max_num_queries):
    urls = {
        "centre_month": month_url(world),
        "centre_year": reverse("redflags:centre_year", kwargs={"centre": world.a.centre.pk, "year": 2025}),
        "month_report_xlsx": reverse("redflags:month_report", kwargs={"centre": world.a.centre.pk, "year": 2025,
                                                                       "month": 10, "fmt": "xlsx"}),
        "index": reverse("redflags:index"),
        "notice_list": reverse("redflags:notice_list") + "?year=2025",
    }
    client = login(world.admin if page == "index" else world.a.director)
    populate(world, 2, start=2)
    for month in (9, 10):
        services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=month)
    few = queries(client, urls[page])
    # A published month takes no more 附加分: the months are taken back (test setup) before more windows declare.
    MonthPublication.objects.filter(centre=world.a.centre).delete()
    populate(world, 10, start=10)
    for month in (9, 10):
        services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=month)
    with django_assert_max_num_queries(few):
        assert client.get(urls[page]).status_code == 200


@pytest.mark.parametrize("days", [1, 19])
def test_the_window_month_page_needs_few_queries(world, scheme, login, days, django_assert_max_num_queries):
    populate(world, 1, start=2)
    client = login(world.a.director)
    url = reverse("redflags:window_month", kwargs={"window": world.a.window.pk, "year": 2025, "month": 10})
    for day in range(1, days + 1):
        record(world.a.window, dt.date(2025, 10, day), "5.5", Decimal("0.2"), actor=world.a.director,
               note=f"第{day:02d}日未亮证")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert all(f"第{day:02d}日未亮证" in html for day in range(1, days + 1))  # every event's line is on the page


def test_the_centre_page_links_to_its_red_flags(world, scheme, login):
    url = reverse("centers:centre_detail", kwargs={"centre": world.a.centre.pk})
    link = reverse("redflags:centre_home", kwargs={"centre": world.a.centre.pk})
    assert link in login(world.a.director).get(url).content.decode()
    assert link in login(world.a.inspector).get(url).content.decode()
