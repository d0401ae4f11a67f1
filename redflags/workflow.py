"""The 附加分 declaration as a table of moves: 申报 → 审核 → 审定, or back to the window (退回).

"加分由各窗口在月底进行申报，职能科室进行审核，“中心”考核领导小组审定" (上虞细则 二12). The window's own staff declare (the
director or the admin may enter a declaration for a window, e.g. one without an account); the director (or the
admin) checks and approves it, and whoever declared it may not approve it (``not_by_declarer``). Each move is
audited. The table runs on ``core.workflow``.
"""

from __future__ import annotations

from core.roles import ISSUERS, MANAGERS
from core.workflow import IllegalMove, Move, Workflow
from redflags.models import DeclarationState as S

__all__ = ["DECLARATION", "DECLARERS", "LABELS", "MANAGERS", "NEW", "IllegalMove", "S"]

NEW = ""  # no declaration yet for the window and month
LABELS = {NEW: "未申报", **dict(S.choices)}
DECLARERS = ISSUERS  # staff: only their own window (redflags.selectors.own_window_id)


def not_by_declarer(declaration, declarer: bool = False, **_) -> str | None:
    """Four eyes: whoever declared the 附加分 does not approve them."""
    return "申报人不能审定本人申报的附加分，请由中心其他负责人审定" if declarer else None


DECLARATION = Workflow("附加分申报", LABELS, [
    Move("declare", "申报", (NEW, S.DECLARED, S.RETURNED), S.DECLARED, DECLARERS, by_form=True),
    Move("check", "审核通过", (S.DECLARED,), S.CHECKED, MANAGERS),
    Move("approve", "审定", (S.CHECKED,), S.APPROVED, MANAGERS, guards=(not_by_declarer,)),
    Move("return", "退回修改", (S.DECLARED, S.CHECKED), S.RETURNED, MANAGERS, needs_note=True),
    Move("reopen", "撤销审定", (S.APPROVED,), S.RETURNED, MANAGERS, needs_note=True),
])
