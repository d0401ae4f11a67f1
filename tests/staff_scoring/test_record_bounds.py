"""What one record may carry, whichever way it comes in: at most 31 次数 and 23 天数 (services.MAX_OCCURRENCES,
MAX_DAYS), and a date from 1 January of the year the post's first scheme was published (schemes.first_day). QA:
次数 99999 took a person to −299894 不合格; a date of 2000 put 「2000年」 in the staff page's year selector."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from staff_scoring import services
from staff_scoring.models import StaffEvent
from staff_scoring.schemes import first_day, published_staff_versions
from tests.staff_scoring.factories import PUBLISHED, event
from tests.staff_scoring.test_import import import_url, workbook

pytestmark = pytest.mark.django_db


def record_url(person, **query):
    url = reverse("staff_scoring:event_create", kwargs={"staff": person.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _errors(response, field) -> str:
    return " ".join(str(e) for e in response.context["form"].errors.get(field, []))


def test_the_form_caps_the_count_and_the_days_and_says_so_in_chinese(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    assert 'max="31"' in client.get(record_url(a.window_staff, rule="1")).content.decode()
    assert 'max="23"' in client.get(record_url(a.window_staff, rule="2")).content.decode()
    response = client.post(record_url(a.window_staff), {"date": "2025-10-09", "rule": "1", "occurrences": "99999"})
    assert response.status_code == 200
    assert "次数不能超过 31" in _errors(response, "occurrences")
    response = client.post(record_url(a.window_staff), {"date": "2025-10-09", "rule": "2", "days": "30"})
    assert "天数不能超过 23" in _errors(response, "days")
    assert not StaffEvent.objects.exists()
    page = client.get(reverse("staff_scoring:staff_page", kwargs={"staff": a.window_staff.pk}),
                      {"period": "2025-10"}).content.decode()
    assert "299894" not in page and "不合格" not in page
    assert client.post(record_url(a.window_staff), {"date": "2025-10-09", "rule": "1",
                                                    "occurrences": "31"}).status_code == 302


def test_the_service_refuses_more_than_one_record_may_carry_for_every_caller(scored_world):
    a = scored_world.a
    with pytest.raises(ValidationError) as caught:
        event(a.window_staff, "1", "2025-10-09", occurrences=99999)
    assert caught.value.message_dict == {"occurrences": [services.too_many("occurrences")]}
    assert "次数不能超过 31" in caught.value.message_dict["occurrences"][0]
    with pytest.raises(ValidationError, match="天数不能超过 23"):
        event(a.window_staff, "2", "2025-10-09", days=D("23.5"))
    assert not StaffEvent.objects.exists()
    assert event(a.window_staff, "1", "2025-10-09", occurrences=31).occurrences == 31
    assert event(a.window_staff, "2", "2025-10-10", days=D(23)).days == 23


def test_an_edit_cannot_raise_the_count_beyond_the_bound(scored_world, login):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09", actor=a.director)
    with pytest.raises(ValidationError, match="次数不能超过 31"):
        services.update_event(saved, actor=a.director, revision=saved.revision, occurrences=99999)
    response = login(a.director).post(reverse("staff_scoring:event_edit", kwargs={"event": saved.pk}), {
        "date": "2025-10-09", "rule": "1", "occurrences": "99999", "revision": saved.revision})
    assert "次数不能超过 31" in _errors(response, "occurrences")
    saved.refresh_from_db()
    assert saved.occurrences == 1 and saved.revision == 1


def test_a_duty_officer_cannot_record_more_than_the_bound_either(scored_world):
    from django.test import Client

    a = scored_world.a
    services.grant_duty(centre=a.centre, staff=a.window_staff, actor=a.director)
    duty = Client()
    duty.force_login(a.staff_user)
    response = duty.post(record_url(a.station_staff), {"date": "2025-10-09", "rule": "1", "occurrences": "99999"})
    assert response.status_code == 200 and "次数不能超过 31" in _errors(response, "occurrences")
    with pytest.raises(ValidationError, match="次数不能超过 31"):
        services.record_event(staff=a.station_staff, rule="1", date=dt.date(2025, 10, 9), actor=a.staff_user,
                              occurrences=99999)
    assert not StaffEvent.objects.exists()


def test_the_import_names_the_row_the_field_and_the_maximum(scored_world, login):
    a = scored_world.a
    upload = workbook([
        [a.window_staff.pk, None, "2025-10-09", "1", 99999, None, None, None, None, None, None, None],
        [a.window_staff.pk, None, "2025-10-09", "2", None, 24, None, None, None, None, None, None],
        [a.window_staff.pk, None, "2000-01-05", "1", None, None, None, None, None, None, None, None],
        [a.window_staff.pk, None, "2025-10-09", "1", 31, None, None, None, None, None, None, None],  # fine
    ])
    response = login(a.director).post(import_url(scored_world), {"file": upload})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 3, problems
    assert problems[0].startswith("第 2 行「次数」列：次数不能超过 31")
    assert problems[1].startswith("第 3 行「天数」列：天数不能超过 23")
    assert problems[2].startswith("第 4 行「日期」列：该日期（2000-01-05）没有生效的计分方案")
    assert not StaffEvent.objects.exists()


def test_a_date_before_the_post_s_first_scheme_year_is_refused_on_every_path(scored_world, login):
    a = scored_world.a
    since = first_day(published_staff_versions(), a.window_staff.post_type)
    assert since == dt.date(PUBLISHED.year, 1, 1)
    client = login(a.director)
    response = client.post(record_url(a.window_staff), {"date": "2000-01-05", "rule": "1"})
    assert response.status_code == 200
    assert f"该日期（2000-01-05）没有生效的计分方案：本岗位的计分方案自 {since:%Y-%m-%d} 起适用" in _errors(
        response, "date")
    with pytest.raises(ValidationError, match="没有生效的计分方案"):
        event(a.station_staff, "1", since - dt.timedelta(days=1))
    assert not StaffEvent.objects.exists()
    saved = event(a.window_staff, "1", since)  # the first day is in force
    with pytest.raises(ValidationError, match="没有生效的计分方案"):
        services.update_event(saved, actor=a.director, revision=saved.revision, date=dt.date(2000, 1, 5))
    saved.refresh_from_db()
    assert saved.date == since
    page = client.get(reverse("staff_scoring:staff_page", kwargs={"staff": a.window_staff.pk})).content.decode()
    assert "2000年" not in page


def test_a_verified_complaint_of_a_year_without_a_scheme_records_no_deduction(scored_world):
    from feedback import services as feedback
    from tests.feedback import factories as fb

    a = scored_world.a
    complaint = fb.complaint(a, received_on=dt.date(2000, 1, 3))
    complaint = feedback.complaint_move(complaint=complaint, action="investigate", actor=a.director)
    complaint = feedback.complaint_move(complaint=complaint, action="substantiate", actor=a.director,
                                        on=dt.date(2000, 1, 5), note="属实")
    with pytest.raises(ValidationError, match="该日期（2000-01-05）没有生效的计分方案"):
        feedback.complaint_move(complaint=complaint, action="request_deduction", actor=a.director, rule="18")
    assert not StaffEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="记录扣分加分").exists()


def test_the_first_day_is_1_january_of_the_year_the_first_version_for_the_post_was_published(scored_world):
    from staff_scoring.models import SchemeVersion

    versions = published_staff_versions()
    assert first_day(versions, "centre") == first_day(versions, "station") == dt.date(2024, 1, 1)
    SchemeVersion.objects.filter(code="baolin-station-staff").update(
        published_at=timezone.make_aware(dt.datetime(2025, 12, 31, 12)))
    versions = published_staff_versions()
    assert first_day(versions, "station") == dt.date(2025, 1, 1)
    assert first_day(versions, "centre") == dt.date(2024, 1, 1)
    assert first_day([], "centre") is None
