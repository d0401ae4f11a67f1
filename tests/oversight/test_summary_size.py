"""Summaries above a county cost the same queries and the same page size for 2 or 20 centres: rows per county (then
per town), never a row per centre or window of a province."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.choices import RegionLevel
from tests import factories as f
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db

PAGES = [("home", "admin"), ("feedback:overview", "admin"), ("feedback:overview", "supervisor"),
         ("oversight:summary", "admin"), ("oversight:summary", "supervisor")]
MAX_QUERIES = 20


def add_centres(county, n: int) -> None:
    """``n`` more towns of the county, each with its centre, a window, a village station and a rating."""
    for i in range(n):
        town = f.region(county.county, RegionLevel.TOWN, f"加{i}镇")
        village = f.region(town, RegionLevel.VILLAGE, f"加{i}村")
        centre = f.centre(town)
        window = f.window(centre)
        f.station(village, centre)
        fb.rating(county, 4, window=window)


@pytest.mark.parametrize("name, role", PAGES)
def test_a_summary_page_keeps_its_queries_and_size_from_2_to_20_centres(world, login, django_assert_max_num_queries,
                                                                       name, role):
    client = login(world.users_by_role()[role])
    url = reverse(name)
    add_centres(world.a, 1)  # 2 centres in county a
    client.get(url, follow=True)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        small = client.get(url, follow=True)
    assert small.status_code == 200 and len(few.captured_queries) <= MAX_QUERIES
    add_centres(world.a, 18)  # 20 centres
    with django_assert_max_num_queries(len(few.captured_queries)):
        big = client.get(url, follow=True)
    assert big.status_code == 200
    assert abs(len(big.content) - len(small.content)) < 100  # the counts grew, not the rows
    assert "加17镇" not in big.content.decode()  # no row per town above the county


def test_the_admin_home_drills_from_counties_to_towns_to_one_town_s_centre(world, login):
    add_centres(world.a, 2)
    client = login(world.admin)
    top = client.get(reverse("home"))
    assert [row["region"] for row in top.context["rows"]] == [world.a.county, world.b.county]
    assert [row["centres"] for row in top.context["rows"]] == [3, 1]
    assert world.a.centre.name not in top.content.decode()
    towns = client.get(reverse("home"), {"region": world.a.county.pk})
    assert [row["region"].name for row in towns.context["rows"]] == [world.a.town.name, "加0镇", "加1镇"]
    town = client.get(reverse("home"), {"region": world.a.town.pk})
    assert list(town.context["centres"]) == [world.a.centre]
    assert reverse("centers:centre_detail", kwargs={"centre": world.a.centre.pk}) in town.content.decode()


def test_the_feedback_overview_drills_from_counties_to_towns_to_a_town_s_windows(world, login):
    fb.rating(world.a, 1)
    fb.rating(world.a, 5, station=world.a.station)
    fb.rating(world.b, 4)
    client = login(world.admin)
    top = client.get(reverse("feedback:overview"))
    assert {row["region"].name: row["counts"].total for row in top.context["rows"]} == {"甲县": 2, "乙县": 1}
    assert (top.context["total"].total, top.context["total"].bad) == (3, 1)
    towns = client.get(reverse("feedback:overview"), {"region": world.a.county.pk})
    assert [(row["region"], row["counts"].bad) for row in towns.context["rows"]] == [(world.a.town, 1)]
    town = client.get(reverse("feedback:overview"), {"region": world.a.town.pk})
    assert [(row["place"], row["counts"].total) for row in town.context["rows"]] == [(world.a.window, 1),
                                                                                    (world.a.station, 1)]
    assert town.context["total"].total == 2


def test_an_inspector_starts_at_the_towns_of_the_county_and_a_director_at_the_centre_s_windows(world, login):
    assert [r["region"] for r in login(world.a.inspector).get(reverse("feedback:overview")).context["rows"]] == [
        world.a.town]
    rows = login(world.a.director).get(reverse("feedback:overview")).context["rows"]
    assert [row["place"] for row in rows] == [world.a.window, world.a.station]
    assert login(world.a.director).get(reverse("feedback:overview"),
                                       {"region": world.a.county.pk}).status_code == 404
