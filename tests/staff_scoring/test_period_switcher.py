"""The period switcher's year list moves the period to the same month, quarter or half of the chosen year; a bad
year is refused with a message, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("query", "shown"), [
    ("period=2026-03&year=2025", "2025年3月"),
    ("period=2026-Q2&year=2024", "2024年第2季度"),
    ("period=2026-H2&year=2025", "2025年下半年"),
    ("period=2025-07&year=2025", "2025年7月"),
])
def test_the_year_list_moves_the_period_into_the_chosen_year(world, login, query, shown):
    response = login(world.a.director).get(f"/scores/centres/{world.a.centre.pk}/?{query}")
    assert response.status_code == 200 and response.context["period"].title == shown


@pytest.mark.parametrize("year", ["abc", "20255", "0", "１９９９"])
def test_a_bad_year_keeps_the_period_and_says_so(world, login, year):
    response = login(world.a.director).get(f"/scores/centres/{world.a.centre.pk}/?period=2026-03&year={year}",
                                           follow=True)
    assert response.status_code == 200 and response.context["period"].title == "2026年3月"
    assert "年份" in response.content.decode()
