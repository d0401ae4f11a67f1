"""Status workflows as tables: an evaluation's sign-off and a rectification item's follow-up.

Each move names the states it leaves from, the state it goes to and who may make it. ``move()`` is the one place a
state changes; an illegal move raises ``IllegalMove`` (a ValidationError, so the page shows it in Chinese).

Who may make an evaluation move is said by *side*: the ``owner`` side fills the form (the centre's director for a
自查, the county's inspectors for 验收/抽查/暗访), the ``county`` side is the county's inspectors. An admin is on both.
A finalised evaluation has no move at all: it is locked for everyone (a correction is a new, linked evaluation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from assessment.models import EvaluationKind, EvaluationState, RectificationState

D, S, F = EvaluationState.DRAFT, EvaluationState.SUBMITTED, EvaluationState.FINALISED
OWNER, COUNTY = "owner", "county"


class IllegalMove(ValidationError):
    """A transition the table does not allow from this state, or not to this user."""


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: tuple[str, ...]  # sides (evaluations) or roles (rectification items)
    style: str = "primary"  # the button's colour


@dataclass(frozen=True)
class Workflow:
    name: str
    labels: dict[str, str]
    moves: tuple[Move, ...]

    def get(self, action: str) -> Move:
        for m in self.moves:
            if m.action == action:
                return m
        raise IllegalMove(f"未知的操作：{action}")

    def move(self, state: str, action: str, who: set[str]) -> Move:
        """The move for ``action`` from ``state`` by someone who is ``who``; IllegalMove if not allowed."""
        m = self.get(action)
        if state not in m.sources:
            raise IllegalMove(f"{self.name}当前状态为「{self.labels.get(state, state)}」，不能执行「{m.label}」")
        if not who & set(m.who):
            raise IllegalMove(f"您不能对该{self.name}执行「{m.label}」")
        return m

    def allowed(self, state: str, who: set[str]) -> list[Move]:
        return [m for m in self.moves if state in m.sources and who & set(m.who)]


EVALUATION = Workflow("考核评分", dict(EvaluationState.choices), (
    Move("submit", "提交", (D,), S, (OWNER,)),
    Move("reopen", "退回修改", (S,), D, (OWNER, COUNTY), "outline-secondary"),
    Move("finalise", "定稿（签发，之后不可修改）", (S,), F, (OWNER, COUNTY), "success"),
))

OPEN_, R, C = RectificationState.OPEN, RectificationState.REPORTED, RectificationState.CLOSED
RECTIFICATION = Workflow("整改事项", dict(RectificationState.choices), (
    Move("report", "报送整改结果", (OPEN_,), R, ("director", "inspector", "admin")),
    Move("accept", "复核通过，销号", (R,), C, ("inspector", "admin"), "success"),
    Move("reject", "复核未通过，继续整改", (R,), OPEN_, ("inspector", "admin"), "outline-danger"),
))


def evaluation_sides(user, evaluation) -> set[str]:
    """Which sides of ``evaluation`` a user (already known to see it, D14) is on."""
    from core.access import user_role

    role = user_role(user)
    sides: set[str] = set()
    if role == "admin":
        return {OWNER, COUNTY}
    if role == "inspector":
        sides.add(COUNTY)
        if evaluation.kind != EvaluationKind.SELF:
            sides.add(OWNER)
    if role == "director" and evaluation.kind == EvaluationKind.SELF:
        sides.add(OWNER)
    return sides
