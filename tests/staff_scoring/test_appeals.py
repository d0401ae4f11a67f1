"""Appeals (申诉): the staff member appeals within the configured days; the director upholds or revokes with a
reason; a revoked event stops counting everywhere; all of it audited and visible on the event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from centers.models import Staff
from core import audit
from staff_scoring import services
from staff_scoring.models import Appeal, AppealStatus, EventStatus
from staff_scoring.reports import board
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


def appeal_url(saved):
    return reverse("staff_scoring:appeal_create", kwargs={"event": saved.pk})


def test_the_staff_member_appeals_an_event_and_the_director_revokes_it(scored_world, login):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09", actor=a.director)
    staff = login(a.staff_user)
    detail = staff.get(reverse("staff_scoring:event_detail", kwargs={"event": saved.pk})).content.decode()
    assert "对这条记录提出申诉" in detail
    assert staff.post(appeal_url(saved), {"reason": "当天在窗口外帮办，有同事作证"}).status_code == 302
    appeal = Appeal.objects.get(event=saved)
    assert appeal.status == AppealStatus.PENDING and appeal.submitted_by == a.staff_user
    assert board(a.centre, "2025-10").appeals_waiting == 1

    director = login(a.director)
    decide = reverse("staff_scoring:appeal_decide", kwargs={"appeal": appeal.pk})
    assert director.post(decide, {"decision": "revoked", "reason": ""}).status_code == 200  # a reason is required
    assert director.post(decide, {"decision": "revoked", "reason": "经核实属实"}).status_code == 302
    saved.refresh_from_db()
    appeal.refresh_from_db()
    assert saved.status == EventStatus.REVOKED and saved.revoke_reason == "申诉成立：经核实属实"
    assert appeal.status == AppealStatus.REVOKED and appeal.decided_by == a.director
    after = board(a.centre, "2025-10")
    assert next(r for r in after.rows if r.staff == a.window_staff).current.score == 100
    assert after.appeals_waiting == 0
    actions = list(audit.history(saved).order_by("at", "id").values_list("action", flat=True))
    assert actions == ["记录扣分加分", "提出申诉", "处理申诉：申诉成立，已撤销", "申诉成立，撤销记录"]
    page = login(a.staff_user).get(reverse("staff_scoring:event_detail", kwargs={"event": saved.pk})).content.decode()
    assert "经核实属实" in page and "申诉成立，已撤销" in page


def test_an_upheld_appeal_keeps_the_event_counting_and_cannot_be_decided_again(scored_world):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09")
    appeal = services.file_appeal(saved, actor=a.staff_user, reason="不属实")
    services.decide_appeal(appeal, actor=a.director, decision=AppealStatus.UPHELD, reason="监控显示确实迟到")
    saved.refresh_from_db()
    assert saved.status == EventStatus.ACTIVE
    from staff_scoring.scoring import score_staff

    assert score_staff(Staff.objects.filter(pk=a.window_staff.pk), "2025-10")[a.window_staff.pk].score == 97
    with pytest.raises(ValidationError, match="申诉当前状态为「维持原记录」，不能执行「申诉成立，撤销记录」"):
        services.decide_appeal(appeal, actor=a.director, decision=AppealStatus.REVOKED, reason="改判")
    with pytest.raises(ValidationError, match="只能申诉一次"):
        services.file_appeal(saved, actor=a.staff_user, reason="再次申诉")


def test_an_appeal_after_the_configured_days_is_refused(scored_world, settings):
    a = scored_world.a
    settings.STAFF_APPEAL_DAYS = 3
    saved = event(a.window_staff, "1", "2025-10-09")
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="已超过申诉期限：记录后 3 天内"):
        services.file_appeal(saved, actor=a.staff_user, reason="迟了", today=today + dt.timedelta(days=4))
    assert services.file_appeal(saved, actor=a.staff_user, reason="及时", today=today + dt.timedelta(days=3))


def test_only_the_staff_member_themselves_may_appeal(scored_world, login):
    a = scored_world.a
    saved = event(a.station_staff, "16", "2025-10-09")
    with pytest.raises(ValidationError, match="只能对本人的记录提出申诉"):
        services.file_appeal(saved, actor=a.staff_user, reason="x")
    assert login(a.staff_user).get(appeal_url(saved)).status_code == 404
    assert login(a.director).get(appeal_url(saved)).status_code == 404


def test_staff_cannot_decide_appeals(scored_world, login):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09")
    appeal = services.file_appeal(saved, actor=a.staff_user, reason="不属实")
    url = reverse("staff_scoring:appeal_decide", kwargs={"appeal": appeal.pk})
    assert login(a.staff_user).post(url, {"decision": "revoked", "reason": "我说了算"}).status_code == 404
    assert login(scored_world.b.director).post(url, {"decision": "revoked", "reason": "x"}).status_code == 404
    appeal.refresh_from_db()
    assert appeal.is_pending


def test_revoking_an_appealed_event_directly_closes_the_appeal(scored_world):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09")
    appeal = services.file_appeal(saved, actor=a.staff_user, reason="不属实")
    services.revoke_event(saved, actor=a.director, reason="录错了人")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REVOKED and "录错了人" in appeal.decision_reason


def test_a_bonus_offers_no_appeal_and_the_service_refuses_one(scored_world, login):
    a = scored_world.a
    bonus = event(a.window_staff, "B5", "2025-10-09", actor=a.director)
    staff = login(a.staff_user)
    detail = staff.get(reverse("staff_scoring:event_detail", kwargs={"event": bonus.pk})).content.decode()
    assert "提出申诉" not in detail
    listing = staff.get(reverse("staff_scoring:staff_page", kwargs={"staff": a.window_staff.pk}),
                        {"period": "2025-10"}).content.decode()
    assert reverse("staff_scoring:appeal_create", kwargs={"event": bonus.pk}) not in listing
    assert not services.can_appeal(bonus)
    with pytest.raises(ValidationError, match="加分记录无需申诉"):
        services.file_appeal(bonus, actor=a.staff_user, reason="想申诉")
    assert staff.post(appeal_url(bonus), {"reason": "想申诉"}).status_code == 200
    assert not Appeal.objects.filter(event=bonus).exists()
