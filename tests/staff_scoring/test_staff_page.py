"""The staff member's own page: this month as it stands, every event with its rule text, trend, grade, flags."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.staff_scoring.helpers import event

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
    assert login(a.director).get(page(a.station_staff)).status_code == 200
    assert login(a.inspector).get(page(a.station_staff)).status_code == 200
    assert login(scored_world.b.director).get(page(a.station_staff)).status_code == 404


def test_the_trend_chart_has_twelve_months_and_uses_the_local_chartjs(scored_world, login):
    a = scored_world.a
    event(a.window_staff, "28", "2025-03-03")
    response = login(a.staff_user).get(page(a.window_staff, "2025-12"))
    text = response.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in text and "cdn" not in text.lower()
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
