"""The filters of the list pages (django-filter FilterSets on core.filters.FilterSet): a filter narrows the rows, a bad
value is ignored with the Chinese warning (the page answers 200, filtered by the valid values), and the rows never
leave the user's scope — a filter only narrows the scoped queryset, another county's object never appears."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from assessment.models import EvaluationKind
from feedback.models import ComplaintState, FollowUpState, NoticeState
from redflags.models import LastPlaceNotice, NoticeLevel, NoticeStatus
from tests.assessment import factories as af
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def warnings(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_rating_list_narrows_by_level_and_ignores_a_bad_level_with_a_warning(world, login):
    good, bad = fb.rating(world.a, 5), fb.rating(world.a, 1)
    fb.rating(world.b, 1)
    client = login(world.a.inspector)
    assert [r.pk for r in client.get("/feedback/ratings/", {"level": "1"}).context["ratings"]] == [bad.pk]
    response = client.get("/feedback/ratings/", {"level": "１", "channel": "window_qr"})
    assert response.status_code == 200
    assert {r.pk for r in response.context["ratings"]} == {good.pk, bad.pk}  # the valid channel still filters
    assert warnings(response) == ["「等级」的值「１」无效，已忽略"]
    assert response.text.count('<option value=""') == 4  # one 全部 in each of centre, level, channel, order


def test_the_rating_list_refuses_a_centre_of_another_county(world, login):
    own = fb.rating(world.a, 4)
    fb.rating(world.b, 4)
    response = login(world.a.inspector).get("/feedback/ratings/", {"centre": str(world.b.centre.pk)})
    assert response.status_code == 200
    assert [r.pk for r in response.context["ratings"]] == [own.pk]
    assert warnings(response) == [f"「中心」的值「{world.b.centre.pk}」无效，已忽略"]


def test_a_rating_list_with_an_end_before_its_start_ignores_the_end(world, login):
    fb.rating(world.a, 4)
    response = login(world.a.inspector).get("/feedback/ratings/", {"start": "2020-01-02", "end": "2020-01-01"})
    assert response.status_code == 200 and len(response.context["ratings"]) == 1
    assert warnings(response) == ["「至」的值「2020-01-01」无效，已忽略"]


def test_the_follow_up_list_shows_open_ones_by_default_narrows_by_state_and_ignores_a_bad_state(world, login):
    pending = fb.followup(world.a)
    fb.followup(world.b)
    client = login(world.a.inspector)
    assert [f.pk for f in client.get("/feedback/followups/").context["rows"]] == [pending.pk]
    assert client.get("/feedback/followups/", {"state": FollowUpState.RECTIFIED}).context["rows"] == []
    response = client.get("/feedback/followups/", {"state": "pending'--"})
    assert response.status_code == 200 and [f.pk for f in response.context["rows"]] == [pending.pk]
    assert warnings(response) == ["「状态」的值「pending'--」无效，已忽略"]


def test_the_complaint_list_narrows_by_state_ignores_a_bad_state_and_keeps_its_county(world, login):
    received = fb.complaint(world.a)
    fb.complaint(world.b)
    client = login(world.a.director)
    assert [c.pk for c in client.get("/feedback/complaints/").context["rows"]] == [received.pk]
    assert client.get("/feedback/complaints/", {"state": ComplaintState.REPLIED}).context["rows"] == []
    assert [c.pk for c in client.get("/feedback/complaints/", {"state": ""}).context["rows"]] == [received.pk]
    response = client.get("/feedback/complaints/", {"state": "²"})
    assert response.status_code == 200 and [c.pk for c in response.context["rows"]] == [received.pk]
    assert warnings(response) == ["「状态」的值「²」无效，已忽略"]


def test_the_notice_list_narrows_by_state_and_ignores_a_bad_state(world, login):
    pending = fb.notice(world.a)
    fb.notice(world.b)
    client = login(world.a.director)
    assert [n.pk for n in client.get("/feedback/notices/").context["page"]] == [pending.pk]
    assert list(client.get("/feedback/notices/", {"state": NoticeState.SUPPLIED}).context["page"]) == []
    response = client.get("/feedback/notices/", {"state": "x" * 30})
    assert response.status_code == 200 and [n.pk for n in response.context["page"]] == [pending.pk]
    assert warnings(response) == [f"「状态」的值「{'x' * 20}…」无效，已忽略"]


def test_the_evaluation_list_narrows_by_kind_ignores_a_bad_kind_and_keeps_its_county(world, login):
    own = af.evaluation(world.a)
    spot = af.evaluation(world.a, kind=EvaluationKind.SPOT)
    af.evaluation(world.b)
    client = login(world.a.inspector)
    assert [e.pk for e in client.get("/evaluations/", {"kind": "inspection"}).context["page"]] == [spot.pk]
    response = client.get("/evaluations/", {"kind": "self'", "q": world.a.centre.name})
    assert response.status_code == 200
    assert {e.pk for e in response.context["page"]} == {own.pk, spot.pk}
    assert warnings(response) == ["「考核类型」的值「self'」无效，已忽略"]
    other = client.get("/evaluations/", {"centre": world.b.centre.pk})  # another county's centre: nothing
    assert other.status_code == 200 and list(other.context["page"]) == [] and other.context["centre"] is None


def _last_place(county, level, status=NoticeStatus.ACTIVE, year=2025):
    return LastPlaceNotice.objects.create(
        centre=county.centre, window=county.window, year=year, month=10 if level == NoticeLevel.INTERNAL else 11,
        level=level, run=2, count=2, reason="连续2个月末位", status=status, created_at=timezone.now())


def test_the_last_place_notice_list_narrows_by_level_and_status_and_ignores_a_bad_year(world, login):
    internal = _last_place(world.a, NoticeLevel.INTERNAL)
    department = _last_place(world.a, NoticeLevel.DEPARTMENT, NoticeStatus.WITHDRAWN)
    _last_place(world.b, NoticeLevel.INTERNAL)
    client = login(world.a.inspector)
    assert [n.pk for n in client.get("/redflags/notices/").context["page"]] == [internal.pk]  # 有效 by default
    assert {n.pk for n in client.get("/redflags/notices/", {"status": "all"}).context["page"]} == {
        internal.pk, department.pk}
    assert [n.pk for n in client.get("/redflags/notices/", {"status": "all", "level": NoticeLevel.DEPARTMENT})
            .context["page"]] == [department.pk]
    response = client.get("/redflags/notices/", {"status": "all", "year": "２０２５"})
    assert response.status_code == 200 and len(response.context["page"]) == 2
    assert warnings(response) == ["「年份」的值「２０２５」无效，已忽略"]
    assert list(client.get("/redflags/notices/", {"year": "2024"}).context["page"]) == []


def test_the_catalogue_keeps_its_search_when_the_state_is_bad(world, login):
    response = login(world.a.director).get(f"/matters/centres/{world.a.centre.pk}/", {"state": "gone",
                                                                                       "q": "不存在的事项名"})
    assert response.status_code == 200
    assert response.context["rows"] == []  # the search still applies
    assert response.text.count('<option value=""') == 2  # one 全部领域, one 全部状态
    assert warnings(response) == ["「状态」的值「gone」无效，已忽略"]
