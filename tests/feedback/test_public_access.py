"""Anonymous citizens reach the rating pages and the complaint channel, and nothing else of feedback or the calendar."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import scopewalk

pytestmark = pytest.mark.django_db

PUBLIC = {"feedback:rate_window", "feedback:rate_station", "feedback:rate", "feedback:rate_thanks",
          "feedback:complaint_new", "feedback:complaint_receipt", "feedback:complaint_status"}


def test_only_the_rating_and_public_complaint_pages_are_public():
    mine = {r.name: r for r in scopewalk.routes() if r.name.startswith(("feedback:", "workdays:"))}
    assert {name for name, route in mine.items() if route.public} == PUBLIC
    assert len(mine) > len(PUBLIC) + 10


def test_an_anonymous_visitor_is_sent_to_login_everywhere_else(world):
    client = Client()
    visited = 0
    for route in scopewalk.routes():
        if not route.name.startswith(("feedback:", "workdays:")) or route.public:
            continue
        url = reverse(route.name, kwargs={a: scopewalk.ARGUMENTS[a][1](world.a) for a in route.arguments})
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (route.name, method)
        visited += 1
    assert visited > 10  # the walk found the private pages (else it checked nothing)


def test_the_public_pages_answer_an_anonymous_visitor(client, world):
    assert client.get(reverse("feedback:rate_thanks")).status_code == 200
    assert client.get(reverse("feedback:rate_window", kwargs={"window": world.a.window.pk})).status_code == 302
    assert client.get(reverse("feedback:rate_station", kwargs={"station": world.a.station.pk})).status_code == 302
