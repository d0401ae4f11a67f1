"""差评 follow-up: verify (valid, or invalid for the county to review), call back, rectify by a working-day
deadline with at most one extension; every move through one table, illegal moves refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from feedback import selectors, services
from feedback.models import FollowUpState, Policy
from feedback.workflow import FOLLOWUP, IllegalMove
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def move(followup, action, actor, **data):
    return services.followup_move(followup=followup, action=action, actor=actor, **data)


def test_the_whole_road_verify_call_back_rectify(world):
    f = fb.followup(world.a)
    today = timezone.localdate()
    f = move(f, "verify", world.a.director, note="调取录像，属实")
    assert f.state == FollowUpState.VERIFIED and f.verified_by == world.a.director
    f = move(f, "callback", world.a.director, on=today, reached=True, note="已致歉")
    f = move(f, "rectify", world.a.director, on=today, note="已开展服务礼仪培训")
    assert f.state == FollowUpState.RECTIFIED and not f.is_open


def test_verifying_a_bad_rating_is_audited(world):
    f = move(fb.followup(world.a), "verify", world.a.director)
    entry = AuditEntry.objects.get(action="差评核实：核实属实")
    assert entry.actor == world.a.director and entry.before["state"] == "pending" and entry.after["state"] == "verified"
    assert entry.object_id == str(f.pk)


def test_an_invalid_verdict_goes_to_the_county_which_upholds_or_rejects_it(world):
    f = move(fb.followup(world.a), "dispute", world.a.director, note="评价人未在本中心办事")
    assert f.state == FollowUpState.APPEALING
    with pytest.raises(IllegalMove):
        move(f, "uphold", world.a.director, note="自己批自己")
    assert move(f, "uphold", world.a.inspector, note="同意").state == FollowUpState.INVALID
    g = move(fb.followup(world.a), "dispute", world.a.director, note="理由")
    assert move(g, "reject", world.a.inspector, note="证据不足，差评成立").state == FollowUpState.VERIFIED
    assert AuditEntry.objects.filter(action__startswith="差评核实：同意申诉").exists()


@pytest.mark.parametrize("state, action, state_label, action_label", [
    ("pending", "rectify", "待核实", "整改完成"), ("pending", "callback", "待核实", "记录回访"),
    ("pending", "uphold", "待核实", "同意申诉（差评不计）"), ("verified", "verify", "核实属实", "核实属实"),
    ("verified", "rectify", "核实属实", "整改完成"), ("rectified", "extend", "已整改", "延期整改"),
    ("invalid", "verify", "核实不实（不计）", "核实属实"), ("appealing", "callback", "申诉审核中", "记录回访"),
    ("called_back", "dispute", "已回访", "核实不实，报县级审核"),
])
def test_illegal_moves_are_refused_by_the_table(world, state, action, state_label, action_label):
    f = fb.followup(world.a)
    type(f).objects.filter(pk=f.pk).update(state=state)
    f.refresh_from_db()
    with pytest.raises(IllegalMove) as caught:
        move(f, action, world.a.director, note="x", on=timezone.localdate(), days=1)
    assert caught.value.messages == [f"差评核实当前状态为「{state_label}」，不能执行「{action_label}」"]
    f.refresh_from_db()
    assert f.state == state


def test_the_table_knows_who_may_do_what():
    assert FOLLOWUP.move("pending", "verify", "director").after("pending") == "verified"
    with pytest.raises(IllegalMove):
        FOLLOWUP.move("pending", "verify", "inspector")
    with pytest.raises(IllegalMove):
        FOLLOWUP.move("pending", "verify", "staff")
    with pytest.raises(IllegalMove):
        FOLLOWUP.move("pending", "no-such-move", "admin")
    assert [m.action for m in FOLLOWUP.allowed("appealing", "inspector")] == ["uphold", "reject"]


def test_the_rectification_deadline_counts_working_days_and_extends_once(world, calendar_2025):
    f = fb.followup(world.a)
    type(f).objects.filter(pk=f.pk).update(received_on=dt.date(2025, 9, 30))
    f.refresh_from_db()
    assert selectors.followups_with_deadlines([f])[0].deadline.due == dt.date(2025, 10, 28)
    f = move(f, "extend", world.a.director, days=5, note="需协调县局")
    assert selectors.followups_with_deadlines([f])[0].deadline.due == dt.date(2025, 11, 4)
    with pytest.raises(IllegalMove) as caught:
        move(f, "extend", world.a.director, days=1, note="再延")
    assert "只能延期一次" in str(caught.value)


def test_an_extension_is_bounded_by_the_policy(world):
    Policy.objects.create(pk=1, max_extension_workdays=3)
    with pytest.raises(ValidationError) as caught:
        move(fb.followup(world.a), "extend", world.a.director, days=4, note="太长")
    assert "1 至 3 个工作日" in str(caught.value)


def test_an_open_follow_up_past_its_deadline_is_flagged_overdue(world, calendar_2025):
    f = fb.followup(world.a)
    type(f).objects.filter(pk=f.pk).update(received_on=dt.date(2025, 9, 30))
    f.refresh_from_db()
    late = selectors.followups_with_deadlines([f], today=dt.date(2025, 10, 29))[0]
    assert late.overdue
    assert not selectors.followups_with_deadlines([f], today=dt.date(2025, 10, 28))[0].overdue


def test_a_move_needs_its_data_with_chinese_messages(world):
    f = fb.followup(world.a)
    with pytest.raises(ValidationError) as caught:
        move(f, "dispute", world.a.director, note="  ")
    assert "理由" in str(caught.value)
    f = move(f, "verify", world.a.director)
    with pytest.raises(ValidationError) as caught:
        move(f, "callback", world.a.director, on=timezone.localdate() + dt.timedelta(days=3), note="x")
    assert "不能晚于今天" in str(caught.value)


def test_the_director_works_a_follow_up_from_its_page(login, world):
    f = fb.followup(world.a)
    client = login(world.a.director)
    url = reverse("feedback:followup_detail", kwargs={"followup": f.pk})
    page = client.get(url)
    assert page.status_code == 200 and "13800001111" in page.text and "核实属实" in page.text
    response = client.post(url, {"action": "verify", "verify-note": "属实"})
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.state == "verified"
    response = client.post(url, {"action": "callback", "callback-on": "bad", "callback-note": ""})
    assert response.status_code == 200 and "日期格式应为" in response.text
    response = client.post(url, {"action": "uphold", "uphold-note": "x"})
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.state == "verified"


def test_the_inspector_sees_the_rater_phone_masked_and_cannot_verify(login, world):
    f = fb.followup(world.a)
    client = login(world.a.inspector)
    url = reverse("feedback:followup_detail", kwargs={"followup": f.pk})
    page = client.get(url)
    assert "13800001111" not in page.text and "138****1111" in page.text
    client.post(url, {"action": "verify", "verify-note": ""})
    f.refresh_from_db()
    assert f.state == "pending"


def test_the_list_filters_open_and_overdue(login, world, calendar_2025):
    fresh = fb.followup(world.a)
    old = fb.followup(world.a)
    type(old).objects.filter(pk=old.pk).update(received_on=dt.date(2025, 9, 30))
    client = login(world.a.director)
    overdue = client.get(reverse("feedback:followup_list"), {"state": "overdue"})
    assert f"/followups/{old.pk}/" in overdue.text and f"/followups/{fresh.pk}/" not in overdue.text
    assert "已超期" in overdue.text
    assert client.get(reverse("feedback:followup_list"), {"state": "nonsense"}).status_code == 200
