"""The 附加分 declaration as a table of moves: 申报 → 审核 → 审定, or back to the window (退回).

"加分由各窗口在月底进行申报，职能科室进行审核，“中心”考核领导小组审定" (上虞细则 二12). The window's own staff declare (the
director or the admin may enter a declaration for a window, e.g. one without an account); the director (or the
admin) checks and approves it, and whoever declared it may not approve it (``not_by_declarer``). Each move is
audited. ``move()`` is the one place the state changes; an illegal move raises ``IllegalMove`` (a ValidationError,
so a form shows it in Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from redflags.models import DeclarationState as S

NEW = ""  # no declaration yet for the window and month
LABELS = {NEW: "未申报", **dict(S.choices)}
MANAGERS = ("admin", "director")
DECLARERS = ("staff", "admin", "director")  # staff: only their own window (redflags.selectors.own_window_id)


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
    by_form: bool = False  # made by saving the declaration form (services.declaration_save), not a button
    not_by_declarer: bool = False  # the person who declared may not make this move (four eyes)


MOVES = {
    m.action: m
    for m in [
        Move("declare", "申报", (NEW, S.DECLARED, S.RETURNED), S.DECLARED, DECLARERS, by_form=True),
        Move("check", "审核通过", (S.DECLARED,), S.CHECKED, MANAGERS),
        Move("approve", "审定", (S.CHECKED,), S.APPROVED, MANAGERS, not_by_declarer=True),
        Move("return", "退回修改", (S.DECLARED, S.CHECKED), S.RETURNED, MANAGERS, needs_note=True),
        Move("reopen", "撤销审定", (S.APPROVED,), S.RETURNED, MANAGERS, needs_note=True),
    ]
}


def move(state: str, action: str, role: str, *, declarer: bool = False) -> Move:
    """The move ``action`` from ``state`` by ``role``; ``declarer``: the actor is the one who declared it."""
    found = MOVES.get(action)
    if found is None:
        raise IllegalMove(f"未知的操作：{action}")
    if state not in found.sources:
        raise IllegalMove(f"附加分申报当前状态为「{LABELS.get(state, state)}」，不能执行「{found.label}」")
    if role not in found.roles:
        raise IllegalMove(f"您的角色不能执行「{found.label}」")
    if declarer and found.not_by_declarer:
        raise IllegalMove(f"申报人不能{found.label}本人申报的附加分，请由中心其他负责人{found.label}")
    return found


def allowed(state: str, role: str, *, declarer: bool = False) -> list[Move]:
    """The buttons of the declaration page (the form-made ``declare`` is a link, see ``can_declare``)."""
    return [m for m in MOVES.values() if not m.by_form and state in m.sources and role in m.roles
            and not (declarer and m.not_by_declarer)]


def can_declare(state: str, role: str) -> bool:
    found = MOVES["declare"]
    return state in found.sources and role in found.roles
