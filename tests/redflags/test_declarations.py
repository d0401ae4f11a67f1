"""附加分: declared for a window and a month, checked, approved (audited); only approved points count, cap 5."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.audit import history
from redflags import services
from redflags.ledger import month_ledger
from redflags.models import Declaration, DeclarationState
from tests import factories
from tests.redflags.factories import declare, record

pytestmark = pytest.mark.django_db


def score(world):
    return month_ledger(world.a.centre, 2025, 10, windows=[world.a.window]).windows[0].score


DATA = {"items-TOTAL_FORMS": "4", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "13", "items-0-rule": "A4", "items-0-points": "2",
        "items-0-reason": "推行预约服务", "items-1-rule": "A7", "items-1-points": "1.5",
        "items-1-reason": "暗访表现优秀", "note": "十月申报"}


def declare_url(window, year=2025, month=10):
    return reverse("redflags:declaration_edit", kwargs={"window": window.pk, "year": year, "month": month})


def test_the_window_declares_and_the_director_checks_and_approves_through_the_pages(world, scheme, login):
    """上虞细则 二12 加分由各窗口在月底进行申报，职能科室进行审核，“中心”考核领导小组审定."""
    staff = login(world.a.staff_user)
    url = declare_url(world.a.window)
    assert staff.get(url).status_code == 200
    response = staff.post(url, DATA)
    declaration = Declaration.objects.get(window=world.a.window, year=2025, month=10)
    assert response.status_code == 302 and response["Location"].endswith(f"/declarations/{declaration.pk}/")
    assert declaration.declared_by == world.a.staff_user and declaration.state == DeclarationState.DECLARED
    assert [(i.rule, i.points) for i in declaration.items.all()] == [("A4", Decimal(2)), ("A7", Decimal("1.5"))]
    detail = reverse("redflags:declaration_detail", kwargs={"declaration": declaration.pk})
    page = staff.get(detail)
    assert page.status_code == 200 and "修改申报" in page.text and 'value="approve"' not in page.text
    staff.post(detail, {"action": "check", "check-note": "自己审核"})  # not the window's move
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.DECLARED
    assert score(world) == 100
    client = login(world.a.director)
    client.post(detail, {"action": "check", "check-note": "属实"})
    client.post(detail, {"action": "approve", "approve-note": ""})
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.APPROVED and declaration.approved_by == world.a.director
    assert score(world) == Decimal("103.5")
    actions = [e.action for e in history(declaration)]
    assert "附加分申报：审定" in actions and "附加分申报：审核通过" in actions and "申报附加分" in actions
    declared = next(e for e in history(declaration) if e.action == "申报附加分")
    assert declared.actor == world.a.staff_user
    approval = next(e for e in history(declaration) if e.action == "附加分申报：审定")
    assert approval.actor == world.a.director and approval.before["state"] == "checked"
    assert approval.after["state"] == "approved"


def other_window_staff(world):
    """A second window of the same centre, with its own staff member and account."""
    window = factories.window(world.a.centre, number=2, name="不动产登记")
    person = factories.staff(centre_=world.a.centre, window_=window, name="乙窗口员")
    return window, factories.user("staff-window-2", Role.STAFF, staff=person)


def test_window_staff_declare_only_for_their_own_window(world, scheme, login):
    window, _ = other_window_staff(world)
    staff = login(world.a.staff_user)
    for url in (declare_url(window), declare_url(world.b.window)):
        assert staff.get(url).status_code == 404
        assert staff.post(url, DATA).status_code == 404
    assert not Declaration.objects.exists()
    theirs = declare(window, 2025, 10, [("A4", 1)], actor=world.a.director)
    assert staff.get(reverse("redflags:declaration_detail", kwargs={"declaration": theirs.pk})).status_code == 404
    with pytest.raises(ValidationError, match="只能申报本人所在窗口的附加分"):
        declare(window, 2025, 11, [("A4", 1)], actor=world.a.staff_user)
    with pytest.raises(ValidationError, match="您的角色不能申报附加分"):
        declare(world.a.window, 2025, 11, [("A4", 1)], actor=world.a.inspector)


def test_a_staff_member_who_has_left_the_window_cannot_declare_for_it(world, scheme, login):
    person = world.a.staff_user.staff
    person.active_to = dt.date(2025, 1, 31)
    person.save()
    assert login(world.a.staff_user).get(declare_url(world.a.window)).status_code == 404


def test_the_window_cannot_check_or_approve_its_own_declaration(world, scheme):
    declaration = declare(world.a.window, 2025, 10, [("A4", 1)], actor=world.a.staff_user)
    for action in ("check", "approve", "return"):
        with pytest.raises(ValidationError):
            services.declaration_move(actor=world.a.staff_user, declaration=declaration, action=action, note="x")
    with pytest.raises(ValidationError, match="请在申报表中"):
        services.declaration_move(actor=world.a.director, declaration=declaration, action="declare")
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.DECLARED


def test_the_declarer_may_not_approve_their_own_declaration(world, scheme, login):
    declaration = declare(world.a.window, 2025, 10, [("A4", 2)], actor=world.a.director)
    declaration = services.declaration_move(actor=world.a.director, declaration=declaration, action="check")
    with pytest.raises(ValidationError, match="申报人不能审定本人申报的附加分"):
        services.declaration_move(actor=world.a.director, declaration=declaration, action="approve")
    detail = reverse("redflags:declaration_detail", kwargs={"declaration": declaration.pk})
    client = login(world.a.director)
    page = client.get(detail)
    assert 'value="approve"' not in page.text and "申报人不能审定本人申报的附加分" in page.text
    client.post(detail, {"action": "approve", "approve-note": ""})
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.CHECKED and score(world) == 100
    services.declaration_move(actor=world.admin, declaration=declaration, action="approve")
    declaration.refresh_from_db()
    assert declaration.is_approved and declaration.approved_by == world.admin and score(world) == 102


def test_the_window_corrects_a_returned_declaration_and_submits_it_again(world, scheme, login):
    declaration = declare(world.a.window, 2025, 10, [("A4", 5)], actor=world.a.staff_user)
    services.declaration_move(actor=world.a.director, declaration=declaration, action="return", note="分值过高")
    staff = login(world.a.staff_user)
    form = staff.get(declare_url(world.a.window))
    assert form.status_code == 200 and "分值过高" in form.text
    assert form.context["revision"] == declaration.revision + 1  # the return moved it on
    assert staff.post(declare_url(world.a.window), {**DATA, "revision": form.context["revision"]}).status_code == 302
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.DECLARED and declaration.declared_by == world.a.staff_user
    assert history(declaration).filter(action="修改附加分申报", actor=world.a.staff_user).exists()


def test_two_corrections_from_the_same_page_cannot_both_land(world, scheme, login):
    declare(world.a.window, 2025, 10, [("A4", 5)], actor=world.a.staff_user)
    staff = login(world.a.staff_user)
    loaded = staff.get(declare_url(world.a.window)).context["revision"]
    first = {**DATA, "revision": loaded, "items-0-points": "3", "note": "第一人更正"}
    assert staff.post(declare_url(world.a.window), first).status_code == 302
    director = login(world.a.director)
    second = director.post(declare_url(world.a.window), {**DATA, "revision": loaded, "note": "第二人更正"})
    assert second.status_code == 409
    assert "保存未成功：本月附加分申报已被" in second.text and "第一人更正" in second.text
    assert second.context["revision"] == loaded + 1
    declaration = Declaration.objects.get(window=world.a.window, year=2025, month=10)
    assert declaration.note == "第一人更正" and declaration.items.get(rule="A4").points == Decimal(3)
    assert history(declaration).filter(action="修改附加分申报").count() == 1


def test_a_form_loaded_before_the_declaration_existed_does_not_overwrite_it(world, scheme, login):
    page = login(world.a.director).get(declare_url(world.a.window))
    assert page.context["revision"] == 0
    declare(world.a.window, 2025, 10, [("A4", 5)], actor=world.a.staff_user)
    response = login(world.a.director).post(declare_url(world.a.window), {**DATA, "revision": "0"})
    assert response.status_code == 409
    assert [i.points for i in Declaration.objects.get().items.all()] == [Decimal(5)]


def test_the_staff_member_finds_the_declaration_from_the_nav(world, scheme, login):
    staff = login(world.a.staff_user)
    my_window = reverse("redflags:my_window")
    assert f'href="{my_window}"' in staff.get(reverse("home")).text
    page = staff.get(my_window)
    today = timezone.localdate()
    assert page.status_code == 200 and str(world.a.window) in page.text
    assert declare_url(world.a.window, today.year, today.month) in page.text
    declaration = declare(world.a.window, today.year, today.month, [("A4", 1)], actor=world.a.staff_user)
    page = staff.get(my_window)
    assert reverse("redflags:declaration_detail", kwargs={"declaration": declaration.pk}) in page.text
    for user in (world.a.director, world.a.inspector, world.admin):
        assert login(user).get(my_window).status_code == 404
    station = factories.user("station-agent", Role.STAFF, staff=world.a.station_staff)
    assert "没有对应的在岗窗口" in login(station).get(my_window).text


def test_an_inspector_reads_a_declaration_but_cannot_approve_it(world, scheme, login):
    declaration = declare(world.a.window, 2025, 10, [("A4", 1)], actor=world.a.director)
    declaration = services.declaration_move(actor=world.a.director, declaration=declaration, action="check")
    client = login(world.a.inspector)
    detail = reverse("redflags:declaration_detail", kwargs={"declaration": declaration.pk})
    assert client.get(detail).status_code == 200
    client.post(detail, {"action": "approve"})
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.CHECKED


def test_moves_outside_the_table_are_refused_in_chinese(world, scheme):
    declaration = declare(world.a.window, 2025, 10, [("A4", 1)], actor=world.a.director)
    with pytest.raises(ValidationError, match="当前状态为「已申报，待审核」，不能执行「审定」"):
        services.declaration_move(actor=world.a.director, declaration=declaration, action="approve")
    with pytest.raises(ValidationError) as exc:
        services.declaration_move(actor=world.a.director, declaration=declaration, action="return")
    assert exc.value.message_dict["note"] == ["请填写退回修改的理由"]
    with pytest.raises(ValidationError, match="您不能对该附加分申报执行「审核通过」"):
        services.declaration_move(actor=world.a.inspector, declaration=declaration, action="check")


def test_a_returned_declaration_is_corrected_and_declared_again(world, scheme):
    declaration = declare(world.a.window, 2025, 10, [("A4", 5)], actor=world.a.director)
    services.declaration_move(actor=world.a.director, declaration=declaration, action="return", note="分值过高")
    again = declare(world.a.window, 2025, 10, [("A4", 2)], actor=world.a.director)
    assert again.pk == declaration.pk and again.state == DeclarationState.DECLARED
    assert [i.points for i in again.items.all()] == [Decimal(2)]


def test_an_approved_declaration_cannot_be_changed_until_approval_is_withdrawn(world, scheme, login):
    declaration = declare(world.a.window, 2025, 10, [("A4", 2)], actor=world.a.director, approve=True)
    with pytest.raises(ValidationError, match="已审定，不能再修改"):
        declare(world.a.window, 2025, 10, [("A4", 5)], actor=world.a.director)
    url = reverse("redflags:declaration_edit", kwargs={"window": world.a.window.pk, "year": 2025, "month": 10})
    assert login(world.a.director).get(url).status_code == 302
    services.declaration_move(actor=world.a.director, declaration=declaration, action="reopen", note="更正")
    assert score(world) == 100


@pytest.mark.parametrize("items, message", [
    ([], "请至少填写一项附加分"),
    ([{"rule": "A4", "points": Decimal("0.2"), "reason": "x"}], "第 1 项：细则A4每次加 0.3—5 分，填写的是 0.2"),
    ([{"rule": "A4", "points": Decimal(6), "reason": "x"}], "第 1 项：细则A4每次加 0.3—5 分，填写的是 6"),
    ([{"rule": "A4", "points": None, "reason": "x"}], "第 1 项：细则A4每次加 0.3—5 分，请填写本次分值"),
    ([{"rule": "A4", "points": Decimal(1), "reason": ""}], "第 1 项：请填写加分事由"),
    ([{"rule": "1.1", "points": Decimal(1), "reason": "x"}], "第 1 项：请选择附加分情形（1）—（13）"),
    ([{"rule": "9.extra", "points": Decimal("0.2"), "reason": "x"}], "第 1 项：请选择附加分情形（1）—（13）"),
])
def test_a_bad_declaration_is_refused_item_by_item(world, scheme, items, message):
    with pytest.raises(ValidationError) as exc:
        services.declaration_save(actor=world.a.director, window=world.a.window, year=2025, month=10, items=items)
    assert message in exc.value.messages


def test_a_future_month_cannot_be_declared(world, scheme):
    with pytest.raises(ValidationError, match="不能申报尚未开始的月份"):
        services.declaration_save(actor=world.a.director, window=world.a.window, year=2099, month=1,
                                  items=[{"rule": "A4", "points": Decimal(1), "reason": "x"}])


def test_the_declaration_page_shows_service_errors_on_the_form(world, scheme, login):
    url = reverse("redflags:declaration_edit", kwargs={"window": world.a.window.pk, "year": 2025, "month": 10})
    data = {"items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0", "items-0-rule": "A4", "items-0-points": "9",
            "items-0-reason": "x"}
    response = login(world.a.director).post(url, data)
    assert response.status_code == 200
    assert "每项最多加 5 分" in response.content.decode()
    data["items-0-points"] = "1"
    data["items-0-reason"] = ""
    response = login(world.a.director).post(url, data)
    assert "第 1 项：请填写加分事由" in response.content.decode()
    response = login(world.a.director).post(url, {"note": "x"})  # no management form
    assert response.status_code == 200 and "表单数据不完整" in response.content.decode()


# ------------------------------------------------------------------------------------------------ points and choices


def test_a_value_below_the_rules_range_gets_the_range_message_not_a_zero_one(world, scheme, login):
    """QA: 0.1 answered 「分值应大于 0」: the form's min_value was the float 0.1, and Decimal("0.1") < 0.1. Now the form
    leaves the range to the service, whose message names the rule and its range, and the input follows the range."""
    client = login(world.a.staff_user)
    url = declare_url(world.a.window)
    page = client.get(url).text
    assert 'name="items-0-points"' in page
    assert 'min="0.3"' in page and 'max="5"' in page and 'step="0.1"' in page and 'min="0.1"' not in page
    data = {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-rule": "A2", "items-0-reason": "协调办理"}
    for points, message in [("0.1", "第 1 项：细则A2每次加 0.3—5 分，填写的是 0.1"),
                            ("0.2", "第 1 项：细则A2每次加 0.3—5 分，填写的是 0.2"),
                            ("0", "分值应大于 0"), ("-1", "分值应大于 0"), ("9", "每项最多加 5 分"),
                            ("0.25", "分值最多保留 1 位小数")]:
        text = client.post(url, {**data, "items-0-points": points}).text
        assert message in text, points
        if points in ("0.1", "0.2"):
            assert "分值应大于 0" not in text
    assert not Declaration.objects.exists()
    assert client.post(url, {**data, "items-0-points": "0.3"}).status_code == 302
    assert Declaration.objects.get().items.get().points == Decimal("0.3")


def test_the_choices_are_cut_with_an_ellipsis_and_the_short_ones_are_whole(scheme):
    from redflags.forms import CHOICE_CHARS, DeclarationItemForm
    from staff_scoring.schemes import scheme_of

    rules = scheme_of(scheme).rules
    choices = dict(DeclarationItemForm(scheme=scheme_of(scheme)).fields["rule"].choices)
    long_text = rules["A5"].text
    assert len(long_text) > CHOICE_CHARS
    assert choices["A5"] == f"（5）{long_text[:CHOICE_CHARS - 1]}…"
    assert choices["A13"] == f"（13）{rules['A13'].text}"  # 其他需要加分的: whole, no ellipsis


def test_the_record_forms_send_a_tenth_of_a_point_to_the_range_check(world, scheme):
    """The same float min_value (0.1) sat on the event and the complaint-deduction forms."""
    from centers.models import Window
    from feedback.forms import WindowDeductionForm
    from redflags.forms import EventForm
    from redflags.ledger import current_version
    from staff_scoring.schemes import scheme_of

    scheme_ = scheme_of(current_version(dt.date(2025, 10, 9)))
    form = EventForm({"window": world.a.window.pk, "date": "2025-10-09", "rule": "1.3", "points": "0.1",
                      "occurrences": "1", "note": "x"}, windows=Window.objects.all(), scheme=scheme_)
    assert form.is_valid(), form.errors
    form = WindowDeductionForm({"rule": "6.6", "points": "0.1"})
    assert form.is_valid(), form.errors


# ------------------------------------------------------------------------------------------------ published months


def publish(world, year=2025, month=10):
    return services.month_publish(actor=world.a.director, centre=world.a.centre, year=year, month=month)


def results(year=2025, month=10):
    from redflags.models import MonthResult

    return sorted(MonthResult.objects.filter(publication__year=year, publication__month=month)
                  .values_list("window_id", "score", "rank", "red_flag", "last"))


def test_a_published_month_takes_no_more_declarations(world, scheme):
    """QA: October 2026, published on 2026-11-04, still took a declaration (「已申报附加分，待审核」)."""
    publication = publish(world)
    at = f"{timezone.localtime(publication.published_at):%Y-%m-%d}"
    for actor in (world.a.staff_user, world.a.director, world.admin):
        with pytest.raises(ValidationError) as exc:
            declare(world.a.window, 2025, 10, [("A4", 1)], actor=actor)
        assert exc.value.messages == [f"2025年10月考核结果已于 {at} 审定发布，不能再申报该月附加分"]
    assert not Declaration.objects.exists()
    assert declare(world.a.window, 2025, 9, [("A4", 1)], actor=world.a.staff_user).state == DeclarationState.DECLARED


def test_a_declaration_left_pending_at_publication_is_not_approved_after_it(world, scheme):
    """Declared before the month was published, reviewed after: refused (the decision of docs/redflags.md §2). The
    考核领导小组 审定 the 附加分 and the month alike (上虞细则 二12); one not approved when the month was 审定发布 missed it.
    Approving it would not touch the stored ranking, but the month page would rank live on it (a red flag moving) and
    a re-publication would rewrite red flags and notices already announced. It may still be returned, with a reason."""
    other, _ = other_window_staff(world)
    record(world.a.window, "2025-10-03", "1.1", 1, actor=world.a.director)  # 99; the other window 100
    services.policy_update(actor=world.a.director, centre=world.a.centre, monthly_red_flags=1, annual_red_flags=1)
    pending = declare(world.a.window, 2025, 10, [("A4", 5)], actor=world.a.staff_user)  # would make it 104, first
    checked = declare(other, 2025, 10, [("A7", 1)], actor=world.a.director)
    checked = services.declaration_move(actor=world.admin, declaration=checked, action="check")
    publish(world)
    published = results()
    assert [r[3] for r in published if r[0] == other.pk] == [True]  # the other window holds the red flag
    with pytest.raises(ValidationError, match="不能再审核、审定该月附加分；发布前未审定的申报不计入该月得分，可退回并说明理由"):
        services.declaration_move(actor=world.a.director, declaration=pending, action="check")
    with pytest.raises(ValidationError, match="不能再审核、审定该月附加分"):
        services.declaration_move(actor=world.admin, declaration=checked, action="approve")
    with pytest.raises(ValidationError, match="不能再申报该月附加分"):  # nor corrected by the window
        declare(world.a.window, 2025, 10, [("A4", 4)], actor=world.a.staff_user)
    for declaration in (pending, checked):
        declaration.refresh_from_db()
    assert (pending.state, checked.state) == (DeclarationState.DECLARED, DeclarationState.CHECKED)
    assert score(world) == 99 and results() == published
    from redflags.selectors import month_page

    assert not month_page(world.a.centre, 2025, 10).stale
    returned = services.declaration_move(actor=world.a.director, declaration=pending, action="return",
                                         note="本月考核结果已发布，未在发布前审定，不再计分")
    assert returned.state == DeclarationState.RETURNED and results() == published


def test_the_pages_offer_no_declaration_for_a_published_month(world, scheme, login):
    today = timezone.localdate()
    last = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    pending = declare(world.a.window, *last, [("A4", 1)], actor=world.a.staff_user)
    staff = login(world.a.staff_user)
    my_window = reverse("redflags:my_window")
    assert declare_url(world.a.window, *last) in staff.get(my_window).text  # open until published
    publish(world, *last)

    page = staff.get(my_window).text
    assert declare_url(world.a.window, *last) not in page and "审定发布，不能再申报" in page
    assert declare_url(world.a.window, today.year, today.month) in page  # this month stays open
    response = staff.get(declare_url(world.a.window, *last), follow=True)
    assert response.redirect_chain[-1][0] == reverse("redflags:declaration_detail",
                                                     kwargs={"declaration": pending.pk})
    assert "不能再申报该月附加分" in response.text and "修改申报" not in response.text
    response = staff.post(declare_url(world.a.window, *last), {**DATA, "revision": pending.revision})
    assert response.status_code == 302
    assert [(i.rule, i.points) for i in Declaration.objects.get(pk=pending.pk).items.all()] == [("A4", 1)]

    director = login(world.a.director)
    detail = director.get(reverse("redflags:declaration_detail", kwargs={"declaration": pending.pk})).text
    assert 'value="check"' not in detail and 'value="approve"' not in detail and 'value="return"' in detail
    assert "不能再审核、审定该月附加分" in detail
    window, _ = other_window_staff(world)
    month = director.get(reverse("redflags:window_month", kwargs={"window": window.pk, "year": last[0],
                                                                   "month": last[1]})).text
    assert declare_url(window, *last) not in month and "申报附加分" not in month.split("附加分申报", 1)[1]
    response = director.get(declare_url(window, *last))
    assert response.status_code == 302 and response["Location"].endswith(
        f"/windows/{window.pk}/{last[0]}/{last[1]}/")
    assert not Declaration.objects.filter(window=window).exists()
