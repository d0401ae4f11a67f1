"""The 附加分 declaration as a table of moves: 申报 → 审核 → 审定, or back to the window (退回).

"加分由各窗口在月底进行申报，职能科室进行审核，“中心”考核领导小组审定" (上虞细则 二12). The window's own staff declare (the
director or the admin may enter a declaration for a window, e.g. one without an account); the director (or the
admin) checks and approves it, and whoever declared it may not approve it (``not_by_declarer``). Once the centre has
published the month (审定发布), its 附加分 are closed: nothing more is declared, checked or approved for it
(``month_open_to_declare``, ``month_open_to_approve``; the caller passes the month's publication as ``published``, the
services under the centre's row lock). Each move is audited. The table runs on ``core.workflow``.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from core.roles import ISSUERS, MANAGERS
from core.workflow import IllegalMove, Move, Workflow
from redflags.models import DeclarationState as S

__all__ = ["DECLARATION", "DECLARERS", "LABELS", "MANAGERS", "NEW", "IllegalMove", "S", "month_open_to_approve",
           "month_open_to_declare"]

NEW = ""  # no declaration yet for the window and month
LABELS = {NEW: "未申报", **dict(S.choices)}
DECLARERS = ISSUERS  # staff: only their own window (redflags.selectors.own_window_id)


def not_by_declarer(declaration, declarer: bool = False, **_) -> str | None:
    """Four eyes: whoever declared the 附加分 does not approve them."""
    return "申报人不能审定本人申报的附加分，请由中心其他负责人审定" if declarer else None


def _published(publication) -> dict:
    return {"year": publication.year, "month": publication.month,
            "at": f"{timezone.localtime(publication.published_at):%Y-%m-%d}"}


def month_open_to_declare(declaration=None, published=None, **_) -> str | None:
    """A month the centre has published (审定发布, ``published``: its MonthPublication) takes no more 附加分: they were
    due at month end (上虞细则 二12 加分由各窗口在月底进行申报) and the month's result is fixed."""
    if published is None:
        return None
    return gettext("%(year)s年%(month)s月考核结果已于 %(at)s 审定发布，不能再申报该月附加分") % _published(published)


def month_open_to_approve(declaration=None, published=None, **_) -> str | None:
    """Nor is a declaration of a published month checked or approved: one not approved by the publication missed the
    month's 审定 (the 考核领导小组 审定 the 附加分 and the month's result alike) and is not counted; it may be returned
    with a reason."""
    if published is None:
        return None
    return gettext("%(year)s年%(month)s月考核结果已于 %(at)s 审定发布，不能再审核、审定该月附加分；"
                   "发布前未审定的申报不计入该月得分，可退回并说明理由") % _published(published)


DECLARATION = Workflow("附加分申报", LABELS, [
    Move("declare", "申报", (NEW, S.DECLARED, S.RETURNED), S.DECLARED, DECLARERS, by_form=True,
         guards=(month_open_to_declare,)),
    Move("check", "审核通过", (S.DECLARED,), S.CHECKED, MANAGERS, guards=(month_open_to_approve,)),
    Move("approve", "审定", (S.CHECKED,), S.APPROVED, MANAGERS, guards=(not_by_declarer, month_open_to_approve)),
    Move("return", "退回修改", (S.DECLARED, S.CHECKED), S.RETURNED, MANAGERS, needs_note=True),
    Move("reopen", "撤销审定", (S.APPROVED,), S.RETURNED, MANAGERS, needs_note=True),
])
