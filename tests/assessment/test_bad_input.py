"""No 500 on any bad input: garbage in every parameter gives a Chinese message or a 404, never an error page."""

import re
from io import BytesIO

import pytest

from assessment.models import Evaluation, Evidence, GuidanceRecord, RectificationItem
from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, station_rubric):
    return factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric)


@pytest.mark.parametrize(("data", "message"), [
    ({}, "保存未成功：表单缺少有效的版本号"),  # not "someone else edited the draft": nobody did
    ({"revision": "abc"}, "保存未成功：表单缺少有效的版本号"),
    ({"revision": "1", "a:1.1.1": "maybe", "a:9.9.9": "1", "n:1.1.1": "x" * 50000}, "有评分未能保存，请按提示修改"),
    ({"revision": "1", "a:4.1.1": "1e999"}, "有评分未能保存，请按提示修改"),
    ({"revision": "99999999999999999999999", "remarks": "\x00"}, "保存未成功"),
])
def test_a_bad_form_post_is_answered_in_chinese(world, login, draft, data, message):
    response = login(world.a.inspector).post(f"/evaluations/{draft.pk}/edit/", data)
    assert response.status_code in (200, 409) and message in response.content.decode()
    draft.refresh_from_db()
    assert draft.revision == 1  # nothing of a bad post is saved


def chosen(page: str, name: str) -> list[str]:
    """The values of the options selected in the page's ``<select name=…>`` (what the user sees chosen)."""
    found = re.search(rf'<select\b[^>]*\bname="{name}"[^>]*>.*?</select>', page, flags=re.S)
    assert found is not None, f"the page has no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"[^>]*\sselected', found.group(0))


LIST_FILTERS = {"kind": [], "state": [], "subject": []}
COUNTY_FILTERS = {"type": [], "town": [], "band": []}
COUNTY_HEADING = "甲县 · 便民服务中心（站）考核总览"
BOTH_ROWS = ['data-subject="centre:{centre}"', 'data-subject="station:{station}"']


@pytest.mark.parametrize(("url", "selected", "shown", "hidden"), [
    # unknown filters and page number are ignored: every evaluation, page 1
    ("/evaluations/?kind=x&state=y&subject=z&period=abc&page=xyz", LIST_FILTERS, ['href="/evaluations/{draft}/"'], []),
    # a 300-character search is cut to 40 characters, which no name contains: the list says it is empty
    ("/evaluations/?kind=x&state=y&subject=z&period=abc&page=xyz&q=" + "长" * 300, LIST_FILTERS,
     ["还没有考核评分。"], ['href="/evaluations/{draft}/"']),
    # unknown sort, town and type: all of the inspector's county, in name order (the centre, then its station)
    ("/evaluations/county/?sort=nonsense&town=abc&type=y", COUNTY_FILTERS, [COUNTY_HEADING, *BOTH_ROWS],
     ["{other_centre}"]),
    # a band no subject has filters everything out, and the page says so
    ("/evaluations/county/?sort=nonsense&town=abc&band=x&type=y", COUNTY_FILTERS,
     [COUNTY_HEADING, "没有符合条件的中心或站点。"], ["data-subject="]),
    ("/evaluations/county/?sort=-rank", COUNTY_FILTERS, [COUNTY_HEADING, *BOTH_ROWS], ["{other_centre}"]),
    # bad ids of the evaluations to compare: the defaults (here none for 1999), the page says why nothing is compared
    ("/evaluations/compare/centre/{centre}/1999/?self=abc&inspection=-1", {"self": [], "inspection": []},
     ["{centre_name} · 1999年 自评与考核对照", "该年度自查和县级考核尚不齐全，无法对照。"], []),
    # … and for the station in 2025 the default inspection is its draft spot check
    ("/evaluations/compare/station/{station}/2025/?self=abc&inspection=-1", {"self": [], "inspection": ["{draft}"]},
     ["{station_name} · 2025年 自评与考核对照", "该年度自查和县级考核尚不齐全，无法对照。"], []),
    # the start form without a preselected subject, every subject still offered
    ("/evaluations/new/?subject=station:abc", {"subject": []},
     ['value="centre:{centre}"', 'value="station:{station}"'], []),
    ("/evaluations/new/?subject=garbage", {"subject": []}, ['value="centre:{centre}"', 'value="station:{station}"'], []),
    # a window cannot be guided: the guidance form with no unit chosen, and windows not offered
    ("/guidance/new/?unit=window:1", {"unit": []}, ['value="centre:{centre}"', 'value="station:{station}"'],
     ['value="window:']),
])
def test_garbage_query_parameters_give_the_page_with_its_defaults(world, login, draft, url, selected, shown, hidden):
    a = world.a
    names = {"centre": a.centre.pk, "station": a.station.pk, "draft": draft.pk, "centre_name": a.centre.name,
             "station_name": a.station.name, "other_centre": world.b.centre.name}
    response = login(a.inspector).get(url.format(**names))
    assert response.status_code == 200
    page = response.content.decode()
    for name, values in selected.items():
        assert chosen(page, name) == [v.format(**names) for v in values], name
    for text in shown:
        assert text.format(**names) in page
    for text in hidden:
        assert text.format(**names) not in page
    if "sort=nonsense" in url and "band=x" not in url:  # name order
        assert page.index(f'data-subject="centre:{a.centre.pk}"') < page.index(f'data-subject="station:{a.station.pk}"')


def test_a_good_query_parameter_preselects_the_subject_and_unit(world, login, draft):
    """The other side of the garbage test: what a right parameter chooses, which the garbage must not."""
    client = login(world.a.inspector)
    station = f"station:{world.a.station.pk}"
    assert chosen(client.get(f"/evaluations/new/?subject={station}").content.decode(), "subject") == [station]
    assert chosen(client.get(f"/guidance/new/?unit={station}").content.decode(), "unit") == [station]
    page = client.get("/evaluations/?kind=spot&state=draft&subject=station").content.decode()
    assert [chosen(page, name) for name in ("kind", "state", "subject")] == [["spot"], ["draft"], ["station"]]


def test_a_garbage_sort_on_the_ranking_export_gives_the_whole_county_in_name_order(world, login, draft):
    from openpyxl import load_workbook

    response = login(world.a.inspector).get("/evaluations/county/ranking.xlsx?sort=-change&town=abc&type=y")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [world.a.centre.name, world.a.station.name]


@pytest.mark.parametrize(("url", "data", "message"), [
    ("/evaluations/{pk}/move/", {"action": "explode"}, "未知的操作：explode"),
    ("/evaluations/{pk}/move/", {}, "未知的操作"),
    ("/evaluations/{pk}/rectify/", {"limit_days": "-3"}, "确保该值大于或等于1"),
    ("/evaluations/{pk}/evidence/", {"code": "1.1.1"}, "请选择文件"),
    ("/evaluations/{pk}/evidence/", {"code": "x" * 500}, "请选择要附佐证材料的评估标准"),
    ("/evaluations/new/", {"subject": "centre:999999", "rubric": "abc", "kind": "x", "period": "1"},
     "确保该值大于或等于2000"),
    ("/guidance/new/", {"unit": "window:1", "guided_on": "not a date"}, "输入一个有效的日期"),
])
def test_bad_posts_are_refused_politely(world, login, draft, url, data, message):
    def state():
        draft.refresh_from_db()
        return (draft.state, draft.revision, Evaluation.objects.count(), Evidence.objects.count(),
                GuidanceRecord.objects.count(), RectificationItem.objects.count())

    before = state()
    response = login(world.a.inspector).post(url.format(pk=draft.pk), data, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert state() == before


def test_a_rectification_move_with_a_bad_action_is_refused(world, login):
    from assessment import services

    record = factories.guidance(world.a)
    item = services.rectification_add(actor=world.a.inspector, record=record, problem="p", measure="", owner="o",
                                      limit_days=3)
    response = login(world.a.inspector).post(f"/rectifications/{item.pk}/move/", {"action": "fly", "text": "x"},
                                             follow=True)
    assert "未知的操作" in response.content.decode()


def test_a_rectification_move_without_an_action_says_what_is_missing_and_changes_nothing(world, login):
    from assessment import services

    record = factories.guidance(world.a)
    item = services.rectification_add(actor=world.a.inspector, record=record, problem="p", measure="", owner="o",
                                      limit_days=3)
    page = login(world.a.director).post(f"/rectifications/{item.pk}/move/", {"text": "x"}, follow=True)
    assert "整改事项未更新：" in page.content.decode() and "必填" in page.content.decode()
    item.refresh_from_db()
    assert item.state == "open"
    page = login(world.a.director).post(f"/rectifications/{item.pk}/move/", {"action": "report", "text": "已整改"},
                                        follow=True)
    item.refresh_from_db()
    assert item.state != "open" and f"整改事项：{item.get_state_display()}" in page.content.decode()
