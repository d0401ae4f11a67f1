"""The staff member's own page: this month as it stands, every event with its rule text, trend, grade, flags."""

from __future__ import annotations

import json
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.assets import external_loads
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


def page(person, period=None):
    url = reverse("staff_scoring:staff_page", kwargs={"staff": person.pk})
    return url + (f"?period={period}" if period else "")


def test_a_staff_member_sees_their_month_with_each_event_its_rule_text_and_why(scored_world, login):
    a = scored_world.a
    event(a.window_staff, "1", "2025-10-09", occurrences=2, note="迟到两次")
    event(a.window_staff, "B7", "2025-10-10", level="province")
    response = login(a.staff_user).get(page(a.window_staff, "2025-10"))
    assert response.status_code == 200
    assert response.context["current"].score == D(98)
    text = response.content.decode()
    assert "迟到、早退。" in text  # the rule's text from the scheme
    assert "细则1：3分/次 × 2次 = 6分" in text  # why, from the engine
    assert "提出建设性意见并被采纳" in text
    assert "称职" in text


def test_a_staff_member_gets_404_for_anyone_elses_page(scored_world, login):
    a = scored_world.a
    colleague = factories.staff(centre_=a.centre, window_=a.window, name="同事")
    client = login(a.staff_user)
    assert client.get(page(colleague)).status_code == 404
    assert client.get(page(a.station_staff)).status_code == 404
    assert client.get(page(scored_world.b.window_staff)).status_code == 404
    assert client.get(page(a.window_staff)).status_code == 200


def test_the_director_and_the_inspector_read_a_page_of_their_area(scored_world, login):
    a = scored_world.a
    event(a.station_staff, "1", "2025-10-09", note="代办材料未按时送达")
    for reader in (a.director, a.inspector):
        response = login(reader).get(page(a.station_staff, "2025-10"))
        assert response.status_code == 200
        text = response.content.decode()
        assert a.station_staff.name in text and a.station.name in text  # the agent's own page, with their event
        assert "代办材料未按时送达" in text and a.window_staff.name not in text
    assert login(scored_world.b.director).get(page(a.station_staff)).status_code == 404


def test_the_trend_chart_has_twelve_months_and_uses_the_local_chartjs(scored_world, login):
    a = scored_world.a
    event(a.window_staff, "28", "2025-03-03")
    response = login(a.staff_user).get(page(a.window_staff, "2025-12"))
    text = response.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in text and external_loads(text) == []
    chart = json.loads(text.split('<script id="trend-data" type="application/json">')[1].split("</script>")[0])
    assert len(chart["labels"]) == 12 and chart["labels"][0] == "2025年1月"
    assert chart["scores"][2] == 97.0


def test_the_yearly_flags_are_shown_in_every_month_of_the_year(scored_world, login):
    a = scored_world.a
    event(a.window_staff, "11", "2025-11-03", note="泄露服务对象信息")
    text = login(a.director).get(page(a.window_staff, "2025-02")).content.decode()
    assert "取消年度评优资格" in text and "移交纪委" in text


def test_a_revoked_event_is_listed_struck_through_and_does_not_count(scored_world, login):
    from staff_scoring import services

    a = scored_world.a
    late = event(a.window_staff, "1", "2025-10-09")
    services.revoke_event(late, actor=a.director, reason="考勤机故障")
    response = login(a.staff_user).get(page(a.window_staff, "2025-10"))
    assert response.context["current"].score == D(100)
    assert "已撤销，不计分" in response.content.decode()


def test_the_home_page_shows_this_month_as_it_stands(scored_world, login):
    a = scored_world.a
    event(a.window_staff, "1", timezone.localdate())
    text = login(a.staff_user).get(reverse("home")).content.decode()
    assert 'id="my-scores"' in text and ">97 <" in text.replace("\n", "")


# --- lines credited to another month (D16), texts as readers see them, the trend row on a phone --------------------


def events_table(text: str) -> str:
    return text.split('id="events"')[1].split("</table>")[0]


@pytest.mark.parametrize("reader", ["staff_user", "director"])
def test_an_award_credited_to_december_is_listed_in_december_and_marked_in_its_own_month(scored_world, login, reader):
    a = scored_world.a
    award = event(a.window_staff, "B4", "2025-10-22", level="city", note="获市政务服务管理局表彰")
    event(a.window_staff, "1", "2025-12-04", note="迟到")
    client = login(getattr(a, reader))

    december = client.get(page(a.window_staff, "2025-12"))
    assert december.context["current"].bonus == D(12)
    table = events_table(december.content.decode())
    assert "2025-10-22" in table and "获市政务服务管理局表彰" in table and "+12" in table
    assert "10月22日记录，按规定计入12月" in table
    assert [e.pk for e in december.context["events"]][-1] == award.pk  # listed where it counts: 31 December

    october = client.get(page(a.window_staff, "2025-10"))
    assert october.context["current"].bonus == D(0)
    table = events_table(october.content.decode())
    assert "2025-10-22" in table and "计入12月，本月不计" in table and "+12" not in table

    quarter = events_table(client.get(page(a.window_staff, "2025-Q4")).content.decode())
    assert "+12" in quarter and "按规定计入" not in quarter and "本月不计" not in quarter
    november = events_table(client.get(page(a.window_staff, "2025-11")).content.decode())
    assert "2025-10-22" not in november


def test_the_staff_page_shows_no_decision_numbers_and_the_scheme_by_its_title(scored_world, login):
    a = scored_world.a
    event(a.window_staff, "B4", "2025-10-22", level="city")
    text = login(a.staff_user).get(page(a.window_staff, "2025-12")).content.decode()
    assert "计入 2025年12月" in text
    assert "（D16）" not in text and not re.search(r"\bD16\b", text)
    assert "第1版" in text and "baolin-window-staff" not in text
    text = login(a.staff_user).get(page(a.window_staff, "2025-10")).content.decode()
    assert "计入 12 月" in text and not re.search(r"\bD16\b", text)  # \b: not inside a random CSRF token


def test_the_event_page_names_the_scheme_says_where_an_award_counts_and_hides_the_code(scored_world, login):
    a = scored_world.a
    award = event(a.window_staff, "B4", "2025-10-22", level="city", actor=a.director)
    url = reverse("staff_scoring:event_detail", kwargs={"event": award.pk})
    text = login(a.staff_user).get(url).content.decode()
    assert "按规定计入12月，记录当月不计" in text and "?period=2025-12" in text
    assert "第1版" in text and "baolin-window-staff" not in text
    assert a.director.display_name in text  # 记录人
    assert "细则：B4" in text and "类型：加分" in text and "staff_id" not in text  # the history, in Chinese
    assert "baolin-window-staff" in login(scored_world.admin).get(url).content.decode()
    ordinary = event(a.window_staff, "1", "2025-10-09")
    text = login(a.staff_user).get(reverse("staff_scoring:event_detail", kwargs={"event": ordinary.pk})).content.decode()
    assert "按规定计入" not in text


def test_the_twelve_months_wrap_on_a_phone(scored_world, login):
    """Six months a row on a phone, twelve from the md breakpoint: the row never runs off the screen."""
    a = scored_world.a
    text = login(a.staff_user).get(page(a.window_staff, "2025-12")).content.decode()
    row = text.split('id="trend-months"')[0].rsplit("<div", 1)[1] + text.split('id="trend-months"')[1]
    assert 'class="row' in row.split(">")[0]
    assert row.count('class="col-2 col-md-1') == 12
