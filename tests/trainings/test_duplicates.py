"""One training is one (centre, date, kind, topic, organiser): the same attendance sheet imported twice, or a sheet
naming a training already recorded by hand, is refused whole — one meeting never deducts twice. The database holds
the rule too (two imports at the same moment), and the form refuses a duplicate with a form error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import xlsx_upload
from tests.trainings.factories import training
from trainings.imports import COLUMNS
from trainings.models import Attendance, Review, Training

pytestmark = pytest.mark.django_db

REFUSED = "第 2 行：该培训或会议已登记（2025-06-03 业务培训「QA培训」），请在该培训的页面上修改出席情况"


def sheet(county):
    return xlsx_upload(COLUMNS, [
        ["2025-06-03", "业务培训", "QA培训", "中心办公室", county.window_staff.pk, "", "缺席"],
        ["2025-06-03", "业务培训", "QA培训", "中心办公室", county.station_staff.pk, "", "迟到"],
        ["2025-06-20", "会议", "六月例会", "中心办公室", county.window_staff.pk, "", "出席"],
    ], "签到表.xlsx")


def post(client, county, file):
    return client.post(reverse("trainings:import", kwargs={"centre": county.centre.pk}), {"file": file})


def test_the_same_sheet_imported_twice_is_refused_the_second_time_and_nothing_is_written(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    assert post(client, a, sheet(a)).status_code == 302
    trainings, rows = list(Training.objects.values_list("pk", "revision")), Attendance.objects.count()
    response = post(client, a, sheet(a))
    page = response.content.decode()
    assert response.status_code == 200 and REFUSED in page
    assert "第 4 行：该培训或会议已登记（2025-06-20 会议「六月例会」）" in page  # every training of the sheet named
    assert list(Training.objects.values_list("pk", "revision")) == trainings and Attendance.objects.count() == rows
    pending = client.get(reverse("staff_scoring:attendance_proposals", kwargs={"centre": a.centre.pk})).content.decode()
    assert pending.count(a.window_staff.name) == 1


def test_a_training_recorded_by_hand_and_then_imported_is_the_same_meeting(scored_world, login):
    a = scored_world.a
    training(a, "2025-06-03", topic="QA培训", presence={a.window_staff: "absent"})
    response = post(login(a.director), a, sheet(a))
    assert REFUSED in response.content.decode()
    assert Training.objects.count() == 1  # the sheet's other training (六月例会) is not written either
    assert Attendance.objects.get().review == Review.PENDING and Attendance.objects.count() == 1


def test_another_date_kind_topic_organiser_or_centre_is_another_training(scored_world):
    from trainings import services

    a, b = scored_world.a, scored_world.b
    training(a, "2025-06-03", topic="QA培训")
    for other in ({"day": "2025-06-04"}, {"kind": "meeting"}, {"topic": "QA培训（二）"}):
        training(a, **{"day": "2025-06-03", "topic": "QA培训", **other})
    training(b, "2025-06-03", topic="QA培训")
    services.create_training(centre=a.centre, date=dt.date(2025, 6, 3), kind="business", topic="QA培训",
                             organiser="站点办公室", actor=a.director)
    assert Training.objects.count() == 6


def test_two_imports_at_the_same_moment_the_database_refuses_the_second_with_the_same_message(
        scored_world, login, monkeypatch):
    """The other import commits between this one's check and its writes: the unique constraint answers, and the
    whole sheet is rolled back."""
    a = scored_world.a
    training(a, "2025-06-20", kind="meeting", topic="六月例会")
    monkeypatch.setattr("trainings.services.recorded", lambda centre, keys: set())  # the check saw nothing yet
    response = post(login(a.director), a, sheet(a))
    assert "第 4 行：该培训或会议已登记（2025-06-20 会议「六月例会」）" in response.content.decode()
    assert Training.objects.count() == 1 and not Attendance.objects.exists()  # QA培训 (created first) rolled back


def test_the_database_holds_one_training_per_centre_date_kind_topic_and_organiser(scored_world):
    a = scored_world.a
    made = training(a, "2025-06-03", topic="QA培训")
    with pytest.raises(IntegrityError), transaction.atomic():
        Training.objects.create(centre=a.centre, date=made.date, kind=made.kind, topic=made.topic,
                                organiser=made.organiser)


def test_the_form_refuses_a_duplicate_with_a_form_error(scored_world, login, monkeypatch):
    a = scored_world.a
    training(a, "2025-06-03", topic="QA培训")
    data = {"centre": a.centre.pk, "date": "2025-06-03", "kind": "business", "topic": " QA培训 ",
            "organiser": "中心办公室"}
    client = login(a.director)
    response = client.post(reverse("trainings:create"), data)
    assert response.status_code == 200 and "该培训或会议已登记（2025-06-03 业务培训「QA培训」）" in response.content.decode()
    monkeypatch.setattr("trainings.services.recorded", lambda centre, keys: set())  # posted twice at once
    response = client.post(reverse("trainings:create"), data)
    assert response.status_code == 200 and "该培训或会议已登记（2025-06-03 业务培训「QA培训」）" in response.content.decode()
    assert Training.objects.count() == 1


def test_a_blank_required_cell_says_it_was_not_filled_in(scored_world, login):
    a = scored_world.a
    file = xlsx_upload(COLUMNS, [
        ["", "业务培训", "培训", "中心办公室", "", "", ""],
        ["2025-06-03", "", "培训", "中心办公室", "", "", ""],
        ["2025-06-03", "业务培训", "培训", "中心办公室", a.window_staff.pk, "", ""],
    ], "签到表.xlsx")
    page = post(login(a.director), a, file).content.decode()
    assert "第 2 行「日期」列：应为日期（如 2026-03-05），未填写" in page
    assert "第 3 行「类型」列：应为岗前培训、业务培训、礼仪培训、会议、活动之一，未填写" in page
    assert "第 4 行「出席情况」列：应为出席、迟到、早退、请假(批准)、请假(未批准)、缺席之一，未填写" in page
    assert "「」" not in page and not Training.objects.exists()
