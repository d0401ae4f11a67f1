"""The query-string parameters that answered 500 to non-ASCII digits ("²".isdigit() is true, int("²") fails): each page
now answers 200 with its default and a Chinese message saying the value was ignored."""


import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from assessment.models import EvaluationKind
from tests.assessment import factories as af
from tests.redflags.factories import ensure_scheme
from tests.staff_scoring.factories import ensure_schemes

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "①", "１２", "١٢", "99999999999999999999"]


def warnings(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("value", HOSTILE)
def test_an_admin_asking_for_a_bad_county_sees_the_first_county_and_a_message(world, login, value):
    response = login(world.admin).get("/evaluations/county/", {"county": value})
    assert response.status_code == 200
    assert response.context["county"] == world.a.county  # the first county, as with no ?county=
    assert warnings(response) == [f"「县（区）」的值「{value}」无效，已忽略"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bad_town_on_the_county_overview_filters_nothing(world, login, value):
    client = login(world.a.inspector)
    response = client.get("/evaluations/county/", {"town": value})
    assert response.status_code == 200
    assert [r.name for r in response.context["rows"]] == [r.name for r in client.get("/evaluations/county/").context["rows"]]
    assert response.context["rows"]
    assert warnings(response) == [f"「乡镇」的值「{value}」无效，已忽略"]
    assert client.get("/evaluations/county/ranking.xlsx", {"town": value}).status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bad_centre_or_period_on_the_evaluation_list_is_ignored_with_a_message(world, login, value):
    af.evaluation(world.a)
    client = login(world.a.inspector)
    for name, label in (("centre", "中心"), ("period", "年度")):
        response = client.get("/evaluations/", {name: value})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == 1, name  # not filtered
        assert warnings(response) == [f"「{label}」的值「{value}」无效，已忽略"]


@pytest.mark.parametrize("value", HOSTILE + ["2025-13", "2025-Q5", "9999-12", "1899"])
def test_a_bad_period_on_a_staff_board_shows_this_month_and_says_why(world, login, value):
    ensure_schemes()
    response = login(world.a.director).get(f"/scores/centres/{world.a.centre.pk}/", {"period": value})
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["period"].label == f"{today.year}-{today.month:02d}"
    [message] = warnings(response)
    assert message.startswith("考评期") and message.endswith(f"已显示{today.year}年{today.month}月")


@pytest.mark.parametrize("value", HOSTILE + ["1999", "2101"])
def test_a_bad_year_shows_this_year_on_the_annual_summary_and_all_years_of_notices(world, login, value):
    ensure_schemes()
    client = login(world.a.director)
    response = client.get(f"/scores/centres/{world.a.centre.pk}/annual/", {"year": value})
    assert response.status_code == 200
    assert response.context["summary"].year == timezone.localdate().year
    assert warnings(response) == [f"「年份」的值「{value}」无效，已忽略"]
    response = client.get("/redflags/notices/", {"year": value})
    assert response.status_code == 200
    assert 'name="year" id="id_year" value=""' in response.content.decode()
    assert warnings(response) == [f"「年份」的值「{value}」无效，已忽略"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bad_window_on_the_red_flag_event_form_leaves_the_window_unchosen(world, login, value):
    ensure_scheme()
    response = login(world.a.director).get(f"/redflags/centres/{world.a.centre.pk}/events/new/", {"window": value})
    assert response.status_code == 200
    assert response.context["form"].initial.get("window") is None
    assert warnings(response) == [f"「窗口」的值「{value}」无效，已忽略"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bad_inspection_on_the_comparison_falls_back_to_the_latest(world, login, value):
    inspection = af.evaluation(world.a, kind=EvaluationKind.SPOT)
    year = inspection.period
    response = login(world.a.inspector).get(f"/evaluations/compare/centre/{world.a.centre.pk}/{year}/",
                                             {"inspection": value, "self": value})
    assert response.status_code == 200
    assert response.context["inspection"] == inspection
    assert warnings(response) == [f"「考核记录」的值「{value}」无效，已忽略", f"「自评记录」的值「{value}」无效，已忽略"]


def test_a_good_year_still_filters_the_notices(world, login):
    response = login(world.a.director).get("/redflags/notices/", {"year": "2025"})
    assert response.status_code == 200
    assert 'value="2025"' in response.content.decode()
    assert warnings(response) == []


def test_a_nul_in_the_evaluation_search_is_searched_as_a_space(world, login):
    af.evaluation(world.a)
    response = login(world.a.inspector).get("/evaluations/", {"q": "甲\x00镇"})
    assert response.status_code == 200  # PostgreSQL refuses NUL in a string: it must not reach the query
