"""Deduction proposals from trainings and meetings (培训与会议) — the staff-scoring side.

``trainings`` (the floor below) records who came late, left early or stayed away without an approved leave, and
marks such a row as a pending proposal. Here the proposal becomes an ordinary event when the director confirms it:
the rule is the one of the scheme in force for the person's post (``schemes.version_for_staff``; never a scheme
code written here), the event's date is the training's, its ``attendance`` points back at the row (the row reaches
the event through ``staff_events``), and it is appealable, revocable and audited like any other event.

Which rule of a post's scheme answers which fault (docs/trainings.md):

* a centre's window staff — 宝林镇方案 附件3 第10条, in two parts: ``10a`` 迟到、早退 (−3/次), ``10b`` 未履行请假手续
  或请假未经批准无故不参加 (−5/次);
* a station's staff — 宝林镇方案 附件4 第5条, one rule ``5`` for both (−5/次).

The table is by post (the scheme's ``applies_to``), not by scheme: a new version of either scheme keeps working as
long as it keeps these rule codes; if it does not, the page says so and nothing is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from centers.choices import PostType
from scoring.ledger import Rule
from staff_scoring import services
from staff_scoring.models import EventSource, SchemeVersion, StaffEvent
from staff_scoring.schemes import POST_OF, points_text, scheme_of, version_for_staff
from trainings import services as training_services
from trainings.models import Attendance

RULES = {
    POST_OF[PostType.CENTRE]: {"late": "10a", "absent": "10b"},
    POST_OF[PostType.STATION]: {"late": "5", "absent": "5"},
}


@dataclass(frozen=True)
class Proposal:
    """What confirming an attendance row would record, or why it cannot (``problem``)."""

    attendance: Attendance
    version: SchemeVersion | None
    rule: Rule | None
    problem: str = ""

    @property
    def points_text(self) -> str:
        return points_text(self.rule, scheme_of(self.version)) if self.rule and self.version else ""


def proposal_of(attendance: Attendance, *, versions_cache: dict | None = None) -> Proposal:
    staff = attendance.staff
    cache = versions_cache if versions_cache is not None else {}
    if staff.post_type not in cache:
        cache[staff.post_type] = version_for_staff(staff)
    version = cache[staff.post_type]
    if version is None:
        return Proposal(attendance, None, None, gettext("尚未发布适用于「%(label)s」的计分方案") % {"label": PostType(staff.post_type).label})
    code = RULES.get(POST_OF[staff.post_type], {}).get(attendance.offence)
    rule = scheme_of(version).rules.get(code or "")
    if rule is None:
        return Proposal(attendance, version, None, gettext("「%(title)s」中没有会议、培训缺勤对应的细则「%(code)s」") % {"title": version.title, "code": code})
    return Proposal(attendance, version, rule)


def proposals(rows) -> list[Proposal]:
    cache: dict = {}
    return [proposal_of(row, versions_cache=cache) for row in rows]


def decide_attendance(attendance: Attendance, *, action: str, actor, reason: str = "") -> Attendance:
    """Confirm (record the deduction) or dismiss (with a reason) a pending proposal. The caller has checked that
    ``actor`` may manage the person's centre."""

    def record(row: Attendance) -> StaffEvent:
        proposal = proposal_of(row)
        if proposal.rule is None:
            raise ValidationError(proposal.problem)
        training = row.training
        event = services.record_event(
            staff=row.staff, rule=proposal.rule.code, date=training.date, actor=actor, source=EventSource.SYSTEM,
            note=f"{training.get_kind_display()}「{training.topic}」（{training.date:%Y-%m-%d}）"
                 f"{row.get_presence_display()}" + (f"；{reason.strip()}" if reason.strip() else ""))
        event.attendance = row
        event.save(update_fields=["attendance"])
        return event

    return training_services.decide(attendance, action=action, actor=actor, reason=reason, on_confirm=record)
