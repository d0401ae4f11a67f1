"""The tables of an evaluation's sign-off and a rectification item's follow-up (run by ``core.workflow``).

Who may make an evaluation move is said by *side*: the ``owner`` side fills the form (the centre's director for a
自查, the county's inspectors for 验收/抽查/暗访), the ``county`` side is the county's inspectors. An admin is on both.
A finalised evaluation has no move at all: it is locked for everyone (a correction is a new, linked evaluation).
"""

from __future__ import annotations

from assessment.models import EvaluationKind, EvaluationState, RectificationState
from core import roles
from core.workflow import IllegalMove, Move, Workflow

__all__ = ["COUNTY", "EVALUATION", "OWNER", "RECTIFICATION", "IllegalMove", "evaluation_sides"]

D, S, F = EvaluationState.DRAFT, EvaluationState.SUBMITTED, EvaluationState.FINALISED
OWNER, COUNTY = "owner", "county"


EVALUATION = Workflow("考核评分", dict(EvaluationState.choices), (
    Move("submit", "提交", (D,), S, (OWNER,)),
    Move("reopen", "退回修改", (S,), D, (OWNER, COUNTY), "outline-secondary"),
    Move("finalise", "定稿（签发，之后不可修改）", (S,), F, (OWNER, COUNTY), "success"),
))

OPEN_, R, C = RectificationState.OPEN, RectificationState.REPORTED, RectificationState.CLOSED
def not_own_report(item, actor=None, **_) -> str | None:
    """Four eyes: whoever reported the result now awaiting review does not review it (an admin standing in for a
    centre included)."""
    if item is not None and actor is not None and item.reported_by_id is not None and item.reported_by_id == actor.pk:
        return "整改结果须由报送人以外的县考核人员复核（四眼原则）"
    return None


# Four eyes: the centre reports its result, the county accepts or rejects it; nobody reviews a result they reported.
RECTIFICATION = Workflow("整改事项", dict(RectificationState.choices), (
    Move("report", "报送整改结果", (OPEN_,), R, roles.MANAGERS),
    Move("accept", "复核通过，销号", (R,), C, roles.COUNTY, "success", guards=(not_own_report,)),
    Move("reject", "复核未通过，继续整改", (R,), OPEN_, roles.COUNTY, "outline-danger",
         guards=(not_own_report,)),
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
