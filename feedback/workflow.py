"""Status workflows as tables: each move names the states it leaves from, the state it goes to and the
roles allowed to make it. ``Workflow.move()`` is the one place a state changes; an illegal move raises
``IllegalMove`` (a ValidationError, so a form shows it in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from feedback.models import ComplaintState as C
from feedback.models import FollowUpState as F
from feedback.models import NoticeState as N


class IllegalMove(ValidationError):
    """A transition the table does not allow from this state, or not to this role."""


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (e.g. an extension)
    roles: tuple[str, ...]


class Workflow:
    def __init__(self, name: str, labels: dict[str, str], moves: list[Move]):
        self.name = name
        self.labels = labels
        self.moves = {m.action: m for m in moves}

    def move(self, state: str, action: str, role: str) -> str:
        """The state after ``action`` from ``state`` by ``role``; IllegalMove if the table does not allow it."""
        move = self.moves.get(action)
        if move is None:
            raise IllegalMove(f"未知的操作：{action}")
        if state not in move.sources:
            raise IllegalMove(f"{self.name}当前状态为「{self.labels.get(state, state)}」，不能执行「{move.label}」")
        if role not in move.roles:
            raise IllegalMove(f"您的角色不能执行「{move.label}」")
        return move.target or state

    def allowed(self, state: str, role: str) -> list[Move]:
        return [m for m in self.moves.values() if state in m.sources and role in m.roles]


HANDLERS = ("admin", "director")
COUNTY = ("admin", "inspector")

FOLLOWUP = Workflow("差评核实", dict(F.choices), [
    Move("verify", "核实属实", (F.PENDING,), F.VERIFIED, HANDLERS),
    Move("dispute", "核实不实，报县级审核", (F.PENDING,), F.APPEALING, HANDLERS),
    Move("uphold", "同意申诉（差评不计）", (F.APPEALING,), F.INVALID, COUNTY),
    Move("reject", "驳回申诉（差评属实）", (F.APPEALING,), F.VERIFIED, COUNTY),
    Move("callback", "记录回访", (F.VERIFIED,), F.CALLED_BACK, HANDLERS),
    Move("extend", "延期整改", (F.PENDING, F.VERIFIED, F.CALLED_BACK), None, HANDLERS),
    Move("rectify", "整改完成", (F.CALLED_BACK,), F.RECTIFIED, HANDLERS),
])

COMPLAINT = Workflow("投诉", dict(C.choices), [
    Move("investigate", "开始调查核实", (C.RECEIVED,), C.INVESTIGATING, HANDLERS),
    Move("substantiate", "经查属实", (C.INVESTIGATING,), C.SUBSTANTIATED, HANDLERS),
    Move("dismiss", "经查不属实", (C.INVESTIGATING,), C.UNFOUNDED, HANDLERS),
    Move("reply", "答复投诉人并办结", (C.SUBSTANTIATED, C.UNFOUNDED), C.REPLIED, HANDLERS),
    Move("withdraw", "投诉人撤回", (C.RECEIVED, C.INVESTIGATING), C.WITHDRAWN, HANDLERS),
    Move("mark_complex", "认定为复杂投诉（延长至15个工作日）", (C.RECEIVED, C.INVESTIGATING), None, HANDLERS),
    Move("request_deduction", "申请对工作人员扣分", (C.SUBSTANTIATED, C.REPLIED), None, HANDLERS),
    Move("request_window_deduction", "记入窗口月考核扣分", (C.SUBSTANTIATED, C.REPLIED), None, HANDLERS),
])

NOTICE = Workflow("容缺受理", dict(N.choices), [
    Move("supply", "材料已补齐", (N.PENDING,), N.SUPPLIED, ("admin", "director", "staff")),
    Move("return", "逾期未补齐，作退件处理", (N.PENDING,), N.RETURNED, ("admin", "director", "staff")),
])
