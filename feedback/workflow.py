"""The tables of a 差评 follow-up, a complaint and a 容缺受理 notice (run by ``core.workflow``). A move's guards say
when it is open beyond the state and the role (a complaint is extended once; only a verified complaint that names a
person, or only a window, asks for that deduction), so a page offers exactly the moves the service accepts."""

from __future__ import annotations

from core.roles import COUNTY, ISSUERS, MANAGERS
from core.workflow import IllegalMove, Move, Workflow
from feedback.models import ComplaintState as C
from feedback.models import FollowUpState as F
from feedback.models import NoticeState as N

__all__ = ["COMPLAINT", "FOLLOWUP", "NOTICE", "IllegalMove"]

HANDLERS = MANAGERS  # who handles ratings and complaints


def not_extended(followup, **_) -> str | None:
    return "整改只能延期一次，本条已经延期过" if followup is not None and followup.extension_days else None


def not_complex(complaint, **_) -> str | None:
    return "已认定为复杂投诉（15个工作日），不能再延长" if complaint is not None and complaint.complex else None


def verified(complaint, **_) -> str | None:
    return "只有经查属实的投诉才能申请扣分" if complaint is not None and complaint.finding != "valid" else None


def names_staff(complaint, **_) -> str | None:
    if complaint is not None and not complaint.staff_id:
        return "投诉未指明工作人员，不能申请个人扣分；扣窗口的分请用「记入窗口月考核扣分」"
    return None


def names_window_only(complaint, **_) -> str | None:
    if complaint is None:
        return None
    if complaint.staff_id:
        return "投诉指明了工作人员，请用「申请对工作人员扣分」"
    return "投诉未指明窗口，不能扣窗口的分" if not complaint.window_id else None


def not_requested(complaint, **_) -> str | None:
    return "已申请过扣分" if complaint is not None and complaint.deduction_requested_at else None


def promise_passed(notice, on=None, **_) -> str | None:
    """A notice is returned only after the promised date (checked when the date of the move is known)."""
    if notice is not None and on is not None and on <= notice.promised_on:
        return f"承诺补齐日期（{notice.promised_on:%Y-%m-%d}）未过，不能作退件处理"
    return None


FOLLOWUP = Workflow("差评核实", dict(F.choices), [
    Move("verify", "核实属实", (F.PENDING,), F.VERIFIED, HANDLERS),
    Move("dispute", "核实不实，报县级审核", (F.PENDING,), F.APPEALING, HANDLERS),
    Move("uphold", "同意申诉（差评不计）", (F.APPEALING,), F.INVALID, COUNTY),
    Move("reject", "驳回申诉（差评属实）", (F.APPEALING,), F.VERIFIED, COUNTY),
    Move("callback", "记录回访", (F.VERIFIED,), F.CALLED_BACK, HANDLERS),
    Move("extend", "延期整改", (F.PENDING, F.VERIFIED, F.CALLED_BACK), None, HANDLERS, guards=(not_extended,)),
    Move("rectify", "整改完成", (F.CALLED_BACK,), F.RECTIFIED, HANDLERS),
])

COMPLAINT = Workflow("投诉", dict(C.choices), [
    Move("investigate", "开始调查核实", (C.RECEIVED,), C.INVESTIGATING, HANDLERS),
    Move("substantiate", "经查属实", (C.INVESTIGATING,), C.SUBSTANTIATED, HANDLERS),
    Move("dismiss", "经查不属实", (C.INVESTIGATING,), C.UNFOUNDED, HANDLERS),
    Move("reply", "答复投诉人并办结", (C.SUBSTANTIATED, C.UNFOUNDED), C.REPLIED, HANDLERS),
    Move("withdraw", "投诉人撤回", (C.RECEIVED, C.INVESTIGATING), C.WITHDRAWN, HANDLERS),
    Move("mark_complex", "认定为复杂投诉（延长至15个工作日）", (C.RECEIVED, C.INVESTIGATING), None, HANDLERS,
         guards=(not_complex,)),
    Move("request_deduction", "申请对工作人员扣分", (C.SUBSTANTIATED, C.REPLIED), None, HANDLERS,
         guards=(verified, names_staff, not_requested)),
    Move("request_window_deduction", "记入窗口月考核扣分", (C.SUBSTANTIATED, C.REPLIED), None, HANDLERS,
         guards=(verified, names_window_only, not_requested)),
])

NOTICE = Workflow("容缺受理", dict(N.choices), [
    Move("supply", "材料已补齐", (N.PENDING,), N.SUPPLIED, ISSUERS),
    Move("return", "逾期未补齐，作退件处理", (N.PENDING,), N.RETURNED, ISSUERS,
         guards=(promise_passed,)),
])
