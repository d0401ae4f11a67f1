"""The table of a deduction proposal (扣分建议, run by ``core.workflow``): an unexcused lateness or absence is
proposed (待主任确认); the centre — its director, or the admin standing in — confirms it (the staff event is
recorded by ``staff_scoring``) or dismisses it with a reason. A decided proposal is final: a wrong deduction is
appealed or revoked as any other event."""

from __future__ import annotations

from django.utils.translation import gettext

from core.workflow import IllegalMove, Move, Workflow
from trainings.models import Review as R

__all__ = ["CENTRE", "IllegalMove", "PROPOSAL"]

CENTRE = "centre"


def _reason_given(obj, *, reason: str = "", **context) -> str | None:
    return None if reason.strip() else gettext("请填写不予扣分的理由")


PROPOSAL = Workflow("扣分建议", {k: v for k, v in R.choices}, [
    Move("confirm", "确认扣分", (R.PENDING,), R.CONFIRMED, (CENTRE,), style="danger"),
    Move("dismiss", "不予扣分", (R.PENDING,), R.DISMISSED, (CENTRE,), style="secondary", guards=(_reason_given,),
         needs_note=True),
])
