"""D14 on the red-flag pages: directors see their centre's windows, inspectors their county, staff nothing (404)."""

import pytest
from django.urls import reverse

from tests import scopewalk
from tests.redflags.factories import ledger_event_of, record

pytestmark = pytest.mark.django_db


def test_every_red_flag_page_keeps_every_role_inside_its_region(world, scheme):
    routes = [r for r in scopewalk.routes() if r.name.startswith("redflags:")]
    assert len(routes) >= 14
    problems = scopewalk.walk(world, routes)
    assert problems == [], "\n".join(problems)


def test_a_director_sees_the_windows_of_their_own_centre_only(world, scheme, login):
    client = login(world.a.director)
    response = client.get(reverse("redflags:centre_month", kwargs={"centre": world.a.centre.pk, "year": 2025,
                                                                    "month": 10}))
    assert response.status_code == 200
    text = response.content.decode()
    mine, theirs = (reverse("redflags:window_month", kwargs={"window": w.pk, "year": 2025, "month": 10})
                    for w in (world.a.window, world.b.window))
    assert f'href="{mine}"' in text and f'href="{theirs}"' not in text
    assert client.get(reverse("redflags:window_month", kwargs={"window": world.b.window.pk, "year": 2025,
                                                                "month": 10})).status_code == 404


def test_an_inspector_reads_the_county_but_cannot_record(world, scheme, login):
    client = login(world.a.inspector)
    url = reverse("redflags:window_month", kwargs={"window": world.a.window.pk, "year": 2025, "month": 10})
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert world.a.centre.name in text and "红旗记录" in text  # the window's month, read
    create = reverse("redflags:event_create", kwargs={"centre": world.a.centre.pk})
    assert create not in text and "记录考核事件" not in text and "申报附加分" not in text  # nothing offered to record
    assert client.get(create).status_code == 404
    response = client.post(reverse("redflags:month_publish", kwargs={"centre": world.a.centre.pk, "year": 2025,
                                                                      "month": 10}))
    assert response.status_code == 404


def test_staff_see_no_red_flag_page(world, scheme, login):
    client = login(world.a.staff_user)
    for url in [
        reverse("redflags:index"),
        reverse("redflags:centre_month", kwargs={"centre": world.a.centre.pk, "year": 2025, "month": 10}),
        reverse("redflags:window_month", kwargs={"window": world.a.window.pk, "year": 2025, "month": 10}),
        reverse("redflags:notice_list"),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_director_cannot_revoke_another_centres_event(world, scheme, login):
    event = ledger_event_of(world.b)
    client = login(world.a.director)
    response = client.post(reverse("redflags:event_revoke", kwargs={"ledger_event": event.pk}), {"reason": "x"})
    assert response.status_code == 404
    event.refresh_from_db()
    assert event.is_active


def test_the_index_lists_only_the_centres_in_scope(world, scheme, login):
    record(world.b.window, "2025-10-03", "1.1", 2, actor=world.b.director)
    client = login(world.a.inspector)
    text = client.get(reverse("redflags:index") + "?month=2025-10").content.decode()
    assert world.a.centre.name in text and world.b.centre.name not in text
