"""The 附加分 declaration as a table of moves (STYLE §4): 申报 → 审核 → 审定, or back to the window (退回).

"加分由各窗口在月底进行申报，职能科室进行审核，“中心”考核领导小组审定" (002:90). The director (or the admin) enters
the window's declaration, checks it and approves it; each move is audited. ``move()`` is the one place the state
changes; an illegal move raises ``IllegalMove`` (a ValidationError, so a form shows it in Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from redflags.models import DeclarationState as S

LABELS = dict(S.choices)
MANAGERS = ("admin", "director")


class IllegalMove(ValidationError):
    pass


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    needs_note: bool = False


MOVES = {
    m.action: m
    for m in [
        Move("check", "审核通过", (S.DECLARED,), S.CHECKED, MANAGERS),
        Move("approve", "审定", (S.CHECKED,), S.APPROVED, MANAGERS),
        Move("return", "退回修改", (S.DECLARED, S.CHECKED), S.RETURNED, MANAGERS, needs_note=True),
        Move("reopen", "撤销审定", (S.APPROVED,), S.RETURNED, MANAGERS, needs_note=True),
    ]
}


def move(state: str, action: str, role: str) -> Move:
    found = MOVES.get(action)
    if found is None:
        raise IllegalMove(f"未知的操作：{action}")
    if state not in found.sources:
        raise IllegalMove(f"附加分申报当前状态为「{LABELS.get(state, state)}」，不能执行「{found.label}」")
    if role not in found.roles:
        raise IllegalMove(f"您的角色不能执行「{found.label}」")
    return found


def allowed(state: str, role: str) -> list[Move]:
    return [m for m in MOVES.values() if state in m.sources and role in m.roles]
