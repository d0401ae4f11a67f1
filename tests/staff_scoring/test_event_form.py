"""The recording form in two steps (no script needed): choose the rule, then fill in only the inputs that rule uses;
an edit carries the revision it was loaded at, and a stale edit is refused with the current values shown."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from django.db import connection
from django.urls import reverse

from core import audit, revisions
from staff_scoring import services
from staff_scoring.models import StaffEvent
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db

OPTIONAL = ("occurrences", "days", "level", "aggravated", "points", "deed", "refers_to")


def record_url(person, rule=""):
    url = reverse("staff_scoring:event_create", kwargs={"staff": person.pk})
    return f"{url}?rule={rule}" if rule else url


def shown(response) -> set[str]:
    return {name for name in OPTIONAL if f'name="{name}"' in response.content.decode()}


def test_step_one_asks_only_for_the_rule(scored_world, login):
    page = login(scored_world.a.director).get(record_url(scored_world.a.window_staff))
    text = page.content.decode()
    assert page.status_code == 200 and 'name="rule"' in text and "下一步" in text
    assert shown(page) == set() and 'name="date"' not in text


@pytest.mark.parametrize(("rule", "inputs"), [
    ("1", {"occurrences"}),  # fixed points per time
    ("2", {"occurrences", "days"}),  # 旷工: per day
    ("4", {"occurrences", "aggravated", "points"}),  # 造成不良影响: judged points
    ("B1", {"level", "deed"}),  # media report: by level, once per deed
    ("27", {"refers_to", "occurrences", "days", "aggravated", "points"}),  # scored as the rule it names
])
def test_step_two_shows_only_the_inputs_the_rule_uses(scored_world, login, rule, inputs):
    page = login(scored_world.a.director).get(record_url(scored_world.a.window_staff, rule))
    assert page.status_code == 200
    assert shown(page) == inputs
    text = page.content.decode()
    assert 'name="date"' in text and 'name="note"' in text and "更换细则" in text


def test_a_levelled_rule_offers_its_own_levels_and_submitting_records_it(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    page = client.get(record_url(a.window_staff, "B1"))
    fields = page.context["form"].fields
    assert fields["level"].label == "级别" and "days" not in fields and "天数" not in page.content.decode()
    assert [k for k, _ in page.context["form"].fields["level"].choices] == ["", "local", "city", "province", "national"]
    response = client.post(record_url(a.window_staff), {"rule": "B1", "date": "2025-10-09", "level": "city",
                                                        "deed": "报道-001"})
    assert response.status_code == 302
    assert StaffEvent.objects.get().level == "city"


def test_an_unknown_rule_sends_back_to_step_one_with_a_message(scored_world, login):
    page = login(scored_world.a.director).get(record_url(scored_world.a.window_staff, "999"))
    assert page.status_code == 200 and page.context["form"] is None
    assert "选择一个有效的选项" in page.content.decode()


def _edit(client, saved, **data):
    url = reverse("staff_scoring:event_edit", kwargs={"event": saved.pk})
    return client.post(url, {"date": "2025-10-09", "rule": "1", **data})


def test_two_edits_from_the_same_page_cannot_both_land(scored_world, login):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09", actor=a.director)
    loaded = saved.revision
    client = login(a.director)
    first = _edit(client, saved, occurrences="2", note="第一人：迟到两次", revision=str(loaded))
    assert first.status_code == 302
    second = _edit(client, saved, occurrences="5", note="第二人：迟到五次", revision=str(loaded))
    assert second.status_code == 409
    saved.refresh_from_db()
    assert (saved.occurrences, saved.note, saved.revision) == (2, "第一人：迟到两次", loaded + 1)
    text = second.content.decode()
    assert "保存未成功" in text and "已被" in text and "您的修改未保存" in text
    # The page shows the current values at the current revision, not the refused ones.
    assert "第一人：迟到两次" in text and "第二人" not in text
    assert f'name="revision" value="{loaded + 1}"' in text
    assert audit.history(saved).filter(action="修改扣分加分记录").count() == 1
    # Saving again from the refreshed page is a deliberate second edit and goes through.
    assert _edit(client, saved, occurrences="5", note="第二人：迟到五次", revision=str(loaded + 1)).status_code == 302
    saved.refresh_from_db()
    assert saved.occurrences == 5


@pytest.mark.parametrize("revision", ["", "abc", "99999999999999999999"])
def test_an_edit_without_a_usable_revision_is_refused_and_nothing_changes(scored_world, login, revision):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09", actor=a.director)
    response = _edit(login(a.director), saved, occurrences="3", revision=revision)
    assert response.status_code == 409 and "表单缺少有效的版本号" in response.content.decode()
    saved.refresh_from_db()
    assert saved.occurrences == 1 and saved.revision == 1


def test_changing_the_rule_of_an_event_clears_what_the_new_rule_does_not_use(scored_world, login):
    a = scored_world.a
    saved = event(a.window_staff, "4", "2025-10-09", actor=a.director, aggravated=True, points=D(30))
    client = login(a.director)
    url = reverse("staff_scoring:event_edit", kwargs={"event": saved.pk})
    chooser = client.get(url + "?change=1")
    assert chooser.context["form"] is None and chooser.context["chooser"] is not None
    step_two = client.get(url + f"?rule=1&revision={saved.revision}")
    assert shown(step_two) == {"occurrences"}
    response = client.post(url, {"date": "2025-10-09", "rule": "1", "occurrences": "1", "revision": "1"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.rule, saved.aggravated, saved.points) == ("1", False, None)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the whole file)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_from_the_same_revision_land_once(scored_world):
    a = scored_world.a
    saved = event(a.window_staff, "1", "2025-10-09", actor=a.director)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(count: int):
        try:
            start.wait(5)
            services.update_event(StaffEvent.objects.get(pk=saved.pk), actor=a.director, revision=saved.revision,
                                  occurrences=count, note=f"{count}次")
            outcomes.append("saved")
        except revisions.StaleEdit:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    saved.refresh_from_db()
    assert sorted(outcomes) == ["refused", "saved"]
    assert saved.revision == 2 and saved.note == f"{saved.occurrences}次"
    assert audit.history(saved).filter(action="修改扣分加分记录").count() == 1


def test_a_future_date_and_a_zero_count_are_both_refused_at_once(scored_world, login):
    a = scored_world.a
    response = login(a.director).post(record_url(a.window_staff, "1"),
                                      {"rule": "1", "date": "2099-01-01", "occurrences": "0"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["date"] == ["日期不能晚于今天"] and "大于或等于1" in errors["occurrences"][0]
    text = response.content.decode()
    assert "日期不能晚于今天" in text and "大于或等于1" in text
    assert not StaffEvent.objects.exists()


def _cancel(response) -> str:
    import re

    return re.findall(r'<a class="btn btn-link" href="([^"]*)">取消</a>', response.content.decode())


def test_cancel_goes_back_to_the_staff_members_page_for_a_director(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    back = reverse("staff_scoring:staff_page", kwargs={"staff": a.window_staff.pk})
    assert _cancel(client.get(record_url(a.window_staff, "1"))) == [back]  # step two
    assert _cancel(client.get(record_url(a.window_staff))) == [back]  # step one
    assert client.get(back).status_code == 200


def test_cancel_goes_back_to_the_recording_list_for_a_duty_officer(scored_world, login):
    from tests.staff_scoring.factories import duty

    a = scored_world.a
    duty(a.centre, a.window_staff, actor=a.director)
    page = login(a.staff_user).get(record_url(a.station_staff, "1"))
    assert page.status_code == 200 and _cancel(page) == [reverse("staff_scoring:record_start")]
