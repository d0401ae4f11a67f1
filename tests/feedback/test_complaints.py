"""Complaints (街道提升年方案 附件6 投诉受理制): intake, 5/15 working-day deadlines from the day after receipt, states through one
table, confidential identity, and the hook that asks staff scoring for a deduction."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from feedback import selectors, services
from feedback.models import Complaint, ComplaintState
from feedback.workflow import IllegalMove
from tests.feedback import factories as fb

pytestmark = pytest.mark.django_db


def move(complaint, action, actor, **data):
    return services.complaint_move(complaint=complaint, action=action, actor=actor, **data)


def dated(complaint, received_on):
    Complaint.objects.filter(pk=complaint.pk).update(received_on=received_on)
    complaint.refresh_from_db()
    return complaint


def test_a_written_complaint_is_answered_within_5_working_days_from_the_day_after(world, calendar_2025):
    c = dated(fb.complaint(world.a), dt.date(2025, 9, 29))
    assert selectors.complaints_with_deadlines(world.a.director, [c])[0].deadline.due == dt.date(2025, 10, 13)


def test_a_complex_complaint_gets_15_working_days(world, calendar_2025):
    c = dated(fb.complaint(world.a, complex=True, complex_reason="涉及县人社局和医保局"), dt.date(2025, 9, 30))
    assert selectors.complaints_with_deadlines(world.a.director, [c])[0].deadline.due == dt.date(2025, 10, 28)


def test_marking_a_complaint_complex_extends_it_once(world, calendar_2025):
    c = dated(fb.complaint(world.a), dt.date(2025, 9, 30))
    c = move(c, "mark_complex", world.a.director, note="涉及两个部门")
    assert c.limit_days == 15
    with pytest.raises(IllegalMove):
        move(c, "mark_complex", world.a.director, note="再延")


def test_a_complaint_in_a_year_without_a_schedule_shows_the_red_warning(login, world):
    c = fb.complaint(world.a)
    Complaint.objects.filter(pk=c.pk).update(received_on=dt.date(2027, 1, 4))
    from workdays.models import YearSchedule

    YearSchedule.objects.filter(year=2027).delete()
    page = login(world.a.director).get(reverse("feedback:complaint_detail", kwargs={"complaint": c.pk}))
    assert "2027-01-11" in page.text and "2027年法定节假日安排尚未录入" in page.text


def test_the_road_of_a_complaint_through_every_state(world):
    today = timezone.localdate()
    c = fb.complaint(world.a)
    assert c.state == ComplaintState.RECEIVED
    c = move(c, "investigate", world.a.director)
    c = move(c, "substantiate", world.a.director, on=today, note="查看录像属实")
    assert c.finding == "valid"
    c = move(c, "reply", world.a.director, on=today, note="电话答复，已致歉")
    assert c.state == ComplaintState.REPLIED and not c.is_open
    d = move(move(fb.complaint(world.a), "investigate", world.a.director), "dismiss", world.a.director, on=today,
             note="经核实窗口按规定办理")
    assert d.state == ComplaintState.UNFOUNDED and d.finding == "invalid"
    w = move(fb.complaint(world.a), "withdraw", world.a.director, note="投诉人表示理解，撤回")
    assert w.state == ComplaintState.WITHDRAWN


@pytest.mark.parametrize("state, action", [
    ("received", "reply"), ("received", "substantiate"), ("investigating", "investigate"),
    ("replied", "investigate"), ("replied", "withdraw"), ("withdrawn", "reply"), ("unfounded", "substantiate"),
    ("received", "request_deduction"),
])
def test_illegal_complaint_moves_are_refused(world, state, action):
    c = fb.complaint(world.a)
    Complaint.objects.filter(pk=c.pk).update(state=state)
    c.refresh_from_db()
    with pytest.raises(IllegalMove):
        move(c, action, world.a.director, note="x", on=timezone.localdate(), rule="18")
    c.refresh_from_db()
    assert c.state == state


def test_an_inspector_reads_complaints_but_cannot_move_them(world):
    with pytest.raises(IllegalMove):
        move(fb.complaint(world.a), "investigate", world.a.inspector)


def test_findings_are_audited_without_the_complainant_identity(world):
    c = move(fb.complaint(world.a), "investigate", world.a.director)
    move(c, "substantiate", world.a.director, on=timezone.localdate(), note="属实")
    entries = AuditEntry.objects.filter(object_id=str(c.pk), action__startswith="投诉")
    assert entries.filter(action="投诉：经查属实").exists()
    assert AuditEntry.objects.filter(action="受理投诉").exists()
    for entry in AuditEntry.objects.all():
        assert "王秘密" not in f"{entry.summary}{entry.before}{entry.after}{entry.reason}"
        assert "13912345678" not in f"{entry.summary}{entry.before}{entry.after}{entry.reason}"


def test_a_verified_complaint_creates_the_matching_deduction_event_for_the_staff_member(world):
    from staff_scoring.models import StaffEvent
    from tests.staff_scoring.factories import ensure_schemes

    ensure_schemes()
    today = timezone.localdate()
    c = move(move(fb.complaint(world.a), "investigate", world.a.director), "substantiate", world.a.director,
             on=today, note="属实")
    c = move(c, "request_deduction", world.a.director, rule="18", note="推诿")
    assert c.deduction_requested and c.state == ComplaintState.SUBSTANTIATED
    assert (c.deduction_scheme, c.deduction_rule) == ("baolin-window-staff", "18")  # the scheme in force, not asked
    event = StaffEvent.objects.get(pk=int(c.deduction_event_ref))
    assert (event.staff, event.rule, event.date, event.source) == (c.staff, "18", today, "system")
    assert f"投诉 {c.pk}" in event.note
    assert not selectors.pending_deduction_requests().exists()
    with pytest.raises(IllegalMove):
        move(c, "request_deduction", world.a.director, rule="18")


def test_a_deduction_the_scheme_refuses_rolls_the_request_back(world):
    from staff_scoring.models import StaffEvent
    from tests.staff_scoring.factories import ensure_schemes

    ensure_schemes()
    c = move(move(fb.complaint(world.a), "investigate", world.a.director), "substantiate", world.a.director,
             on=timezone.localdate(), note="属实")
    with pytest.raises(ValidationError):
        move(c, "request_deduction", world.a.director, rule="4", points=Decimal(50))  # outside 25—40
    c.refresh_from_db()
    assert not c.deduction_requested and not StaffEvent.objects.exists()


def test_a_deduction_needs_a_valid_finding_and_a_staff_member(world):
    today = timezone.localdate()
    unfounded = move(move(fb.complaint(world.a), "investigate", world.a.director), "dismiss", world.a.director,
                     on=today, note="不属实")
    replied = move(unfounded, "reply", world.a.director, on=today, note="已答复")
    with pytest.raises(IllegalMove) as caught:
        move(replied, "request_deduction", world.a.director, rule="18")
    assert "经查属实" in str(caught.value)
    window_only = fb.complaint(world.a, staff=None)
    window_only = move(move(window_only, "investigate", world.a.director), "substantiate", world.a.director,
                       on=today, note="属实")
    with pytest.raises(IllegalMove, match="记入窗口月考核扣分"):  # no person to deduct from: the window's path
        move(window_only, "request_deduction", world.a.director, rule="18")


def verified(world, **extra):
    return move(move(fb.complaint(world.a, **extra), "investigate", world.a.director), "substantiate",
                world.a.director, on=timezone.localdate(), note="属实")


def month_score(person):
    from staff_scoring.periods import period_containing
    from staff_scoring.scoring import score_one

    return score_one(person, period_containing(timezone.localdate())).score


WINDOW_DEDUCTIONS = "1、2、3、4、5、6、7、8、9、10a、10b、11、12、13、14、15、16、17、18、19、20、21、22、23、24、25、26、28"


@pytest.mark.parametrize(("rule", "why"), [
    ("B3", "细则B3是加分细则，投诉属实不能加分"),  # QA: B3 收到锦旗 gave +2 and raised the grade to 优秀
    ("99", "「宝林镇便民服务中心窗口工作人员考评」没有细则99"),
    ("27", "细则27按对应细则扣分，请直接选择对应的细则"),  # scored as the rule it names, which the form does not ask
    ("", "请选择扣分细则"),
])
def test_only_a_deduction_rule_of_the_persons_scheme_scores_a_complaint(world, rule, why):
    from staff_scoring.models import StaffEvent
    from tests.staff_scoring.factories import ensure_schemes

    ensure_schemes()
    c = verified(world)
    before = month_score(c.staff)
    with pytest.raises(ValidationError) as caught:
        move(c, "request_deduction", world.a.director, rule=rule, note="x")
    message = " ".join(caught.value.message_dict["rule"])
    assert message == f"{why}：只能选择本岗位计分方案的扣分细则（{WINDOW_DEDUCTIONS}）"
    assert "B" not in message.split("：")[-1]  # the list offers no bonus rule
    c.refresh_from_db()
    assert not c.deduction_requested and not c.deduction_event_ref and c.deduction_rule == ""
    assert not StaffEvent.objects.exists() and month_score(c.staff) == before


def test_a_station_staff_members_complaint_is_scored_by_the_station_scheme(world):
    from staff_scoring.models import StaffEvent
    from tests.staff_scoring.factories import ensure_schemes

    ensure_schemes()
    c = verified(world, window=None, staff=world.a.station_staff)
    with pytest.raises(ValidationError) as caught:
        move(c, "request_deduction", world.a.director, rule="28")  # a window rule: not in the station scheme
    assert "「宝林镇村(社区)便民服务站工作人员考评」没有细则28" in caught.value.message_dict["rule"][0]
    c = move(c, "request_deduction", world.a.director, rule="14")
    event = StaffEvent.objects.get(pk=int(c.deduction_event_ref))
    assert (event.kind, event.rule, event.scheme_version.code) == ("deduction", "14", "baolin-station-staff")
    assert c.deduction_scheme == "baolin-station-staff"


def _deduction_form(page):
    return next(form for move_, form in page.context["actions"] if move_.action == "request_deduction")


def test_the_deduction_form_offers_the_persons_deduction_rules_and_the_page_links_the_event(login, world):
    from staff_scoring.models import StaffEvent
    from tests.staff_scoring.factories import ensure_schemes

    ensure_schemes()
    c = verified(world)
    detail = reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})
    client = login(world.a.director)
    page = client.get(detail)
    codes = [code for code, _ in _deduction_form(page).fields["rule"].choices if code]
    assert ",".join(codes) == WINDOW_DEDUCTIONS.replace("、", ",")  # deductions only: no B1–B8, no 27
    text = page.text
    assert 'name="request_deduction-scheme"' not in text and "扣分方案编码" not in text  # the scheme is not asked
    assert "宝林镇便民服务中心窗口工作人员考评（第1版" in text  # … it is named
    assert "第21条 对办事群众提出的申请或咨询推诿、搪塞或无故不受理、故意拖延受理的。（−5分/次" in text
    assert 'value="B3"' not in text
    # A bonus posted anyway is refused on the rule, nothing recorded.
    before = month_score(c.staff)
    refused = client.post(detail, {"action": "request_deduction", "request_deduction-rule": "B3"})
    assert refused.status_code == 200
    assert _deduction_form(refused).errors["rule"] == ["请从本岗位计分方案的扣分细则中选择"]
    assert not StaffEvent.objects.exists() and month_score(c.staff) == before
    done = client.post(detail, {"action": "request_deduction", "request_deduction-rule": "21",
                                "request_deduction-note": "推诿"})
    assert done.status_code == 302 and done.url == detail
    event = StaffEvent.objects.get()
    assert (event.staff, event.kind, event.rule) == (c.staff, "deduction", "21")
    assert month_score(c.staff) == before - 5
    text = " ".join(client.get(detail).text.split())
    link = reverse("staff_scoring:event_detail", kwargs={"event": event.pk})
    assert "宝林镇便民服务中心窗口工作人员考评（第1版） 第21条" in text and f'href="{link}"' in text
    assert "baolin-window-staff" not in text and f"已登记扣分事件 {event.pk}" not in text
    assert client.get(link).status_code == 200  # the director may open it
    from staff_scoring.services import revoke_event

    revoke_event(event, actor=world.a.director, reason="申诉成立")
    assert "查看扣分记录</a>（已撤销）" in client.get(detail).text


# ---- a verified complaint against a window (no staff member named) → the window's monthly ledger (上虞细则)


def window_complaint(world, **extra):
    from tests.redflags.factories import ensure_scheme

    ensure_scheme()
    c = fb.complaint(world.a, staff=None, **extra)
    return move(move(c, "investigate", world.a.director), "substantiate", world.a.director,
                on=timezone.localdate(), note="查看录像属实")


def window_deduction(complaint, actor, **data):
    """The window path: the window ledger (redflags) records the event and reports it to the complaint."""
    from redflags.services import complaint_deduction

    return complaint_deduction(complaint=complaint, actor=actor, **data)


def window_score(world, day):
    from redflags.ledger import month_ledger

    return month_ledger(world.a.centre, day.year, day.month, windows=[world.a.window]).windows[0]


def test_a_verified_complaint_against_a_window_records_the_window_ledger_event(world):
    from redflags.models import WindowEvent

    today = timezone.localdate()
    c = window_complaint(world)
    assert window_score(world, today).score == 100
    c = window_deduction(c, world.a.director, rule="6.6", points=Decimal("1.5"), note="态度生硬")
    event = WindowEvent.objects.get(pk=int(c.deduction_event_ref))
    assert (event.window, event.rule, event.date, event.points, event.recorded_by) == (
        world.a.window, "6.6", today, Decimal("1.5"), world.a.director)
    assert f"投诉 {c.pk} 经查属实" in event.note
    assert (c.deduction_scheme, c.deduction_rule, c.state) == ("shangyu-window", "6.6", ComplaintState.SUBSTANTIATED)
    month = window_score(world, today)
    assert month.score == Decimal("98.5") and month.eligible
    recorded = AuditEntry.objects.get(action="记录窗口考核事件", object_id=str(event.pk))
    assert recorded.actor == world.a.director and recorded.after["rule"] == "6.6"
    requested = AuditEntry.objects.get(action="投诉：记入窗口月考核扣分", object_id=str(c.pk))
    assert requested.actor == world.a.director and requested.after["deduction_rule"] == "6.6"
    assert requested.before["deduction_rule"] == ""
    with pytest.raises(IllegalMove, match="已申请过扣分"):
        window_deduction(c, world.a.director, rule="6.6", points=Decimal(1))
    assert WindowEvent.objects.count() == 1


def test_a_window_complaint_with_serious_consequences_is_the_severe_item_s5(world):
    c = window_deduction(window_complaint(world), world.a.director, rule="S5")
    month = window_score(world, timezone.localdate())
    assert month.score == 95 and not month.eligible  # 上虞细则 二 倒扣分5: −5, no red flag that month or year
    assert c.deduction_rule == "S5"


@pytest.mark.parametrize("rule, points", [("1.1", Decimal(2)), ("6.6", Decimal(3)), ("6.6", None), ("", None)])
def test_a_window_deduction_the_scheme_refuses_rolls_the_request_back(world, rule, points):
    from redflags.models import WindowEvent

    c = window_complaint(world)
    with pytest.raises(ValidationError):
        window_deduction(c, world.a.director, rule=rule, points=points)
    c.refresh_from_db()
    assert not c.deduction_requested and not c.deduction_event_ref and not WindowEvent.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["记录窗口考核事件", "投诉：记入窗口月考核扣分"]).exists()


def test_the_window_path_is_only_for_verified_complaints_naming_no_staff_member(world):
    from tests.redflags.factories import ensure_scheme

    ensure_scheme()
    today = timezone.localdate()
    named = move(move(fb.complaint(world.a), "investigate", world.a.director), "substantiate", world.a.director,
                 on=today, note="属实")
    with pytest.raises(IllegalMove, match="申请对工作人员扣分"):
        window_deduction(named, world.a.director, rule="6.6", points=Decimal(1))
    unfounded = move(move(fb.complaint(world.a, staff=None), "investigate", world.a.director), "dismiss",
                     world.a.director, on=today, note="不属实")
    with pytest.raises(IllegalMove):
        window_deduction(unfounded, world.a.director, rule="6.6", points=Decimal(1))
    with pytest.raises(IllegalMove):
        window_deduction(window_complaint(world), world.a.inspector, rule="6.6", points=Decimal(1))


def test_the_director_records_the_window_deduction_on_the_complaint_page(login, world):
    c = window_complaint(world)
    detail = reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})
    client = login(world.a.director)
    page = client.get(detail).text
    assert 'value="request_window_deduction"' in page and 'value="request_deduction"' not in page
    record = reverse("redflags:complaint_deduction", kwargs={"complaint": c.pk})  # the form posts to the window ledger
    assert f'action="{record}"' in page
    bad = client.post(record, {"request_window_deduction-rule": "6.6", "request_window_deduction-points": "5"})
    assert bad.status_code == 200 and "细则6.6每次扣 0.2—2 分" in bad.text
    response = client.post(record, {"request_window_deduction-rule": "6.6", "request_window_deduction-points": "0.5"})
    assert response.status_code == 302 and response.url == detail
    c.refresh_from_db()
    assert c.deduction_event_ref
    page = client.get(detail).text
    assert "已记入窗口考核记录" in page and 'value="request_window_deduction"' not in page
    assert f"已记入窗口考核记录 {c.deduction_event_ref}" not in page and "查看窗口当月考核" in page  # no raw id
    assert window_score(world, timezone.localdate()).score == Decimal("99.5")


def test_intake_validates_in_chinese(world):
    with pytest.raises(ValidationError) as caught:
        fb.complaint(world.a, window=None, staff=None)
    assert "被投诉的窗口或工作人员" in str(caught.value)
    with pytest.raises(ValidationError):
        fb.complaint(world.a, window=world.b.window)
    with pytest.raises(ValidationError):
        fb.complaint(world.a, complainant_phone="123")
    with pytest.raises(ValidationError):
        fb.complaint(world.a, received_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        fb.complaint(world.a, complex=True, complex_reason="")
    assert "复杂投诉" in str(caught.value)


# ---- identity: visible only to the handling role


def test_the_director_of_the_centre_and_the_admin_see_the_complainant(login, world):
    c = fb.complaint(world.a)
    for user in (world.a.director, world.admin):
        client = login(user)
        for url in (reverse("feedback:complaint_list"), reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})):
            text = client.get(url).text
            assert "王秘密" in text and "13912345678" in text, (user, url)


def test_the_county_inspector_sees_the_complainant_masked(login, world):
    c = fb.complaint(world.a)
    client = login(world.a.inspector)
    for url in (reverse("feedback:complaint_list"), reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})):
        text = client.get(url).text
        assert "王秘密" not in text and "13912345678" not in text
        assert "王**" in text and "139****5678" in text


def test_staff_and_other_counties_cannot_see_a_complaint_at_all(login, world):
    c = fb.complaint(world.a)
    url = reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})
    for user in (world.a.staff_user, world.b.director, world.b.inspector, world.nobody):
        assert login(user).get(url).status_code == 404
    assert "王秘密" not in login(world.b.director).get(reverse("feedback:complaint_list")).text


def test_the_director_takes_a_complaint_through_the_pages(login, world):
    client = login(world.a.director)
    url = reverse("feedback:complaint_create", kwargs={"centre": world.a.centre.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"mode": "oral", "category": "4", "summary": "", "received_on": "2025-02-30"})
    assert bad.status_code == 200 and "请填写投诉内容" in bad.text and "日期格式应为" in bad.text
    response = client.post(url, {
        "mode": "oral", "category": "4", "summary": "态度生硬", "window": world.a.window.pk,
        "complainant_name": "赵某", "complainant_phone": "13500001111", "received_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 302
    c = Complaint.objects.get(complainant_name="赵某")
    detail = reverse("feedback:complaint_detail", kwargs={"complaint": c.pk})
    assert client.post(detail, {"action": "investigate"}).status_code == 302
    assert client.post(detail, {"action": "reply", "reply-note": "x"}).status_code == 302  # not allowed: message
    c.refresh_from_db()
    assert c.state == ComplaintState.INVESTIGATING


def test_the_overdue_list_shows_open_complaints_past_their_deadline(login, world, calendar_2025):
    old = dated(fb.complaint(world.a), dt.date(2025, 9, 29))
    new = fb.complaint(world.a)
    text = login(world.a.director).get(reverse("feedback:complaint_list"), {"state": "overdue"}).text
    assert f"/complaints/{old.pk}/" in text and f"/complaints/{new.pk}/" not in text
