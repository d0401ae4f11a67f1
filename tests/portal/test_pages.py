"""The home pages and the centre's page: their views read every card's rows through the selectors, the template
tags only draw them (without a query), and the number of queries of each page is pinned."""

import pytest
from django.template import Context, Template

from assessment import selectors as assessment_selectors
from staff_scoring import selectors as staff_selectors
from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluations(world):
    centre_rubric, station_rubric = factories.published("baolin-centre"), factories.published("baolin-station")
    factories.evaluation(world.a, kind="self", version=centre_rubric, period=2025)
    for year in (2025, 2024, 2023):  # one unfinished self-assessment of a subject a year
        factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric, period=year)


@pytest.mark.parametrize("user, queries", [("director", 11), ("inspector", 10)])
def test_the_centre_page_takes_at_most_its_pinned_queries(world, login, evaluations, user, queries,
                                                          django_assert_max_num_queries):
    client = login(getattr(world.a, user))
    with django_assert_max_num_queries(queries):
        html = client.get(f"/centres/{world.a.centre.pk}/").content.decode()
    assert 'data-testid="evaluation-summary"' in html and html.count('data-testid="summary-evaluation"') == 4


def test_the_inspector_s_home_takes_at_most_its_pinned_queries(world, login, evaluations, django_assert_max_num_queries):
    client = login(world.a.inspector)
    with django_assert_max_num_queries(7):
        html = client.get("/").content.decode()
    assert "甲县 · 考核人员首页" in html and world.a.centre.name in html


def test_the_staff_member_s_home_takes_at_most_its_pinned_queries(world, login, django_assert_max_num_queries):
    client = login(world.a.staff_user)
    with django_assert_max_num_queries(7):
        html = client.get("/").content.decode()
    assert "甲窗口员，您好" in html and 'id="my-scores"' in html


def test_the_cards_draw_what_they_are_given_without_a_query(world, evaluations, django_assert_num_queries):
    centre = assessment_selectors.centre_summary(world.a.director, world.a.centre)
    inspector = assessment_selectors.inspector_summary(world.a.inspector)
    card = staff_selectors.home_scores(world.a.staff_user, world.a.window_staff)
    page = Template("{% load assessment_tags staff_scoring %}{% centre_evaluation_summary c %}"
                    "{% inspector_evaluation_summary i %}{% my_scores s %}")
    with django_assert_num_queries(0):
        html = page.render(Context({"c": centre, "i": inspector, "s": card, "role": "director"}))
    assert html.count('data-testid="summary-evaluation"') == 4 and 'id="my-scores"' in html
    assert "开始自查" in html  # the director's button on the centre card
    with django_assert_num_queries(0):
        empty = page.render(Context({}))
    assert "evaluation-summary" not in empty and "my-scores" not in empty
