"""The staff-scoring demo data names its people: the director or the duty officer recorded each event, the staff
account filed the appeal waiting, the director named the duty officer."""

import random

import pytest
from django.urls import reverse

from accounts.models import Role, User
from centers.demo import seed_county
from core.audit import history
from staff_scoring import demo, services
from staff_scoring.models import Appeal, DutyOfficer, StaffEvent
from staff_scoring.schemes import first_day, published_staff_versions

pytestmark = pytest.mark.django_db


def test_the_demo_names_who_recorded_appealed_and_named_the_duty_officer(client):
    counties = seed_county(random.Random(2026))
    demo.seed(counties, random.Random(2026))
    director, staff = User.objects.get(username="director"), User.objects.get(username="staff")
    assert StaffEvent.objects.exists()
    assert not StaffEvent.objects.filter(recorded_by__isnull=True).exists()
    for event in StaffEvent.objects.select_related("staff", "staff__station", "recorded_by"):
        centre_id = event.staff.centre_id or event.staff.station.centre_id
        recorder = event.recorded_by
        assert (recorder.role == Role.DIRECTOR and recorder.centre_id == centre_id) or (
            recorder.username == demo.DUTY_USERNAME and recorder.staff_id != event.staff_id)

    duty = DutyOfficer.objects.select_related("staff").get()
    assert duty.granted_by == director
    officer = User.objects.get(username=demo.DUTY_USERNAME)
    assert officer.staff_id == duty.staff_id and officer.role == Role.STAFF
    assert StaffEvent.objects.filter(recorded_by=officer).exists()

    appeal = Appeal.objects.select_related("event").get()
    assert appeal.submitted_by == staff and appeal.event.staff_id == staff.staff_id

    client.force_login(staff)
    text = client.get(reverse("staff_scoring:event_detail", kwargs={"event": appeal.event_id})).text
    assert f"{staff.display_name} · " in text  # 申诉人
    assert appeal.event.recorded_by.display_name in text  # 记录人
    assert "记录扣分加分" in text  # its history, at the time it was recorded
    assert history(appeal.event).get(action="记录扣分加分").at == appeal.event.recorded_at

    # The demo stores its events in bulk, past the service: each is one the service would record (dated within a
    # scheme's years, no more than one record may carry).
    versions = published_staff_versions()
    for event in StaffEvent.objects.select_related("staff", "scheme_version"):
        values = {name: getattr(event, name) for name in services.EDITABLE}
        since = first_day(versions, event.staff.post_type)
        assert services.check_event(event.staff, event.scheme_version, values, since=since) == {}, values

    counts = (StaffEvent.objects.count(), Appeal.objects.count(), User.objects.count())
    demo.seed(counties, random.Random(2026))
    assert (StaffEvent.objects.count(), Appeal.objects.count(), User.objects.count()) == counts
