"""附加分: declared for a window and a month, checked, approved (audited); only approved points count, cap 5."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import history
from redflags import services
from redflags.ledger import month_ledger
from redflags.models import Declaration, DeclarationState
from tests.redflags.factories import declare

pytestmark = pytest.mark.django_db


def score(world):
    return month_ledger(world.a.centre, 2025, 10, windows=[world.a.window]).windows[0].score


def test_the_director_declares_checks_and_approves_through_the_pages(world, scheme, login):
    client = login(world.a.director)
    url = reverse("redflags:declaration_edit", kwargs={"window": world.a.window.pk, "year": 2025, "month": 10})
    assert client.get(url).status_code == 200
    data = {"items-TOTAL_FORMS": "4", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "13", "items-0-rule": "A4", "items-0-points": "2",
            "items-0-reason": "推行预约服务", "items-1-rule": "A7", "items-1-points": "1.5",
            "items-1-reason": "暗访表现优秀", "note": "十月申报"}
    response = client.post(url, data)
    declaration = Declaration.objects.get(window=world.a.window, year=2025, month=10)
    assert response.status_code == 302 and response["Location"].endswith(f"/declarations/{declaration.pk}/")
    assert [(i.rule, i.points) for i in declaration.items.all()] == [("A4", Decimal(2)), ("A7", Decimal("1.5"))]
    detail = reverse("redflags:declaration_detail", kwargs={"declaration": declaration.pk})
    assert score(world) == 100
    client.post(detail, {"action": "check", "check-note": "属实"})
    client.post(detail, {"action": "approve", "approve-note": ""})
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.APPROVED and declaration.approved_by == world.a.director
    assert score(world) == Decimal("103.5")
    actions = [e.action for e in history(declaration)]
    assert "附加分申报：审定" in actions and "附加分申报：审核通过" in actions and "申报附加分" in actions
    approval = next(e for e in history(declaration) if e.action == "附加分申报：审定")
    assert approval.actor == world.a.director and approval.before["state"] == "checked"
    assert approval.after["state"] == "approved"


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
    with pytest.raises(ValidationError, match="您的角色不能执行"):
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
