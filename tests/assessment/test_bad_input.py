"""No 500 on any bad input: garbage in every parameter gives a Chinese message or a 404, never an error page."""

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


@pytest.mark.parametrize("url", [
    "/evaluations/?kind=x&state=y&subject=z&period=abc&page=xyz&q=" + "长" * 300,
    "/evaluations/county/?sort=nonsense&town=abc&band=x&type=y",
    "/evaluations/county/?sort=-rank",
    "/evaluations/county/ranking.xlsx?sort=-change",
    "/evaluations/compare/centre/{centre}/1999/?self=abc&inspection=-1",
    "/evaluations/new/?subject=station:abc",
    "/evaluations/new/?subject=garbage",
    "/guidance/new/?unit=window:1",
])
def test_garbage_query_parameters_do_not_break_pages(world, login, draft, url):
    response = login(world.a.inspector).get(url.format(centre=world.a.centre.pk))
    assert response.status_code == 200


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
