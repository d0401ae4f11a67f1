"""The admin is not a back door: score-changing records are read-only there (no save, no delete, a forged POST is
refused and changes nothing), and the settings still edited there are audited and never deleted once audited."""

from __future__ import annotations

import pytest
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from centers.choices import StaffCategory
from centers.models import Staff
from core import audit
from core.models import AuditEntry
from feedback.models import Policy
from redflags import services as redflag_services
from tests.assessment import factories as assessment_factories
from tests.redflags import factories as redflag_factories
from tests.staff_scoring.factories import appeal, ensure_schemes, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(world, login):
    world.admin.is_superuser = True
    world.admin.is_staff = True
    world.admin.save()
    return login(world.admin)


@pytest.fixture
def records(world):
    """One of each score-changing record, made through the services (so each has an audit history)."""
    a = world.a
    ensure_schemes()  # published as of 2024, so that events of 2025 have a scheme in force (schemes.first_day)
    redflag_factories.ensure_scheme()
    staff_event = event(a.window_staff, "1", "2025-10-09", actor=a.director)
    appeal_event = event(a.window_staff, "3", "2025-10-10", actor=a.director)
    ledger_event = redflag_factories.record(a.window, "2025-10-06", "5.5", "0.5", actor=a.director)
    declaration = redflag_factories.declare(a.window, 2025, 10, [("A4", "1")], actor=a.director)
    publication = redflag_services.month_publish(actor=a.director, centre=a.centre, year=2025, month=10)
    policy = redflag_services.policy_update(actor=a.director, centre=a.centre, monthly_red_flags=2,
                                            annual_red_flags=3)
    evaluation = assessment_factories.evaluation(a, kind="spot", subject=a.station,
                                                 version=assessment_factories.published("baolin-station"))
    return {
        "staff_scoring/staffevent": staff_event,
        "staff_scoring/appeal": appeal(appeal_event, by=a.staff_user, reason="不属实"),
        "staff_scoring/schemeversion": staff_event.scheme_version,
        "redflags/windowevent": ledger_event,
        "redflags/declaration": declaration,
        "redflags/monthpublication": publication,
        "redflags/redflagpolicy": policy,
        "assessment/evaluation": evaluation,
        "core/auditentry": AuditEntry.objects.first(),
    }


def _state(obj):
    obj = type(obj).objects.get(pk=obj.pk)
    return {k: (v.name if isinstance(v, FieldFile) else v) for k, v in model_to_dict(obj).items()}


@pytest.mark.parametrize("name", [
    "staff_scoring/staffevent", "staff_scoring/appeal", "staff_scoring/schemeversion", "redflags/windowevent",
    "redflags/declaration", "redflags/monthpublication", "redflags/redflagpolicy", "assessment/evaluation",
    "core/auditentry",
])
def test_a_score_changing_record_is_shown_but_never_changed_or_deleted_in_the_admin(superuser, records, name):
    obj = records[name]
    before, entries = _state(obj), AuditEntry.objects.count()
    base = f"/admin/{name}/"
    listing = superuser.get(base)
    assert listing.status_code == 200 and "delete_selected" not in listing.content.decode()
    page = superuser.get(f"{base}{obj.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200 and 'name="_save"' not in text and "/delete/" not in text
    forged = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()
              if not isinstance(v, (list, FieldFile))}
    assert superuser.post(f"{base}{obj.pk}/change/", {**forged, "_save": "1"}).status_code == 403
    assert superuser.get(f"{base}{obj.pk}/delete/").status_code == 403
    assert superuser.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert superuser.post(base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
                          ).status_code in (200, 302, 403)
    assert superuser.get(f"{base}add/").status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists() and _state(obj) == before
    assert AuditEntry.objects.count() == entries


def test_a_staff_members_category_changed_in_the_admin_is_audited_and_an_audited_staff_member_is_not_deleted(
        superuser, world):
    person = world.a.window_staff
    old = person.category
    new = StaffCategory.TEMPORARY if old != StaffCategory.TEMPORARY else StaffCategory.CIVIL_SERVANT
    data = {k: ("" if v is None else v) for k, v in model_to_dict(person).items() if k != "photo"}
    response = superuser.post(f"/admin/centers/staff/{person.pk}/change/", {**data, "category": new, "_save": "1"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.category == new
    entry = audit.history(person).get()
    assert entry.actor == world.admin and entry.before == {"category": old} and entry.after == {"category": new}
    assert superuser.get(f"/admin/centers/staff/{person.pk}/delete/").status_code == 403
    assert superuser.post(f"/admin/centers/staff/{person.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Staff.objects.filter(pk=person.pk).exists()


def test_the_rating_policy_changed_in_the_admin_is_audited_and_cannot_be_deleted(superuser, world):
    Policy.objects.create(pk=1)
    response = superuser.post("/admin/feedback/policy/1/change/",
                              {"rectify_workdays": "5", "max_extension_workdays": "10", "_save": "1"})
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert policy.rectify_workdays == 5
    entry = audit.history(policy).get()
    assert entry.actor == world.admin and entry.before == {"rectify_workdays": "15"}
    assert entry.after == {"rectify_workdays": "5"}
    assert superuser.get("/admin/feedback/policy/1/delete/").status_code == 403


def test_a_centres_windows_are_shown_in_its_admin_page_but_changed_only_on_their_own_audited_page(superuser, world):
    page = superuser.get(f"/admin/centers/servicecentre/{world.a.centre.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200 and world.a.window.name in text
    assert 'name="windows-0-name"' not in text and 'name="windows-0-DELETE"' not in text


def test_the_task_queue_is_named_in_chinese_in_the_admin(superuser):
    # The QA walk found 「TASKS DATABASE BACKEND」 and 「Task Results」 on the admin's index (django-tasks-db's names).
    index = superuser.get("/admin/").content.decode()
    assert "任务队列" in index and "任务记录" in index
    assert "Tasks Database Backend" not in index and "Task Result" not in index
    row = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="jobs.tasks.nothing",
                                      backend_name="default", run_after=timezone.now(), status="SUCCESSFUL")
    listing = superuser.get("/admin/django_tasks_database/dbtaskresult/").content.decode()
    for heading in ("任务", "状态", "入队时间", "优先级", "队列", "已完成"):
        assert heading in listing
    for english in ("Task Result", "Task name", "Enqueued at", "Priority", "Queue name", "Successful"):
        assert english not in listing
    detail = superuser.get(f"/admin/django_tasks_database/dbtaskresult/{row.pk}/change/").content.decode()
    for label in ("错误追踪", "不早于", "返回值", "执行进程"):
        assert label in detail
    assert "Traceback" not in detail and "Run after" not in detail
