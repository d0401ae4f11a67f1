"""The evaluation card on a centre's page: every row names its subject ("本中心", the station, the window), the
centre's own latest self-assessment and inspection are always there however busy its stations were, and "全部" leads
to the whole list of the centre's evaluations."""

import re

import pytest

from assessment import selectors
from centers.choices import RegionLevel
from tests import factories as f
from tests.assessment import factories

pytestmark = pytest.mark.django_db


def card_rows(html: str) -> list[str]:
    rows = re.findall(r'<tr data-testid="summary-evaluation"><td><a [^>]*>(.*?)</a>', html)
    return [" ".join(r.split()) for r in rows]


@pytest.fixture
def busy(world, centre_rubric, station_rubric):
    """Last year's self-assessment and inspection of the centre, then nine newer evaluations of its station (final:
    a subject has one unfinished evaluation of a kind and year at most)."""
    own = factories.evaluation(world.a, kind="self", version=centre_rubric, period=2024, state="finalised",
                               answers=factories.full_answers(centre_rubric))
    inspection = factories.evaluation(world.a, kind="acceptance", version=centre_rubric, period=2024,
                                      state="finalised", answers=factories.full_answers(centre_rubric))
    for _ in range(9):
        factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric, period=2025,
                             answers=factories.full_answers(station_rubric), state="finalised")
    return own, inspection


def test_the_centre_s_own_latest_evaluations_stay_on_the_card_and_are_labelled(world, login, busy):
    html = login(world.a.director).get(f"/centres/{world.a.centre.pk}/").content.decode()
    rows = card_rows(html)
    assert rows[:2] == ["2024 自查 · 本中心", "2024 验收 · 本中心"]
    assert rows[2:] == [f"2025 自查 · {world.a.station.name}"] * 6
    assert "全部 11 条" in html


def test_a_window_row_names_the_window(world, login, centre_rubric):
    factories.evaluation(world.a, kind="self", version=centre_rubric, period=2025)
    factories.evaluation(world.a, kind="self", subject=world.a.window, period=2025)
    rows = card_rows(login(world.a.director).get(f"/centres/{world.a.centre.pk}/").content.decode())
    assert sorted(rows) == sorted(["2025 自查 · 本中心", f"2025 自查 · {world.a.window}"])


def test_all_leads_to_the_centre_s_evaluations_only(world, login, busy, centre_rubric):
    other = f.centre(f.region(world.a.county, RegionLevel.TOWN, "东镇"))
    factories.evaluation(world.a, kind="acceptance", subject=other, version=centre_rubric, period=2025)
    client = login(world.a.inspector)
    card = client.get(f"/centres/{world.a.centre.pk}/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="summary-all"', card).group(1).replace("&amp;", "&")
    listing = client.get(link).content.decode()
    assert f"只看 {world.a.centre.name}" in listing
    assert len(re.findall(r'<td><a href="/evaluations/\d+/">', listing)) == 11
    assert other.name not in listing
    assert other.name in client.get("/evaluations/").content.decode()


def test_a_small_card_has_no_all_link(world, login, centre_rubric):
    factories.evaluation(world.a, kind="self", version=centre_rubric, period=2025)
    html = login(world.a.director).get(f"/centres/{world.a.centre.pk}/").content.decode()
    assert card_rows(html) == ["2025 自查 · 本中心"] and 'data-testid="summary-all"' not in html


def test_the_card_s_data_take_two_queries_however_many_evaluations(world, busy, django_assert_num_queries):
    with django_assert_num_queries(2):  # the newest evaluations, the open rectification items
        summary = selectors.centre_summary(world.a.director, world.a.centre)
    assert summary["total"] == 11
    assert len(summary["evaluations"]) == 8
