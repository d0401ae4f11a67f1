"""The rating form offers the staff on the post, by the same rule as the rest of the application.

The form's target is read by one hand-written statement (feedback/services.py, PLACE_TARGET_SQL) for speed; the
service codes and the staff pages use ``feedback.selectors.window_staff``/``station_staff``. The two must agree: the
staff member who has left the post (``active_to`` set) and one at another window are offered by neither."""

import datetime as dt

import pytest

from feedback import selectors, services, tokens
from tests import factories as f

pytestmark = pytest.mark.django_db


def offered(**place) -> list[int]:
    target = services.rating_target(tokens.scan_token(device_id="device-1", **place), device_id="device-1")
    return [member.pk for member in target.staff_choices]


def test_the_window_form_offers_exactly_the_staff_the_selector_counts_on_post(world):
    c = world.a
    colleague = f.staff(centre_=c.centre, window_=c.window, name="艾在岗")
    left = f.staff(centre_=c.centre, window_=c.window, name="阿离岗", active_to=dt.date(2025, 3, 31))
    elsewhere = f.staff(centre_=c.centre, window_=f.window(c.centre, number=2, name="社保"), name="白别窗")

    on_post = list(selectors.window_staff(c.window).values_list("pk", flat=True))
    assert offered(window_id=c.window.pk) == on_post
    assert set(on_post) == {c.window_staff.pk, colleague.pk}
    assert left.pk not in on_post and elsewhere.pk not in on_post


def test_the_station_form_offers_exactly_the_staff_the_selector_counts_on_post(world):
    c = world.a
    left = f.staff(station_=c.station, name="阿离岗", active_to=dt.date(2025, 3, 31))

    on_post = list(selectors.station_staff(c.station).values_list("pk", flat=True))
    assert offered(station_id=c.station.pk) == on_post == [c.station_staff.pk]
    assert left.pk not in on_post


def test_a_window_whose_staff_all_left_offers_nobody(world):
    c = world.a
    c.window_staff.active_to = dt.date(2025, 3, 31)
    c.window_staff.save(update_fields=["active_to"])
    assert offered(window_id=c.window.pk) == [] == list(selectors.window_staff(c.window))
