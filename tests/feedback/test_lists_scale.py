"""The ratings, follow-ups and complaints lists at a province's size: paged with a capped count, a centre chosen by
typed search (never a select box of every centre), sorted on indexed columns, 已超期 decided in SQL."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core import paging
from feedback.models import Complaint, FollowUp
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def test_the_centre_search_offers_at_most_twenty_centres_of_the_users_scope(world, login, monkeypatch):
    url = reverse("centers:centre_search")
    own = login(world.a.inspector).get(url, {"q": world.a.centre.name[:2]})
    assert own.status_code == 200
    assert f'value="{world.a.centre.pk}"' in own.text and world.b.centre.name not in own.text
    other = login(world.a.inspector).get(url, {"q": world.b.centre.name})
    assert f'value="{world.b.centre.pk}"' not in other.text and "没有名称含有该文字的中心" in other.text
    monkeypatch.setattr("centers.selectors.SEARCH_LIMIT", 1)
    monkeypatch.setattr("centers.selectors.search_centres.__defaults__", (1,))
    assert login(world.admin).get(url).text.count("<option value=\"") - 1 == 1  # "全部" aside
    for hostile in ("\x00", "x" * 5000, "１２", "%"):
        assert login(world.admin).get(url, {"q": hostile}).status_code == 200


def test_the_rating_list_has_no_select_box_of_every_centre_and_filters_by_a_chosen_one(world, login):
    mine = fb.rating(world.a, 4)
    response = login(world.admin).get(reverse("feedback:rating_list"), {"centre": str(world.a.centre.pk)})
    assert [r.pk for r in response.context["ratings"]] == [mine.pk]
    assert 'hx-get="/centres/search/"' in response.text
    select = response.text.split('name="centre"')[1].split("</select>")[0]
    assert select.count("<option") == 2  # 全部 and the chosen centre, not one per centre
    assert world.b.centre.name not in select


def test_the_follow_up_list_is_paged_sorted_and_finds_the_overdue_in_sql(world, login, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    monkeypatch.setattr(paging.capped_page, "__defaults__", (2, paging.COUNT_CAP))
    today = timezone.localdate()
    late = [fb.followup(world.a) for _ in range(3)]
    FollowUp.objects.filter(pk__in=[f.pk for f in late]).update(received_on=today - dt.timedelta(days=60))
    fresh = fb.followup(world.a)
    client = login(world.a.director)
    first = client.get(reverse("feedback:followup_list"), {"state": "overdue"})
    assert [f.pk for f in first.context["rows"]] == [late[0].pk, late[1].pk] and first.context["page"].has_next()
    assert all(f.overdue for f in first.context["rows"])
    second = client.get(reverse("feedback:followup_list"), {"state": "overdue", "page": "2"})
    assert [f.pk for f in second.context["rows"]] == [late[2].pk]
    newest = client.get(reverse("feedback:followup_list"), {"state": "open", "sort": "-received_on"})
    assert newest.context["rows"][0].pk == fresh.pk


def test_the_complaint_list_finds_overdue_complaints_by_their_own_limit(world, login):
    today = timezone.localdate()
    simple_late, complex_open = fb.complaint(world.a), fb.complaint(world.a)
    Complaint.objects.filter(pk=simple_late.pk).update(received_on=today - dt.timedelta(days=10))
    Complaint.objects.filter(pk=complex_open.pk).update(received_on=today - dt.timedelta(days=10), complex=True)
    response = login(world.a.director).get(reverse("feedback:complaint_list"), {"state": "overdue"})
    assert [c.pk for c in response.context["rows"]] == [simple_late.pk]  # 5 working days passed, 15 not yet


def test_a_capped_count_says_there_are_more():
    class Rows(list):
        def __getitem__(self, key):
            got = super().__getitem__(key)
            return Rows(got) if isinstance(key, slice) else got

        def count(self):
            return len(self)

    page = paging.CappedPaginator(Rows(range(30)), per_page=5, cap=20).get_page(1)
    assert page.paginator.count == 20 and page.paginator.capped and page.paginator.num_pages == 4


def test_a_citizen_finds_the_centre_by_name_when_there_are_too_many_for_a_select_box(world, client, monkeypatch):

    url = reverse("feedback:complaint_new")
    assert f'value="{world.a.centre.pk}"' in client.get(url).text  # a few centres: the select box
    monkeypatch.setattr("core.paging.PICK_LIMIT", 0)
    page = client.get(url)
    assert 'name="q"' in page.text and f'value="{world.a.centre.pk}"' not in page.text
    found = client.get(url, {"q": world.a.centre.name})
    assert f'value="{world.a.centre.pk}"' in found.text and f'value="{world.b.centre.pk}"' not in found.text
    assert client.get(url, {"q": "\x00" * 3}).status_code == 200
