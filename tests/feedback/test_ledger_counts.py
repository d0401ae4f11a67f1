"""What the window ledger (D18) and the satisfaction rate (D10) read from ratings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.models import vote_of
from feedback.selectors import RatingCounts, rating_counts, rating_counts_by, window_month_counts
from tests import factories
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def test_the_five_levels_read_as_shangyu_votes():
    assert [vote_of(level) for level in (5, 4, 3, 2, 1)] == ["优良", "优良", "一般", "差", "差"]


def test_the_ledger_gets_per_window_and_month_the_fair_and_the_verified_bad(world):
    c = world.a
    second = factories.window(c.centre, number=2, name="社会保障")
    for level in (5, 4, 3, 3):
        fb.rating(c, level, at=at(2025, 10, 8))
    verified = fb.rating(c, 2, at=at(2025, 10, 9)).followup
    services.followup_move(followup=verified, action="verify", actor=c.director)
    fb.rating(c, 1, at=at(2025, 10, 10))                     # still being verified
    invalid = fb.rating(c, 1, at=at(2025, 10, 11)).followup
    services.followup_move(followup=invalid, action="dispute", actor=c.director, note="非本窗口业务")
    services.followup_move(followup=invalid, action="uphold", actor=c.inspector, note="同意")
    fb.rating(c, 3, at=at(2025, 11, 1))                      # next month
    fb.rating(c, 3, window=second, at=at(2025, 10, 20))
    counts = window_month_counts(2025, 10, [c.window.pk, second.pk, world.b.window.pk])
    mine = counts[c.window.pk]
    assert (mine.total, mine.good, mine.fair, mine.bad, mine.bad_verified, mine.bad_pending, mine.bad_invalid) == (
        7, 2, 2, 3, 1, 1, 1)
    assert counts[second.pk].fair == 1 and counts[second.pk].bad_verified == 0
    assert counts[world.b.window.pk] == RatingCounts()


def test_the_month_is_the_local_month_in_china(world):
    fb.rating(world.a, 3, at=dt.datetime(2025, 10, 31, 16, 30, tzinfo=dt.UTC))  # 11-01 00:30 in Beijing
    assert world.a.window.pk not in window_month_counts(2025, 10)
    assert window_month_counts(2025, 11)[world.a.window.pk].fair == 1


def test_a_bad_rating_stays_counted_through_call_back_and_rectification(world):
    f = fb.followup(world.a, at=at(2025, 10, 8))
    today = timezone.localdate()
    for action, data in (("verify", {}), ("callback", {"on": today, "note": "已回访"}),
                         ("rectify", {"on": today, "note": "已整改"})):
        f = services.followup_move(followup=f, action=action, actor=world.a.director, **data)
        assert window_month_counts(2025, 10)[world.a.window.pk].bad_verified == 1


@pytest.mark.parametrize("levels, rate", [
    ((5, 5, 4, 3), Decimal("1.0000")),
    ((5, 4, 3, 2), Decimal("0.7500")),
    ((1, 2, 5), Decimal("0.3333")),
    ((), None),
])
def test_the_satisfaction_rate_is_one_minus_bad_over_all(world, levels, rate):
    for level in levels:
        fb.rating(world.a, level, at=at(2025, 10, 8))
    counts = rating_counts(start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 31), window=world.a.window)
    assert counts.satisfaction_rate == rate


def test_a_bad_rating_ruled_invalid_on_appeal_leaves_the_rate(world):
    for level in (5, 5, 5):
        fb.rating(world.a, level, at=at(2025, 10, 8))
    f = fb.rating(world.a, 1, at=at(2025, 10, 8)).followup
    period = {"start": dt.date(2025, 10, 1), "end": dt.date(2025, 10, 31), "centre": world.a.centre}
    assert rating_counts(**period).satisfaction_percent == "75.00%"
    services.followup_move(followup=f, action="dispute", actor=world.a.director, note="恶意差评")
    services.followup_move(followup=f, action="uphold", actor=world.admin, note="同意")
    assert rating_counts(**period).satisfaction_rate == Decimal("1.0000")


def test_rates_per_window_centre_station_and_staff_come_in_one_query(world, django_assert_num_queries):
    fb.rating(world.a, 5, at=at(2025, 10, 8), staff=world.a.window_staff)
    fb.rating(world.a, 2, at=at(2025, 10, 8), station=world.a.station)
    fb.rating(world.b, 4, at=at(2025, 10, 8))
    period = {"start": dt.date(2025, 10, 1), "end": dt.date(2025, 10, 31)}
    with django_assert_num_queries(1):
        by_centre = rating_counts_by("centre", **period)
    assert by_centre[world.a.centre.pk].total == 2 and by_centre[world.b.centre.pk].total == 1
    assert rating_counts_by("station", **period)[world.a.station.pk].bad == 1
    assert rating_counts_by("staff", **period)[world.a.window_staff.pk].good == 1


def test_the_overview_shows_each_window_and_station_with_its_rate(login, world):
    fb.rating(world.a, 5)
    fb.rating(world.a, 1)
    response = login(world.a.director).get(reverse("feedback:overview"))
    assert response.status_code == 200
    assert "50.00%" in response.text and world.a.station.name in response.text
    assert world.b.centre.name not in response.text
    bad_month = login(world.a.director).get(reverse("feedback:overview"), {"month": "2025-13"})
    assert bad_month.status_code == 200 and "月份格式应为" in bad_month.text
