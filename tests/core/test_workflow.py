"""One workflow machine (core.workflow) under every app's table: states, people, guards, buttons."""

import pytest

from core.workflow import IllegalMove, Move, Workflow


def once(obj, **_):
    return "只能延期一次" if obj and obj.get("extended") else None


def not_own(obj, declarer=False, **_):
    return "申报人不能审定本人申报的事项" if declarer else None


TABLE = Workflow("事项", {"open": "办理中", "done": "已办结"}, [
    Move("close", "办结", ("open",), "done", ("director",)),
    Move("extend", "延期", ("open",), None, ("director",), guards=(once,)),
    Move("approve", "审定", ("open",), "done", ("director", "admin"), guards=(not_own,)),
    Move("edit", "修改", ("open",), "open", ("staff",), by_form=True),
])


def test_a_move_from_its_state_by_its_people_goes_to_its_target():
    assert TABLE.move("open", "close", "director").after("open") == "done"
    assert TABLE.move("open", "extend", {"director", "owner"}, {}).after("open") == "open"  # None: the state stays


@pytest.mark.parametrize(("state", "action", "who", "message"), [
    ("done", "close", "director", "事项当前状态为「已办结」，不能执行「办结」"),
    ("open", "close", "staff", "您不能对该事项执行「办结」"),
    ("open", "fly", "director", "未知的操作：fly"),
])
def test_a_move_outside_the_table_is_refused_in_chinese(state, action, who, message):
    with pytest.raises(IllegalMove, match=message):
        TABLE.move(state, action, who)


def test_a_guard_refuses_with_its_own_reason_and_the_page_does_not_offer_the_move():
    with pytest.raises(IllegalMove, match="只能延期一次"):
        TABLE.move("open", "extend", "director", {"extended": True})
    assert [m.action for m in TABLE.allowed("open", "director", {"extended": True})] == ["close", "approve"]
    assert [m.action for m in TABLE.allowed("open", "director", {})] == ["close", "extend", "approve"]


def test_a_guard_reads_what_the_caller_knows():
    with pytest.raises(IllegalMove, match="申报人不能审定"):
        TABLE.move("open", "approve", "admin", {}, declarer=True)
    assert not TABLE.can("open", "approve", "admin", {}, declarer=True)
    assert TABLE.can("open", "approve", "admin", {}, declarer=False)


def test_a_move_made_by_a_form_is_no_button_but_is_allowed():
    assert TABLE.allowed("open", "staff") == []
    assert TABLE.can("open", "edit", "staff")


def test_every_app_keeps_only_its_table():
    from assessment import workflow as assessment
    from feedback import workflow as feedback
    from redflags import workflow as redflags
    from staff_scoring import workflow as staff_scoring

    machine = {"IllegalMove": IllegalMove, "Move": Move, "Workflow": Workflow}
    for module in (assessment, feedback, redflags, staff_scoring):
        own = {name: value for name, value in vars(module).items() if isinstance(value, type)
               and value.__module__ == module.__name__}
        assert own == {}, f"{module.__name__} defines its own {sorted(own)}"
        assert all(getattr(module, name, thing) is thing for name, thing in machine.items())
        assert any(isinstance(value, Workflow) for value in vars(module).values())  # its table
