"""Guidance records (附件7 指导三化建设记录表): unit, date, people, problems, suggestions, rectification measures with
owner and deadline (in working days), results; open items follow a transition table; overdue ones are listed for
the county and shown to the director; items lost in an inspection become rectification items in one step."""

from datetime import date

import pytest

from assessment import services
from assessment.models import GuidanceRecord, RectificationItem
from assessment.workflow import RECTIFICATION, IllegalMove
from core.models import AuditEntry
from tests.assessment import factories

pytestmark = pytest.mark.django_db


def test_an_inspector_records_a_guidance_visit(world, login):
    client = login(world.a.inspector)
    response = client.post("/guidance/new/", {
        "unit": f"station:{world.a.station.pk}", "guided_on": "2025-06-03",
        "participants": "李明 县行政审批局 考核组组长\n王芳 县政务服务中心 科员",
        "problems": "代办员不熟悉代办流程", "suggestions": "组织代办员培训"})
    record = GuidanceRecord.objects.get()
    assert response["Location"] == f"/guidance/{record.pk}/"
    assert record.station == world.a.station and record.centre == world.a.centre
    assert record.participant_lines == ["李明 县行政审批局 考核组组长", "王芳 县政务服务中心 科员"]
    assert AuditEntry.objects.filter(action="新建指导记录").exists()


def test_a_director_cannot_record_guidance_but_reads_their_own(world, login):
    assert login(world.a.director).get("/guidance/new/").status_code == 404
    record = factories.guidance(world.a)
    response = login(world.a.director).get(f"/guidance/{record.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert world.a.centre.name in text and "窗口标识不统一" in text and "统一窗口标识" in text  # problems, advice
    assert f"/guidance/{record.pk}/edit/" not in text and f"/guidance/{record.pk}/items/" not in text
    assert login(world.b.director).get(f"/guidance/{record.pk}/").status_code == 404


def test_a_deadline_in_working_days_skips_the_national_holiday(world, login, calendar):
    record = factories.guidance(world.a, on=date(2025, 9, 30))
    login(world.a.inspector).post(f"/guidance/{record.pk}/items/", {
        "problem": "窗口标识不统一", "measure": "统一制作", "owner": "张主任", "limit_days": 1})
    item = RectificationItem.objects.get()
    assert item.due_on == date(2025, 10, 9) and not item.due_estimated  # 10-01..10-08 off in 2025


def test_a_deadline_in_a_year_without_a_calendar_is_marked_as_estimated(world, login):
    record = factories.guidance(world.a, on=date(2031, 3, 2))
    item = services.rectification_add(actor=world.a.inspector, record=record, problem="问题", measure="",
                                      owner="张主任", limit_days=5)
    assert item.due_estimated
    assert "按双休日估算" in login(world.a.inspector).get(f"/guidance/{record.pk}/").content.decode()


def test_an_item_needs_a_deadline_and_an_owner(world, login):
    record = factories.guidance(world.a)
    login(world.a.inspector).post(f"/guidance/{record.pk}/items/", {"problem": "问题", "owner": ""})
    assert not RectificationItem.objects.exists()


@pytest.mark.parametrize(("state", "action", "role", "target"), [
    ("open", "report", "director", "reported"),
    ("reported", "accept", "inspector", "closed"), ("reported", "reject", "inspector", "open"),
])
def test_the_rectification_table_allows_these_moves(state, action, role, target):
    assert RECTIFICATION.move(state, action, {role}).target == target


@pytest.mark.parametrize(("state", "action", "role"), [
    ("reported", "accept", "director"), ("closed", "report", "director"), ("open", "accept", "inspector"),
    ("closed", "reject", "inspector"), ("open", "report", "staff"), ("open", "report", "inspector"),
])
def test_the_rectification_table_refuses_other_moves(state, action, role):
    with pytest.raises(IllegalMove):
        RECTIFICATION.move(state, action, {role})


def test_the_director_reports_a_result_and_the_inspector_closes_the_item(world, login):
    record = factories.guidance(world.a)
    item = services.rectification_add(actor=world.a.inspector, record=record, problem="问题", measure="措施",
                                      owner="张主任", limit_days=10)
    director = login(world.a.director)
    director.post(f"/rectifications/{item.pk}/move/", {"action": "report", "text": ""})
    item.refresh_from_db()
    assert item.state == "open"  # a result is required
    director.post(f"/rectifications/{item.pk}/move/", {"action": "report", "text": "已统一更换标识"})
    director.post(f"/rectifications/{item.pk}/move/", {"action": "accept"})
    item.refresh_from_db()
    assert item.state == "reported" and item.reported_by == world.a.director
    login(world.a.inspector).post(f"/rectifications/{item.pk}/move/", {"action": "accept", "text": "复核到位"})
    item.refresh_from_db()
    assert item.state == "closed" and item.closed_by == world.a.inspector and item.closed_on
    assert AuditEntry.objects.filter(action="整改事项：复核通过，销号").exists()
    assert login(world.b.inspector).post(f"/rectifications/{item.pk}/move/", {"action": "reject"}).status_code == 404


def test_only_the_centre_reports_a_result_and_the_inspector_is_not_offered_it(world, login):
    record = factories.guidance(world.a)
    item = services.rectification_add(actor=world.a.inspector, record=record, problem="问题", measure="措施",
                                      owner="张主任", limit_days=10)
    assert "报送整改结果" in login(world.a.director).get(f"/guidance/{record.pk}/").content.decode()
    inspector = login(world.a.inspector)
    assert "报送整改结果" not in inspector.get(f"/guidance/{record.pk}/").content.decode()
    inspector.post(f"/rectifications/{item.pk}/move/", {"action": "report", "text": "我替中心报了"})
    item.refresh_from_db()
    assert item.state == "open" and not item.result
    with pytest.raises(IllegalMove):
        services.rectification_move(actor=world.a.inspector, item=item, action="report", text="我替中心报了")


def test_an_admin_who_reported_a_result_may_not_accept_it(world, login):
    record = factories.guidance(world.a)
    item = services.rectification_add(actor=world.admin, record=record, problem="问题", measure="措施",
                                      owner="张主任", limit_days=10)
    services.rectification_move(actor=world.admin, item=item, action="report", text="已整改")
    with pytest.raises(IllegalMove, match="四眼"):
        services.rectification_move(actor=world.admin, item=item, action="accept", text="")
    page = login(world.admin).get(f"/guidance/{record.pk}/").content.decode()
    assert "复核通过，销号" not in page
    assert services.rectification_move(actor=world.a.inspector, item=item, action="accept").state == "closed"


def test_overdue_items_are_listed_for_the_county_and_shown_to_the_director(world, login):
    record = factories.guidance(world.a, on=date(2024, 3, 1))
    overdue = services.rectification_add(actor=world.a.inspector, record=record, problem="逾期的问题甲",
                                         measure="", owner="张主任", due_on=date(2024, 3, 15))
    services.rectification_add(actor=world.a.inspector, record=record, problem="未到期的问题乙", measure="",
                               owner="张主任", due_on=date(2099, 1, 1))
    county = login(world.a.inspector).get("/guidance/").content.decode()
    overdue_part = county[county.index("逾期未整改"):county.index("未销号的整改事项")]
    assert "逾期的问题甲" in overdue_part and "未到期的问题乙" not in overdue_part
    assert "逾期的问题甲" in login(world.a.inspector).get("/evaluations/county/").content.decode()
    centre_page = login(world.a.director).get(f"/centres/{world.a.centre.pk}/").content.decode()
    assert "有 1 项整改已逾期" in centre_page and "逾期的问题甲"[:10] in centre_page
    assert "逾期的问题甲" not in login(world.b.inspector).get("/guidance/").content.decode()
    services.rectification_move(actor=world.a.director, item=overdue, action="report", text="已整改")
    assert "有 1 项整改已逾期" not in login(world.a.director).get(f"/centres/{world.a.centre.pk}/").content.decode()


def test_items_lost_in_an_inspection_become_rectification_items_in_one_step(world, login, station_rubric):
    answers = {**factories.full_answers(station_rubric), "1.1.1": False, "2.1.1": False}
    inspection = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric,
                                      answers=answers, state="submitted")
    client = login(world.a.inspector)
    response = client.post(f"/evaluations/{inspection.pk}/rectify/", {"limit_days": 10, "owner": "甲村代办员"})
    record = GuidanceRecord.objects.get()
    assert response["Location"] == f"/guidance/{record.pk}/"
    assert record.evaluation == inspection and record.station == world.a.station
    codes = set(RectificationItem.objects.values_list("criterion_code", flat=True))
    lost = {code for code, value in answers.items() if value is False}  # computed answers overridden to full
    assert codes == lost
    item = RectificationItem.objects.get(criterion_code="1.1.1")
    assert item.owner == "甲村代办员" and item.limit_days == 10 and item.lost_points > 0
    assert item.problem.startswith("1.1.1 ")
    # once only: running it again adds nothing
    client.post(f"/evaluations/{inspection.pk}/rectify/", {"limit_days": 10})
    assert RectificationItem.objects.count() == len(lost) and GuidanceRecord.objects.count() == 1


def test_a_self_assessment_or_a_draft_does_not_make_rectification_items(world, login, station_rubric):
    own = factories.evaluation(world.a, kind="self", subject=world.a.station, version=station_rubric,
                               answers=factories.full_answers(station_rubric), state="submitted")
    draft = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric)
    client = login(world.a.inspector)
    for evaluation in (own, draft):
        client.post(f"/evaluations/{evaluation.pk}/rectify/", {"limit_days": 10})
    assert not RectificationItem.objects.exists()
    assert login(world.a.director).post(f"/evaluations/{own.pk}/rectify/", {"limit_days": 10}).status_code == 404
