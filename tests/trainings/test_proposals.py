"""An unexcused lateness or absence at a training proposes the staff deduction of the person's scheme; the director
confirms it (an ordinary event, linked both ways, that changes the month's score) or dismisses it with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEntry
from staff_scoring import scoring
from staff_scoring.attendance import decide_attendance, proposal_of
from staff_scoring.models import EventSource
from tests.trainings.factories import training
from trainings.models import Review

pytestmark = pytest.mark.django_db


def month_score(person) -> Decimal:
    return scoring.score_one(person, "2025-10").score


def attendance_of(made, person):
    return made.attendances.get(staff=person)


@pytest.mark.parametrize(("status", "points"), [("absent", 5), ("leave_refused", 5), ("late", 3), ("early", 3)])
def test_a_confirmed_window_staff_proposal_takes_the_rule_10_points_from_the_month(scored_world, status, points):
    a = scored_world.a
    before = month_score(a.window_staff)
    made = training(a, presence={a.window_staff: status, a.station_staff: "present"})
    row = attendance_of(made, a.window_staff)
    assert row.review == Review.PENDING and attendance_of(made, a.station_staff).review == Review.NONE
    assert month_score(a.window_staff) == before  # a proposal alone changes nothing
    decide_attendance(row, action="confirm", actor=a.director)
    assert month_score(a.window_staff) == before - points
    row.refresh_from_db()
    event = row.staff_events.get()
    assert (row.review, event.attendance_id, event.source) == (Review.CONFIRMED, row.pk, EventSource.SYSTEM)
    assert event.rule == ("10a" if points == 3 else "10b") and "业务培训" in event.note
    assert AuditEntry.objects.filter(action="处理培训考勤扣分建议", object_id=str(row.pk)).exists()


def test_a_station_staff_absence_uses_the_station_scheme_rule_5(scored_world):
    a = scored_world.a
    before = scoring.score_one(a.station_staff, "2025-10").score
    made = training(a, presence={a.station_staff: "late"})
    row = attendance_of(made, a.station_staff)
    assert proposal_of(row).rule.code == "5"
    decide_attendance(row, action="confirm", actor=a.director)
    assert scoring.score_one(a.station_staff, "2025-10").score == before - 5


def test_a_dismissal_needs_a_reason_and_records_nothing(scored_world):
    a = scored_world.a
    before = month_score(a.window_staff)
    row = attendance_of(training(a, presence={a.window_staff: "absent"}), a.window_staff)
    with pytest.raises(ValidationError, match="请填写不予扣分的理由"):
        decide_attendance(row, action="dismiss", actor=a.director, reason=" ")
    decide_attendance(row, action="dismiss", actor=a.director, reason="临时抽调参加防汛")
    row.refresh_from_db()
    assert (row.review, row.review_reason, row.staff_events.count()) == (Review.DISMISSED, "临时抽调参加防汛", 0)
    assert month_score(a.window_staff) == before
    with pytest.raises(ValidationError, match="不能执行"):
        decide_attendance(row, action="confirm", actor=a.director)


def test_a_decided_row_keeps_its_status_and_a_pending_one_is_withdrawn(scored_world):
    from trainings import services

    a = scored_world.a
    made = training(a, presence={a.window_staff: "absent", a.station_staff: "late"})
    decide_attendance(attendance_of(made, a.window_staff), action="confirm", actor=a.director)
    made.refresh_from_db()
    with pytest.raises(ValidationError, match="已处理"):
        services.save_attendance(made, presence={a.window_staff.pk: "present", a.station_staff.pk: "late"},
                                 revision=made.revision, actor=a.director)
    services.save_attendance(made, presence={a.window_staff.pk: "absent", a.station_staff.pk: "leave_ok"},
                             revision=made.revision, actor=a.director)
    assert attendance_of(made, a.station_staff).review == Review.NONE


def test_attendance_is_refused_for_someone_outside_the_centre_a_future_training_and_a_stale_list(scored_world):
    from core.revisions import StaleEdit
    from trainings import services

    a, b = scored_world.a, scored_world.b
    made = training(a)
    with pytest.raises(ValidationError, match="不在本中心"):
        services.save_attendance(made, presence={b.window_staff.pk: "present"}, revision=made.revision,
                                 actor=a.director)
    with pytest.raises(StaleEdit):
        services.save_attendance(made, presence={}, revision=made.revision + 1, actor=a.director)
    future = training(a, "2099-01-05")
    with pytest.raises(ValidationError, match="当天或之后"):
        services.save_attendance(future, presence={a.window_staff.pk: "present"}, revision=future.revision,
                                 actor=a.director)
    assert made.attendances.count() == 0
