"""The trainings pages as the director uses them: record a training, its attendance, decide the proposal; the
XLSX import all or nothing; other people's trainings are not found."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staff_scoring import scoring
from tests.factories import xlsx_upload
from tests.trainings.factories import training
from trainings.imports import COLUMNS
from trainings.models import Attendance, Review, Training

pytestmark = pytest.mark.django_db


def workbook(rows):
    return xlsx_upload(COLUMNS, rows, "签到表.xlsx")


def test_the_director_records_attendance_and_confirms_an_absence_that_costs_five_points(scored_world, login):
    a = scored_world.a
    client = login(a.director)
    response = client.post(reverse("trainings:create"), {
        "centre": a.centre.pk, "date": "2025-10-09", "kind": "business", "topic": "政务服务事项培训",
        "organiser": "中心办公室"})
    made = Training.objects.get(topic="政务服务事项培训")
    assert response.status_code == 302 and made.centre == a.centre
    response = client.post(reverse("trainings:attendance", kwargs={"training": made.pk}), {
        "revision": made.revision, f"p:{a.window_staff.pk}": "absent", f"p:{a.station_staff.pk}": "present"})
    assert response.status_code == 302
    row = Attendance.objects.get(staff=a.window_staff)
    assert row.review == Review.PENDING
    page = client.get(reverse("staff_scoring:attendance_proposals", kwargs={"centre": a.centre.pk})).content.decode()
    assert a.window_staff.name in page and "细则10b" in page and "−5分/次" in page
    before = scoring.score_one(a.window_staff, "2025-10").score
    response = client.post(reverse("staff_scoring:attendance_decide", kwargs={"attendance": row.pk}),
                           {"decision": "confirm", "reason": ""})
    assert response.status_code == 302
    assert scoring.score_one(a.window_staff, "2025-10").score == before - 5
    detail = client.get(reverse("trainings:detail", kwargs={"training": made.pk})).content.decode()
    event = row.staff_events.get()
    assert "已确认扣分" in detail and reverse("staff_scoring:event_detail", kwargs={"event": event.pk}) in detail


def test_a_stale_attendance_list_is_refused_with_409(scored_world, login):
    a = scored_world.a
    made = training(a)
    response = login(a.director).post(reverse("trainings:attendance", kwargs={"training": made.pk}), {
        "revision": made.revision + 3, f"p:{a.window_staff.pk}": "absent"})
    assert response.status_code == 409 and not Attendance.objects.exists()


def test_the_dismissal_page_asks_for_a_reason(scored_world, login):
    a = scored_world.a
    row = training(a, presence={a.window_staff: "late"}).attendances.get()
    url = reverse("staff_scoring:attendance_decide", kwargs={"attendance": row.pk})
    response = login(a.director).post(url, {"decision": "dismiss", "reason": ""})
    assert "请填写不予扣分的理由" in response.content.decode()
    row.refresh_from_db()
    assert row.review == Review.PENDING


def test_another_countys_director_and_staff_do_not_find_the_training(scored_world, login):
    a, b = scored_world.a, scored_world.b
    made = training(a, topic="甲县窗口礼仪提升", presence={a.window_staff: "absent"})
    for user in (b.director, a.staff_user):
        client = login(user)
        assert client.get(reverse("trainings:detail", kwargs={"training": made.pk})).status_code == 404
        row = made.attendances.get()
        assert client.get(reverse("staff_scoring:attendance_decide", kwargs={"attendance": row.pk})).status_code == 404
    listing = login(b.director).get(reverse("trainings:list")).content.decode()
    assert made.topic not in listing


def test_the_list_pages_in_a_fixed_number_of_queries(scored_world, login, django_assert_max_num_queries):
    a = scored_world.a
    for day in ("2025-03-01", "2025-04-01"):
        training(a, day, presence={a.window_staff: "present"})
    training(a, "2025-05-01", presence={a.window_staff: "absent", a.station_staff: "present"})
    client = login(a.director)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("trainings:list"), {"year": "2025"})
    page = response.content.decode()
    assert page.count("/trainings/") >= 3
    cells = [" ".join(row.split()) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "2025-05-01" in row
             or "2025年5月1日" in row]
    assert len(cells) == 1 and re.search(r">\s*2\s*<.*>\s*1\s*<", cells[0])  # 2 listed, 1 absence waiting


def test_an_import_with_a_bad_row_saves_nothing_and_names_every_problem(scored_world, login):
    a = scored_world.a
    file = workbook([
        ["2025-06-03", "业务培训", "窗口业务培训", "中心办公室", a.window_staff.pk, a.window_staff.name, "出席"],
        ["2025-06-03", "培训课", "窗口业务培训", "中心办公室", a.window_staff.pk, "", "出席"],
        ["2025-06-04", "会议", "月度例会", "中心", scored_world.b.window_staff.pk, "", "迟到"],
        ["2025-06-04", "会议", "月度例会", "中心", a.station_staff.pk, "", "睡着了"],
    ])
    response = login(a.director).post(reverse("trainings:import", kwargs={"centre": a.centre.pk}), {"file": file})
    page = response.content.decode()
    assert "第 3 行「类型」列" in page and "第 4 行「人员编号」列" in page and "第 5 行「出席情况」列" in page
    assert not Training.objects.exists() and not Attendance.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(scored_world, login):
    a = scored_world.a
    file = SimpleUploadedFile("x.xlsx", b"not a zip at all")
    response = login(a.director).post(reverse("trainings:import", kwargs={"centre": a.centre.pk}), {"file": file})
    assert "未导入任何记录" in response.content.decode() and not Training.objects.exists()


def test_a_good_import_creates_the_trainings_and_their_proposals(scored_world, login):
    a = scored_world.a
    file = workbook([
        ["2025-06-03", "业务培训", "窗口业务培训", "中心办公室", a.window_staff.pk, a.window_staff.name, "迟到"],
        ["2025-06-03", "业务培训", "窗口业务培训", "中心办公室", a.station_staff.pk, "", "请假(批准)"],
        ["2025-06-20", "岗前培训", "新进人员岗前培训", "中心办公室", "", "", ""],
    ])
    client = login(a.director)
    response = client.post(reverse("trainings:import", kwargs={"centre": a.centre.pk}), {"file": file})
    assert response.status_code == 302
    assert Training.objects.count() == 2
    assert Attendance.objects.get(staff=a.window_staff).review == Review.PENDING
    assert Attendance.objects.get(staff=a.station_staff).review == Review.NONE
    template = client.get(reverse("trainings:import_template", kwargs={"centre": a.centre.pk}))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")


def test_a_training_links_its_record_from_the_library_and_refuses_another_centres(scored_world, login):
    from tests.library.factories import document

    a, b = scored_world.a, scored_world.b
    own, other = document(a, title="十月业务培训签到表"), document(b, title="乙县培训记录")
    client = login(a.director)
    data = {"centre": a.centre.pk, "date": "2025-10-09", "kind": "business", "topic": "业务培训",
            "organiser": "中心办公室"}
    response = client.post(reverse("trainings:create"), {**data, "materials": [other.pk]})
    assert response.status_code == 200 and not Training.objects.exists()
    client.post(reverse("trainings:create"), {**data, "materials": [own.pk]})
    made = Training.objects.get()
    page = client.get(reverse("trainings:detail", kwargs={"training": made.pk})).content.decode()
    assert "十月业务培训签到表" in page and reverse("library:document_detail", kwargs={"document": own.pk}) in page


def test_the_admin_picks_the_organising_centre_first_and_the_form_offers_only_its_stations_and_materials(
        world, login, monkeypatch):
    """A province's admin: never a select of every station nor every document — the centre first, then its form."""
    from tests.library.factories import document

    a, b = world.a, world.b
    document(a, title="甲中心培训签到表")
    document(b, title="乙中心培训签到表")
    client = login(world.admin)
    pick = client.get(reverse("trainings:create")).content.decode()
    assert f'<option value="{a.centre.pk}">' in pick and 'name="topic"' not in pick
    form = client.get(reverse("trainings:create"), {"centre": a.centre.pk}).content.decode()
    assert 'name="topic"' in form and a.station.name in form and b.station.name not in form
    assert f'<input type="hidden" name="centre" value="{a.centre.pk}"' in form and '<select name="centre"' not in form
    assert a.centre.name in form  # the centre picked, named above the form
    assert "甲中心培训签到表" in form and "乙中心培训签到表" not in form
    for bad in ("999999", "²", "abc"):
        page = client.get(reverse("trainings:create"), {"centre": bad}).content.decode()
        assert "不在您的管辖范围内" in page and 'name="topic"' not in page
    monkeypatch.setattr("core.paging.PICK_LIMIT", 1)  # a province: typed search, no select of every centre
    pick = client.get(reverse("trainings:create")).content.decode()
    assert reverse("centers:centre_search") in pick and f'<option value="{a.centre.pk}">' not in pick
    response = client.post(reverse("trainings:create"), {
        "centre": a.centre.pk, "station": b.station.pk, "date": "2025-10-09", "kind": "business", "topic": "培训",
        "organiser": "中心办公室"})
    assert response.status_code == 200 and not Training.objects.exists()  # another centre's station is not offered


def test_an_inspector_cannot_record_and_a_director_starts_at_the_form(world, login):
    assert login(world.a.inspector).get(reverse("trainings:create")).status_code in (403, 404)
    page = login(world.a.director).get(reverse("trainings:create")).content.decode()
    assert 'name="topic"' in page and world.b.station.name not in page


def test_the_list_filtered_by_a_centre_records_the_next_training_for_that_centre(world, login):
    client = login(world.admin)
    create = reverse("trainings:create")
    filtered = client.get(reverse("trainings:list"), {"centre": world.a.centre.pk}).content.decode()
    assert f'href="{create}?centre={world.a.centre.pk}"' in filtered
    form = client.get(f"{create}?centre={world.a.centre.pk}").content.decode()
    assert 'name="topic"' in form and world.a.station.name in form  # straight to the form, no centre to pick
    for unfiltered in ({}, {"centre": "²"}):
        assert f'href="{create}"' in client.get(reverse("trainings:list"), unfiltered).content.decode()
