"""Recording, editing and revoking events: only the post's rules, refusals in Chinese with nothing saved, audit,
and the duty officer the director names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import audit
from core.models import AuditEntry
from staff_scoring import services
from staff_scoring.models import EventStatus, StaffEvent
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")


def record_url(person):
    return reverse("staff_scoring:event_create", kwargs={"staff": person.pk})


def test_the_form_offers_only_the_rules_of_the_staff_members_post(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    window_rules = {code for code, _ in _flat(client.get(record_url(a.window_staff)).context["chooser"].fields["rule"].choices)}
    station_rules = {code for code, _ in _flat(client.get(record_url(a.station_staff)).context["chooser"].fields["rule"].choices)}
    assert {"10a", "27", "28"} <= window_rules and "28" not in station_rules and "16" in station_rules
    assert "B1" in window_rules and "B1" in station_rules


def _flat(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from label
        elif value:
            yield value, label


def test_a_director_records_a_deduction_with_a_photo_and_it_is_audited(scored_world, login):
    a = scored_world.a
    response = login(a.director).post(record_url(a.window_staff), {
        "date": "2025-10-09", "rule": "4", "aggravated": "on", "points": "30", "note": "上班时间看视频被投诉",
        "photo": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
    })
    assert response.status_code == 302
    saved = StaffEvent.objects.get(staff=a.window_staff)
    assert (saved.rule, saved.aggravated, saved.points, saved.kind, saved.recorded_by) == ("4", True, D(30), "deduction", a.director)
    assert saved.photo.name.startswith("score-events/") and saved.photo.name.endswith(".png")
    entry = audit.history(saved).get(action="记录扣分加分")
    assert entry.actor == a.director and D(entry.after["points"]) == 30
    photo = login(a.staff_user).get(reverse("staff_scoring:event_photo", kwargs={"event": saved.pk}))
    assert photo.status_code == 200


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"rule": "4", "aggravated": "on", "points": "50"}, "points", "25—40 分/次之间，填写的是 50"),
    ({"rule": "4", "aggravated": "on"}, "points", "请在「分值」中填写扣分值"),
    ({"rule": "B1", "level": "national"}, "deed", "同一事迹按最高级别认定一次"),
    ({"rule": "B1", "deed": "x"}, "level", "按级别计分，缺少「级别」"),
    ({"rule": "2", "days": "1.3"}, "days", "不是整数"),
    ({"rule": "27"}, "refers_to", "请在「对应细则」中填写对应的细则编号"),
    ({"rule": "1", "date": "2099-01-01"}, "date", "日期不能晚于今天"),
])
def test_out_of_range_or_inapplicable_input_is_refused_in_chinese_and_nothing_is_saved(
        scored_world, login, data, field, message):
    a = scored_world.a
    response = login(a.director).post(record_url(a.window_staff), {"date": "2025-10-09", **data})
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not StaffEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="记录扣分加分").exists()


@pytest.mark.parametrize(("fields", "message"), [
    ({"rule": "1", "points": D(5)}, "每次 3 分，不能改为 5"),
    ({"rule": "B2", "level": "county", "deed": "x"}, "没有「county」级别"),
    ({"rule": "3", "days": D(1)}, "不按天计"),
])
def test_input_a_rule_does_not_take_is_refused_by_the_service(scored_world, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.record_event(staff=scored_world.a.window_staff, date=dt.date(2025, 10, 9), actor=None, **fields)
    assert not StaffEvent.objects.exists()


def test_the_form_ignores_an_input_its_rule_does_not_show(scored_world, login):
    a = scored_world.a
    response = login(a.director).post(record_url(a.window_staff), {"date": "2025-10-09", "rule": "1", "points": "5",
                                                                    "days": "2", "level": "national"})
    assert response.status_code == 302
    saved = StaffEvent.objects.get()
    assert (saved.points, saved.days, saved.level, saved.occurrences) == (None, None, "", 1)


def test_a_station_rule_code_is_refused_for_window_staff_by_the_service(scored_world):
    with pytest.raises(ValidationError) as caught:
        services.record_event(staff=scored_world.a.station_staff, rule="28", date=dt.date(2025, 10, 9), actor=None)
    assert "没有细则「28」" in str(caught.value)


def test_days_and_a_count_together_are_refused_not_silently_reduced_to_the_days(scored_world):
    with pytest.raises(ValidationError) as caught:
        services.record_event(staff=scored_world.a.window_staff, rule="2", date=dt.date(2025, 10, 9), actor=None,
                              occurrences=3, days=Decimal(1))
    assert "次数与天数只能填一个" in str(caught.value)
    assert not StaffEvent.objects.exists()
    saved = services.record_event(staff=scored_world.a.window_staff, rule="2", date=dt.date(2025, 10, 9), actor=None,
                                  occurrences=1, days=Decimal(1))  # the form's default count with days: days
    assert (saved.occurrences, saved.days) == (None, Decimal(1))


def test_the_event_pins_the_scheme_version_in_force_when_recorded(scored_world):
    saved = event(scored_world.a.station_staff, "16", "2025-10-09")
    assert saved.scheme_version.code == "baolin-station-staff"


def test_editing_an_event_is_revalidated_and_audited_with_before_and_after(scored_world, login):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09", actor=a.director)
    client = login(a.director)
    url = reverse("staff_scoring:event_edit", kwargs={"event": saved.pk})
    bad = client.post(url, {"date": "2025-10-09", "rule": "1", "occurrences": "0", "revision": "1"})
    assert bad.status_code == 200
    client.post(url, {"date": "2025-10-09", "rule": "1", "occurrences": "2", "note": "迟到两次", "revision": "1"})
    saved.refresh_from_db()
    assert saved.occurrences == 2
    entry = audit.history(saved).get(action="修改扣分加分记录")
    assert entry.before == {"occurrences": 1, "note": ""} and entry.after == {"occurrences": 2, "note": "迟到两次"}


def test_revoking_needs_a_reason_and_the_event_stops_counting(scored_world, login):
    from staff_scoring.scoring import score_staff

    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09")
    client = login(a.director)
    url = reverse("staff_scoring:event_revoke", kwargs={"event": saved.pk})
    client.post(url, {"reason": ""})
    saved.refresh_from_db()
    assert saved.status == EventStatus.ACTIVE
    client.post(url, {"reason": "考勤机故障，误记"})
    saved.refresh_from_db()
    assert saved.status == EventStatus.REVOKED and saved.revoked_by == a.director
    from centers.models import Staff

    assert score_staff(Staff.objects.filter(pk=a.window_staff.pk), "2025-10")[a.window_staff.pk].score == 100
    entry = audit.history(saved).get(action="撤销扣分加分记录")
    assert entry.reason == "考勤机故障，误记" and entry.before == {"status": "active"}
    page = client.get(reverse("staff_scoring:event_detail", kwargs={"event": saved.pk})).content.decode()
    assert "撤销扣分加分记录" in page and "考勤机故障，误记" in page


def test_the_inspector_and_staff_cannot_record_edit_or_revoke(scored_world, login):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09")
    for user in (a.inspector, a.staff_user):
        client = login(user)
        assert client.get(record_url(a.window_staff)).status_code == 404
        assert client.get(reverse("staff_scoring:event_edit", kwargs={"event": saved.pk})).status_code == 404
        assert client.post(reverse("staff_scoring:event_revoke", kwargs={"event": saved.pk}),
                           {"reason": "x"}).status_code == 404
    saved.refresh_from_db()
    assert saved.is_active


def test_a_duty_officer_named_by_the_director_records_for_colleagues_but_not_for_themselves(scored_world):
    from django.test import Client

    from tests import factories

    a = scored_world.a
    client, duty = Client(), Client()
    client.force_login(a.director)
    duty.force_login(a.staff_user)
    response = client.post(reverse("staff_scoring:duty_list", kwargs={"centre": a.centre.pk}),
                           {"staff": a.window_staff.pk})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="指定值班员").exists()

    start = duty.get(reverse("staff_scoring:record_start"))
    assert start.status_code == 200 and a.station_staff.name in start.content.decode()
    assert duty.get(record_url(a.window_staff)).status_code == 404  # not for themselves
    assert duty.post(record_url(a.station_staff), {"date": "2025-10-09", "rule": "16"}).status_code == 302
    saved = StaffEvent.objects.get(staff=a.station_staff)
    assert saved.recorded_by == a.staff_user
    # Recording is all the grant gives: no board, no colleague's page or event.
    assert duty.get(reverse("staff_scoring:board", kwargs={"centre": a.centre.pk})).status_code == 404
    assert duty.get(reverse("staff_scoring:staff_page", kwargs={"staff": a.station_staff.pk})).status_code == 404
    assert duty.get(reverse("staff_scoring:event_detail", kwargs={"event": saved.pk})).status_code == 404
    # Another county's staff stay out of reach.
    assert duty.get(record_url(scored_world.b.window_staff)).status_code == 404

    grant = a.centre.duty_officers.get()
    client.post(reverse("staff_scoring:duty_end", kwargs={"duty": grant.pk}))
    assert duty.get(record_url(a.station_staff)).status_code == 404
    assert duty.get(reverse("staff_scoring:record_start")).status_code == 404
    other = factories.staff(centre_=scored_world.b.centre, name="外县人员")
    with pytest.raises(ValidationError):
        services.grant_duty(centre=a.centre, staff=other, actor=a.director)


def test_a_staff_member_without_a_grant_cannot_open_the_recording_pages(scored_world, login):
    client = login(scored_world.a.staff_user)
    assert client.get(reverse("staff_scoring:record_start")).status_code == 404
