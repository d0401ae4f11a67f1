"""Pages keep a constant number of queries as rows grow (NetBox pins its counts the same way)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def add_rows(world, n):
    for i in range(n):
        fb.rating(world.a, 1 + i % 5, staff=world.a.window_staff if i % 2 else None)
        fb.rating(world.a, 4, station=world.a.station)
        fb.complaint(world.a)
        fb.notice(world.a)


PAGES = [
    ("feedback:rating_list", {}),
    ("feedback:rating_list", {"bad": "on"}),
    ("feedback:rating_list", {"level": "1", "channel": "window_qr", "start": "2000-01-01", "end": "2100-01-01"}),
    ("feedback:rating_list", {"level": "１"}),  # refused with a warning
    ("feedback:overview", {}),
    ("feedback:followup_list", {}),
    ("feedback:followup_list", {"state": "overdue"}),
    ("feedback:complaint_list", {}),
    ("feedback:complaint_list", {"state": "received"}),
    ("feedback:notice_list", {}),
    ("feedback:notice_list", {"state": "pending"}),
    ("feedback:rating_export", {}),
]


@pytest.mark.parametrize("name, query", PAGES)
@pytest.mark.parametrize("role", ["director", "inspector", "admin"])
def test_a_list_page_does_not_grow_its_queries_with_its_rows(login, world, django_assert_max_num_queries, name, query,
                                                            role):
    user = {"director": world.a.director, "inspector": world.a.inspector, "admin": world.admin}[role]
    client = login(user)
    url = reverse(name)
    add_rows(world, 2)
    client.get(url, query)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    add_rows(world, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, query)
    assert response.status_code == 200


def test_the_staff_members_own_rating_list_is_constant_too(login, world, django_assert_max_num_queries):
    client = login(world.a.staff_user)
    add_rows(world, 2)
    client.get(reverse("feedback:rating_list"))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("feedback:rating_list"))
    assert response.status_code == 200 and response.text.count("<tr>") == 1 + 1  # the head and their one rating
    add_rows(world, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("feedback:rating_list"))
    assert response.status_code == 200 and response.text.count("<tr>") == 1 + 7  # only the ratings naming them


def test_the_detail_pages_stay_small(login, world, django_assert_max_num_queries):
    client = login(world.a.director)
    followup, complaint, notice = fb.followup(world.a), fb.complaint(world.a), fb.notice(world.a)
    for name, kwargs in (("feedback:followup_detail", {"followup": followup.pk}),
                         ("feedback:complaint_detail", {"complaint": complaint.pk}),
                         ("feedback:notice_detail", {"notice": notice.pk})):
        client.get(reverse(name, kwargs=kwargs))
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
