"""Writes for guidance records (附件7) and their rectification items, including the one step that turns the
items lost in an inspection into rectification items. Only county staff write them; every write is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from assessment import answers as A
from assessment import sheets
from assessment.models import Evaluation, EvaluationKind, GuidanceRecord, RectificationItem, RectificationState
from assessment.rubrics import rubric_of
from assessment.services.evaluations import clean_text
from assessment.workflow import RECTIFICATION, IllegalMove
from centers.models import ServiceCentre, Station
from core import audit
from core.access import user_role
from core.roles import COUNTY
from scoring.common import ZERO, fmt
from scoring.rubric.model import BASE, DEDUCTION

DEFAULT_RECTIFY_DAYS = 15  # working days; docs/domain.md §7 (Sichuan's 15 working days for rectification)


def due_date(start: date, days: int) -> tuple[date, bool]:
    """(due day, estimated?) ``days`` working days after ``start`` (D11; weekends only for a year not entered)."""
    from workdays.selectors import deadline_for

    deadline = deadline_for(start, days)
    return deadline.due, deadline.estimated


GUIDANCE_FIELDS = ["guided_on", "participants", "problems", "suggestions"]


def _unit(subject) -> dict[str, Any]:
    if isinstance(subject, Station):
        return {"centre": subject.centre, "station": subject}
    if isinstance(subject, ServiceCentre):
        return {"centre": subject, "station": None}
    raise ValidationError({"unit": gettext("被指导单位须为便民服务中心或便民服务站")})


def _require_county(actor, what: str) -> None:
    if user_role(actor) not in COUNTY:
        raise IllegalMove(gettext("只有县考核人员可以%(what)s") % {"what": what})


@transaction.atomic
def guidance_save(*, actor, record: GuidanceRecord, unit=None) -> GuidanceRecord:
    """Create (with ``unit``: a centre or station in scope) or update a guidance record (附件7)."""
    _require_county(actor, "填写指导记录")
    creating = record.pk is None
    before = None
    if creating:
        for key, value in _unit(unit).items():
            setattr(record, key, value)
        record.created_by = actor
    else:
        old = GuidanceRecord.objects.get(pk=record.pk)
        before = {f: getattr(old, f) for f in GUIDANCE_FIELDS}
    record.full_clean()
    record.save()
    audit.record(actor=actor, action="新建指导记录" if creating else "修改指导记录", target=record, before=before,
                 after={f: getattr(record, f) for f in GUIDANCE_FIELDS}, summary=str(record))
    return record


@transaction.atomic
def rectification_add(*, actor, record: GuidanceRecord, problem: str, measure: str, owner: str,
                      limit_days: int | None = None, due_on: date | None = None, **extra) -> RectificationItem:
    _require_county(actor, "下达整改事项")
    if not (problem or "").strip():
        raise ValidationError({"problem": gettext("请填写问题")})
    if not (owner or "").strip():
        raise ValidationError({"owner": gettext("请填写责任人")})
    estimated = False
    if due_on is None:
        if not limit_days or limit_days < 1:
            raise ValidationError({"limit_days": gettext("请填写整改时限（工作日）或整改期限")})
        due_on, estimated = due_date(record.guided_on, limit_days)
    elif due_on < record.guided_on:
        raise ValidationError({"due_on": gettext("整改期限不能早于指导时间")})
    item = RectificationItem(record=record, problem=problem.strip(), measure=(measure or "").strip(),
                             owner=owner.strip(), limit_days=limit_days, due_on=due_on, due_estimated=estimated,
                             **extra)
    item.full_clean()
    item.save()
    audit.record(actor=actor, action="下达整改事项", target=item,
                 after={"problem": item.problem, "owner": item.owner, "due_on": item.due_on}, summary=item.problem[:100])
    return item


@transaction.atomic
def rectification_move(*, actor, item: RectificationItem, action: str, text: str = "") -> RectificationItem:
    """The centre reports a result (director), the county accepts (销号) or rejects it (inspector), by the table.
    Four eyes: whoever reported a result may not review it (an admin standing in for a centre included)."""
    move = RECTIFICATION.move(item.state, action, {user_role(actor)}, item, actor=actor)
    text = clean_text(text)
    today = timezone.localdate()
    before = {"state": item.state, "result": item.result}
    if action == "report":
        if not text:
            raise ValidationError({"text": gettext("请填写整改结果")})
        item.result, item.reported_on, item.reported_by = text, today, actor
    elif action == "accept":
        item.closed_on, item.closed_by, item.review = today, actor, text
    elif action == "reject":
        if not text:
            raise ValidationError({"text": gettext("请填写复核意见（未通过的原因）")})
        item.review = text
    updated = RectificationItem.objects.filter(pk=item.pk, state=item.state).update(
        state=move.target, result=item.result, reported_on=item.reported_on, reported_by=item.reported_by,
        closed_on=item.closed_on, closed_by=item.closed_by, review=item.review)
    if not updated:
        raise IllegalMove(gettext("该整改事项的状态刚被他人更改，请刷新页面后再操作"))
    item.state = move.target
    audit.record(actor=actor, action=f"整改事项：{move.label}", target=item, before=before,
                 after={"state": item.state, "result": item.result, "review": item.review}, summary=item.problem[:100])
    return item


def lost_rows(evaluation: Evaluation) -> list[sheets.CriterionRow]:
    """The criteria where points were lost (base sections) or taken (deductions), and failed vetoes."""
    rubric = rubric_of(evaluation.rubric)
    result, _ = sheets.score_lenient(rubric, A.from_storage(evaluation.answers))
    rows = sheets.build(rubric, result=result, answers=A.from_storage(evaluation.answers))
    return [r for r in sheets.criteria_rows(rows)
            if r.result is not None and (
                (r.section.role in (BASE, DEDUCTION) and r.lost > ZERO) or r.result.veto_failed)]


@transaction.atomic
def rectifications_from_evaluation(*, actor, evaluation: Evaluation, limit_days: int = DEFAULT_RECTIFY_DAYS,
                                   owner: str = "") -> tuple[GuidanceRecord, int]:
    """One step: every item lost in an inspection becomes a rectification item (once; running it again adds only
    what is missing), on a guidance record for the evaluated unit."""
    _require_county(actor, "根据考核结果下达整改")
    if evaluation.kind == EvaluationKind.SELF or evaluation.is_draft:
        raise IllegalMove(gettext("只有已提交或已定稿的验收、抽查、暗访可以生成整改事项"))
    if not 1 <= int(limit_days) <= 250:
        raise ValidationError({"limit_days": gettext("整改时限应为 1—250 个工作日")})
    lost = lost_rows(evaluation)
    record = evaluation.guidance_records.order_by("pk").first()
    if record is None:
        unit = evaluation.station or evaluation.centre
        record = GuidanceRecord(guided_on=evaluation.evaluated_on, evaluation=evaluation,
                                participants=f"{actor} 县考核人员",
                                problems="\n".join(f"{r.code} {r.item.title}：失 {fmt(r.lost)} 分" for r in lost),
                                suggestions="对照失分项逐项整改，按期报送整改结果。")
        guidance_save(actor=actor, record=record, unit=unit)
    done = set(RectificationItem.objects.filter(evaluation=evaluation).values_list("criterion_code", flat=True))
    notes = dict(evaluation.criterion_notes.values_list("code", "note"))
    owner = owner.strip() or f"{evaluation.centre.name}主任"
    created = 0
    for row in lost:
        if row.code in done:
            continue
        what = "未通过一票否决" if row.result.veto_failed and row.lost == ZERO else f"失 {fmt(row.lost)} 分"
        detail = "；".join(x for x in (row.result.note, notes.get(row.code, "")) if x)
        rectification_add(
            actor=actor, record=record, owner=owner, limit_days=int(limit_days),
            problem=f"{row.code} {row.item.title}（{what}）：{row.criterion.text}" + (f"（{detail}）" if detail else ""),
            measure=f"对照“{row.item.title}”的评估标准整改到位", evaluation=evaluation,
            criterion_code=row.code, lost_points=row.lost,
        )
        created += 1
    return record, created


def open_rectification_states() -> tuple[str, ...]:
    return (RectificationState.OPEN, RectificationState.REPORTED)
