"""Every 好差评 page names itself in an h1 under the tabs; months read 2025年3月 as elsewhere in the app."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "the page has no h1"
    return re.sub(r"\s+", " ", match.group(1)).strip()


@pytest.mark.parametrize(("name", "heading"), [
    ("feedback:rating_list", "评价明细"), ("feedback:followup_list", "差评核实整改"),
    ("feedback:complaint_list", "投诉受理"), ("feedback:notice_list", "容缺受理"),
])
def test_each_sub_page_has_its_heading(login, world, name, heading):
    assert h1(login(world.a.director).get(reverse(name)).content.decode()) == heading


def test_staff_read_their_own_ratings_under_their_own_heading(login, world):
    assert h1(login(world.a.staff_user).get(reverse("feedback:rating_list")).content.decode()) == "我的评价"


def test_the_overview_month_reads_like_the_rest_of_the_app(login, world):
    html = login(world.a.director).get(reverse("feedback:overview"), {"month": "2025-03"}).content.decode()
    assert h1(html) == "2025年3月 好差评统计"
    assert 'value="2025-03"' in html  # the month picker keeps its ISO value
