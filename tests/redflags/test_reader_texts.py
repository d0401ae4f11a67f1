"""What the red-flag pages say to their readers: rules by their item number and a Chinese name (never a worded code
such as 9.late), no decision numbers of the specification, the scheme by its title, each centre's own number of red
flags, and whether a user has a window to declare 附加分 for."""

import datetime as dt
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from redflags import services
from redflags.context_processors import nav
from redflags.ledger import current_version, rule_label, with_rule_labels
from redflags.models import RedFlagPolicy
from staff_scoring.schemes import scheme_of
from tests import factories
from tests.feedback import factories as feedback
from tests.redflags.factories import record, windows

pytestmark = pytest.mark.django_db

WORDED = ("9.late", "9.extra", "9.adopted", "4.4.crash", "4.6.spread", "4.6.crash", "10.差", "10.一般")
DECISION = re.compile(r"[（(][^（）()]*\bD\d+[）)]|[（(]D\d+")


def visible(html: str) -> str:
    """The page's text without tags, scripts and attribute values (what a reader sees)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_worded_codes_get_the_item_number_the_section_and_a_chinese_name(scheme):
    rules = scheme_of(scheme)
    assert rule_label(rules, "9.late") == "9 信息管理·迟报"
    assert rule_label(rules, "9.extra") == "9 信息管理·多报信息"  # counted as 附加分, numbered in 信息管理
    assert rule_label(rules, "4.4.crash") == "4.4 网络管理·系统崩溃"
    assert rule_label(rules, "4.6.spread") == "4.6 网络管理·影响其他设备"
    assert rule_label(rules, "10.差") == "10 服务对象评议·差评"
    for code in ("1.3", "4.6", "A4", "S5", "unknown"):
        assert rule_label(rules, code) == code
    assert with_rule_labels("细则9.late：0.5分/次；细则4.6：0.5分/次", rules) == \
        "细则9 信息管理·迟报：0.5分/次；细则4.6：0.5分/次"


def test_the_record_page_offers_rules_by_chinese_names_and_no_decision_numbers(world, scheme, login):
    text = login(world.a.director).get(reverse("redflags:event_create", kwargs={"centre": world.a.centre.pk})).text
    shown = visible(text)
    assert "9 信息管理·迟报" in shown and "4.4 网络管理·系统崩溃" in shown and "4.6 网络管理·影响其他设备" in shown
    assert "9 信息管理·简报录用" in shown and "1.3" in shown
    for code in WORDED:
        assert code not in shown, code
    assert 'value="9.late"' in text  # the form still posts the scheme's code
    assert not DECISION.search(shown), DECISION.search(shown)
    assert "第1版" in shown and "shangyu-window" not in shown


def test_the_windows_month_names_rules_in_chinese_hides_codes_and_decision_numbers(world, scheme, login):
    window = world.a.window
    record(window, "2025-10-03", "9.late", actor=world.a.director, note="月度信息未按时报送")
    record(window, "2025-10-06", "4.6.spread", actor=world.a.director, note="中毒电脑影响邻座")
    record(window, "2025-10-07", "4.6.spread", actor=world.a.director, note="再次发现")  # doubles
    record(window, "2025-10-08", "9.extra", actor=world.a.director, note="多报一篇")
    rating = feedback.rating(world.a, 3, at=timezone.make_aware(dt.datetime(2025, 10, 8, 10, 0)))
    assert rating.level == 3
    url = reverse("redflags:window_month", kwargs={"window": window.pk, "year": 2025, "month": 10})
    shown = visible(login(world.a.director).get(url).text)
    assert "细则9 信息管理·迟报：0.5分/次" in shown
    assert "4.6 网络管理·影响其他设备" in shown and "10 服务对象评议·一般评价" in shown
    for code in WORDED:
        assert code not in shown, code
    assert not DECISION.search(shown), DECISION.search(shown)
    assert "2015年度区便民服务中心窗口服务月考核细则（第1版）" in shown and "shangyu-window" not in shown
    assert "shangyu-window" in visible(login(world.admin).get(url).text)  # the admin also sees the code

    event = record(window, "2025-10-09", "9.late", actor=world.a.director)
    revoke = login(world.a.director).get(reverse("redflags:event_revoke", kwargs={"ledger_event": event.pk}))
    assert "9 信息管理·迟报" in visible(revoke.text) and "9.late" not in visible(revoke.text)


def test_the_centre_month_and_year_pages_have_no_decision_numbers_nor_codes(world, scheme, login):
    windows(world.a.centre, 2)
    record(world.a.window, "2025-10-03", "S5", actor=world.a.director, note="有责投诉")
    services.month_publish(actor=world.a.director, centre=world.a.centre, year=2025, month=10)
    client = login(world.a.director)
    month = visible(client.get(reverse("redflags:centre_month", kwargs={
        "centre": world.a.centre.pk, "year": 2025, "month": 10})).text)
    year = visible(client.get(reverse("redflags:centre_year", kwargs={"centre": world.a.centre.pk, "year": 2025})).text)
    for shown in (month, year):
        assert not DECISION.search(shown), DECISION.search(shown)
        assert "shangyu-window" not in shown
    assert "计分：十类各从满分扣起，扣完为止；" in month and "（第1版）" in month
    assert f"由 {world.a.director.display_name} 审定发布" in month
    assert "取消年度评先资格" in year


def test_the_overview_gives_each_centres_own_number_of_red_flags(world, scheme, login):
    RedFlagPolicy.objects.create(centre=world.a.centre, monthly_red_flags=3, annual_red_flags=2)
    shown = visible(login(world.admin).get(reverse("redflags:index") + "?month=2025-10").text)
    assert "前8位" not in shown and "按各中心设定" in shown
    assert "前 3 位" in shown  # 甲县's setting
    assert "前 8 位" in shown  # 乙县 has none: the default


def as_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def declares(user) -> bool:
    return nav(as_request(user)).get("declares_bonus", False)


def test_only_staff_at_a_window_may_declare_bonus(world, scheme, login):
    station = factories.user("station-agent", Role.STAFF, staff=world.a.station_staff)
    answers = {user.username: declares(user)
               for user in (world.a.staff_user, station, world.a.director, world.admin, world.nobody)}
    assert answers == {world.a.staff_user.username: True, "station-agent": False, world.a.director.username: False,
                       world.admin.username: False, "nobody": False}
    ended = world.a.window_staff
    ended.active_to = timezone.localdate() - dt.timedelta(days=1)
    ended.save()
    world.a.staff_user.refresh_from_db()
    assert declares(world.a.staff_user) is False
    assert "没有对应的在岗窗口" in login(station).get(reverse("redflags:my_window")).text  # the page still says so


def test_the_nav_asks_the_database_once_for_staff_and_never_for_other_roles(world, scheme,
                                                                          django_assert_num_queries):
    staff = type(world.a.staff_user).objects.get(pk=world.a.staff_user.pk)  # its staff record not read yet
    with django_assert_num_queries(1):
        assert nav(as_request(staff)) == {"declares_bonus": True}
    for user in (world.a.director, world.admin, world.a.inspector, world.nobody):
        with django_assert_num_queries(0):
            assert nav(as_request(user)) == {"declares_bonus": False}


def test_the_nav_offers_the_declaration_only_to_staff_at_a_window(world, scheme, client):
    station = factories.user("station-agent", Role.STAFF, staff=world.a.station_staff)
    link = reverse("redflags:my_window")
    client.force_login(world.a.staff_user)
    assert link in client.get("/").text
    client.force_login(station)
    assert link not in client.get("/").text


def test_the_current_scheme_has_every_worded_code_named(scheme):
    rules = scheme_of(current_version(timezone.localdate()))
    for code in rules.rules:
        label = rule_label(rules, code)
        assert not re.search(r"[a-z]", label), (code, label)
