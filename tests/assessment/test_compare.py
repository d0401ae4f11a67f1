"""Side by side: for a subject and a year, the self-assessment's and the inspection's score per item (自评分 / 考核分),
differences highlighted."""

import pytest

from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world, station_rubric):
    full = factories.full_answers(station_rubric)
    own = factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric,
                               answers=full, state="finalised")
    lost = {**full, "1.1.1": False, "2.1.1": False}
    inspection = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                      answers=lost, state="finalised")
    return own, inspection


def test_scores_are_shown_per_item_and_differences_are_highlighted(world, login, pair):
    own, inspection = pair
    response = login(world.a.director).get(f"/evaluations/compare/station/{world.a.station.pk}/2025/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "自评分" in text and "考核分" in text
    assert f'data-testid="self-total">{own.total.normalize():f}<' in text
    assert f'data-testid="inspection-total">{inspection.total.normalize():f}<' in text
    assert text.count('data-differs="1"') == 2 and "2 项评分不同" in text
    assert 'diff-row" data-differs="1">\n      <td>1.1.1</td>' in text


def test_a_director_does_not_see_an_inspection_still_in_draft(world, login, station_rubric):
    factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric,
                         answers=factories.full_answers(station_rubric), state="finalised")
    factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric)
    text = login(world.a.director).get(f"/evaluations/compare/station/{world.a.station.pk}/2025/").content.decode()
    assert "尚不齐全" in text
    text = login(world.a.inspector).get(f"/evaluations/compare/station/{world.a.station.pk}/2025/").content.decode()
    assert "尚不齐全" not in text


def test_a_chosen_pair_from_other_rubrics_is_not_compared_item_by_item(world, login, centre_rubric):
    factories.evaluation(world.a, kind="self", version=centre_rubric, answers=factories.full_answers(centre_rubric))
    other = factories.published("meishan-centre")
    factories.evaluation(world.a, kind="acceptance", version=other)
    text = login(world.a.inspector).get(f"/evaluations/compare/centre/{world.a.centre.pk}/2025/").content.decode()
    assert "使用的考核细则不同" in text


def test_another_countys_subject_is_not_found(world, login, pair):
    assert login(world.b.inspector).get(
        f"/evaluations/compare/station/{world.a.station.pk}/2025/").status_code == 404
