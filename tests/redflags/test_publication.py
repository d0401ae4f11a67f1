"""Publishing a centre's month: ranking, red flags for the top N skipping disqualified windows, last-place notices
over a year of months, the annual red flag with its exclusions (上虞细则 一、考核方法)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.audit import history
from redflags import services
from redflags.models import LastPlaceNotice, MonthResult, NoticeLevel, NoticeStatus
from redflags.selectors import year_page
from tests.redflags.factories import record, windows

pytestmark = pytest.mark.django_db
YEAR = 2025


def deduct(window, month, points, actor, rule="1.1"):
    """Take ``points`` (1—5 each) from a window in a month of 2025."""
    left = Decimal(str(points))
    day = 3
    while left > 0:
        step = min(left, Decimal(5))
        record(window, dt.date(YEAR, month, day), rule, step, actor=actor)
        left -= step
        day += 1


def publish(world, month):
    return services.month_publish(actor=world.a.director, centre=world.a.centre, year=YEAR, month=month)


@pytest.fixture
def ten(world, scheme):
    """Ten windows in centre A: the factory's window 1 and windows 2–10."""
    return [world.a.window, *windows(world.a.centre, 9)]


def test_the_top_eight_get_the_red_flag_skipping_a_disqualified_window(world, ten):
    director = world.a.director
    for i, window in enumerate(ten[1:], start=1):
        deduct(window, 3, i, director)  # window k loses k-1 points
    record(ten[0], "2025-03-10", "S6", actor=director)  # the best would be 100, now 90 and barred
    publication = publish(world, 3)
    results = {r.window_id: r for r in publication.results.all()}
    flagged = [w for w in ten if results[w.pk].red_flag]
    assert flagged == ten[1:9]  # windows 2–9: the barred one is skipped, the ninth moves up
    assert not results[ten[0].pk].eligible and not results[ten[0].pk].red_flag
    assert results[ten[0].pk].score == Decimal(90)
    assert [w for w in ten if results[w.pk].last] == [ten[0]]  # 90 is below 91 (window 10)


def test_the_number_of_red_flags_is_set_per_centre(world, ten):
    services.policy_update(actor=world.a.director, centre=world.a.centre, monthly_red_flags=3, annual_red_flags=1)
    for i, window in enumerate(ten):
        deduct(window, 4, i + 1, world.a.director)
    publication = publish(world, 4)
    assert publication.red_flags == 3
    assert publication.results.filter(red_flag=True).count() == 3


def test_a_month_not_yet_over_cannot_be_published(world, scheme):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.month_publish(actor=world.a.director, centre=world.a.centre, year=today.year, month=today.month)
    assert "尚未结束，月底后才能发布考核结果" in exc.value.messages[0]


def test_publishing_is_audited_and_publishing_again_replaces_the_month(world, ten):
    deduct(ten[2], 5, 3, world.a.director)
    first = publish(world, 5)
    assert first.results.get(window=ten[2]).last
    deduct(ten[3], 5, 4, world.a.director)
    again = publish(world, 5)
    assert again.pk == first.pk and again.results.count() == len(ten)
    assert again.results.get(window=ten[3]).last and not again.results.get(window=ten[2]).last
    assert [e.action for e in history(again)] == ["重新发布窗口月度考核结果", "发布窗口月度考核结果"]


# Which window (index in ``ten``) is last in each month of 2025; None: all equal (no last place).
SEASON = {1: 9, 2: 9, 3: 9, 4: 5, 5: 5, 6: None, 7: 5, 8: 9, 9: 5, 10: 4, 11: 0, 12: 0}


def test_a_year_of_published_months_makes_the_notices_of_the_streak_rules(world, ten, login):
    services.policy_update(actor=world.a.director, centre=world.a.centre, monthly_red_flags=8, annual_red_flags=6)
    for month, last in SEASON.items():
        if last is not None:
            deduct(ten[last], month, 2, world.a.director)
    for month in SEASON:
        publish(world, month)
    notices = [(n.window_id, n.month, n.level) for n in
               LastPlaceNotice.objects.filter(centre=world.a.centre, status=NoticeStatus.ACTIVE).order_by("month")]
    internal, department = NoticeLevel.INTERNAL, NoticeLevel.DEPARTMENT
    assert notices == [
        (ten[9].pk, 2, internal), (ten[9].pk, 3, department),  # 2 in a row, then 3 in a row
        (ten[5].pk, 5, internal), (ten[5].pk, 7, internal),  # 2 in a row, then 3 in the year
        (ten[9].pk, 8, department),  # 4th in the year
        (ten[5].pk, 9, department),  # 4th in the year
        (ten[0].pk, 12, internal),  # 2 in a row
    ]
    # the director and the county see them; the other county does not
    for user in (world.a.director, world.a.inspector):
        text = login(user).get(reverse("redflags:notice_list") + "?year=2025").content.decode()
        assert str(ten[9]) in text and "向派驻部门通报并追责" in text
    text = login(world.b.director).get(reverse("redflags:notice_list") + "?year=2025").content.decode()
    assert "没有末位通报" in text

    page = year_page(world.a.centre, YEAR)
    annual = {row["window"].pk: row["placing"] for row in page.rows}
    assert annual[ten[9].pk].excluded and annual[ten[5].pk].excluded and annual[ten[0].pk].excluded
    assert not annual[ten[4].pk].excluded  # last once (October)
    flagged = {pk for pk, a in annual.items() if a.red_flag}
    # open: windows 2, 3, 4, 7, 8, 9 (average 100) and 5 (last once): the six best get it
    assert flagged == {w.pk for w in ten[1:9] if w not in (ten[4], ten[5])}


def test_a_correction_withdraws_a_notice_no_longer_called_for(world, ten):
    deduct(ten[1], 1, 2, world.a.director)
    wrong = record(ten[1], "2025-02-05", "1.2", 2, actor=world.a.director)
    publish(world, 1)
    publish(world, 2)
    notice = LastPlaceNotice.objects.get(window=ten[1], month=2)
    assert notice.is_active and notice.level == NoticeLevel.INTERNAL
    services.event_revoke(actor=world.a.director, event=wrong, reason="复核不属实")
    publish(world, 2)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    assert "撤回末位通报" in [e.action for e in history(notice)]


def test_a_severe_item_in_the_year_bars_the_annual_red_flag(world, ten):
    record(ten[3], "2025-06-12", "S7", actor=world.a.director)
    for month in (5, 6, 7):
        publish(world, month)
    annual = {row["window"].pk: row["placing"] for row in year_page(world.a.centre, YEAR).rows}
    assert annual[ten[3].pk].barred_months == (6,) and not annual[ten[3].pk].red_flag
    assert "6月有取消评先资格的情形" in annual[ten[3].pk].excluded[0]


def test_a_severe_item_in_a_month_never_published_still_bars_the_year(world, ten):
    record(ten[3], "2025-08-12", "S1", actor=world.a.director)
    publish(world, 5)
    annual = {row["window"].pk: row["placing"] for row in year_page(world.a.centre, YEAR).rows}
    assert annual[ten[3].pk].excluded and not annual[ten[3].pk].red_flag


def test_published_results_keep_the_category_scores(world, ten):
    record(ten[0], "2025-09-03", "4.1", actor=world.a.director)
    record(ten[0], "2025-09-04", "4.1", actor=world.a.director)
    publish(world, 9)
    result = MonthResult.objects.get(window=ten[0], publication__month=9)
    network = next(c for c in result.categories if c["code"] == "4")
    assert network == {"code": "4", "title": "网络管理", "score": "8.5", "max": "10"}
    assert result.score == Decimal("98.5")
