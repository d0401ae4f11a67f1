"""The table of an appeal (申诉, run by ``core.workflow``): a pending appeal is decided once — the event kept
(维持原记录) or revoked (申诉成立, the event stops counting); revoking the event by other means revokes its pending
appeal too. The one side is the centre: who in it may decide (its director, or whoever may revoke the event) is
checked before, by the view and ``services.revoke_event``."""

from __future__ import annotations

from core.workflow import IllegalMove, Move, Workflow
from staff_scoring.models import AppealStatus as A

__all__ = ["APPEAL", "CENTRE", "IllegalMove"]

CENTRE = "centre"

APPEAL = Workflow("申诉", dict(A.choices), [
    Move(A.UPHELD.value, "维持原记录", (A.PENDING,), A.UPHELD, (CENTRE,)),
    Move(A.REVOKED.value, "申诉成立，撤销记录", (A.PENDING,), A.REVOKED, (CENTRE,)),
])
