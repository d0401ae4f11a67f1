"""Writes for evaluations: starting one, saving a draft, moving it through its workflow, correcting a final one.

Each service validates in full, writes in a transaction and records every score-changing action with
``core.audit.record`` (who, when, before, after). Totals are computed by the engine from the evaluation's pinned
rubric version (D8) and stored with the answers. Errors are ``ValidationError``s with Chinese messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from assessment import answers as A
from assessment import selectors, sheets
from assessment.models import (
    INSPECTION_KINDS,
    CriterionNote,
    Evaluation,
    EvaluationDocument,
    EvaluationKind,
    EvaluationState,
    EvaluationSubject,
    Evidence,
    RubricVersion,
)
from assessment.rubrics import rubric_of
from assessment.workflow import EVALUATION, OWNER, IllegalMove, evaluation_sides
from centers.models import ServiceCentre, Station, Window
from core import audit
from core.access import user_role
from scoring.common import fmt
from scoring.rubric import AnswerError, prefill
from scoring.rubric.model import code_order

MAX_NOTE = 2000

# ---------------------------------------------------------------------------------------------- starting


def subject_parts(subject) -> dict[str, Any]:
    """The subject fields of an evaluation for a centre, a station or a window."""
    if isinstance(subject, ServiceCentre):
        return {"subject_kind": EvaluationSubject.CENTRE, "centre": subject, "station": None, "window": None}
    if isinstance(subject, Station):
        return {"subject_kind": EvaluationSubject.STATION, "centre": subject.centre, "station": subject,
                "window": None}
    if isinstance(subject, Window):
        return {"subject_kind": EvaluationSubject.WINDOW, "centre": subject.centre, "station": None,
                "window": subject}
    raise ValidationError(gettext("考核对象须为便民服务中心、便民服务站或窗口"))


def kinds_for(user) -> list[str]:
    """The evaluation kinds a role may start: directors 自查 only, inspectors the inspections, admins all."""
    role = user_role(user)
    if role == "admin":
        return list(EvaluationKind.values)
    if role == "inspector":
        return list(INSPECTION_KINDS)
    if role == "director":
        return [EvaluationKind.SELF]
    return []


def prefill_answers(rubric, facts: dict[str, Any]) -> dict[str, Any]:
    """``scoring.rubric.prefill`` fact by fact, so one fact of an unexpected kind does not lose the others."""
    answers: dict[str, Any] = {}
    for name, value in A.bound_facts(rubric, facts).items():
        try:
            answers.update(prefill(rubric, {name: value}))
        except AnswerError:
            continue
    return answers


@dataclass
class Started:
    """What ``evaluation_start`` did: a new draft (``existing`` False), or the unfinished evaluation of the same
    subject, kind and year that it opened instead of starting a second one (``existing`` True)."""

    evaluation: Evaluation
    existing: bool = False


def unfinished(parts: dict[str, Any], kind: str, period: int) -> Evaluation | None:
    """The oldest evaluation of this subject, kind and year not yet finalised (a draft or a submitted one, a
    correction included): there is no withdrawn state, so anything not final is still being worked on."""
    return (Evaluation.objects.filter(subject_kind=parts["subject_kind"], centre=parts["centre"],
                                      station=parts["station"], window=parts["window"], kind=kind, period=period)
            .exclude(state=EvaluationState.FINALISED).select_related("centre", "station", "window")
            .order_by("pk").first())


@transaction.atomic
def evaluation_start(*, actor, subject, rubric: RubricVersion, kind: str, period: int,
                     evaluated_on: date | None = None, superseded_ok: bool = False) -> Started:
    """A new draft for ``subject`` (which the caller fetched through scope), pre-filled from the facts. The rubric
    is the version in force; only an admin may pick a superseded one, and must say so (``superseded_ok``).

    One subject has at most one unfinished evaluation of a kind and year: when one exists it is returned
    (``Started.existing``) and nothing is created. The subject's row is locked first, so two people starting the
    same evaluation at once get the same draft."""
    if kind not in kinds_for(actor):
        raise ValidationError({"kind": gettext("您的角色不能发起这种考核（中心主任只能自查，考核人员进行验收、抽查或暗访）")})
    parts = subject_parts(subject)
    if not 2000 <= int(period) <= 2100:
        raise ValidationError({"period": gettext("考核年度应在 2000—2100 之间")})
    type(subject).objects.select_for_update().get(pk=subject.pk)  # held until the transaction ends
    existing = unfinished(parts, kind, int(period))
    if existing is not None:
        return Started(existing, existing=True)
    if not rubric.is_published:
        raise ValidationError({"rubric": gettext("该考核细则版本尚未发布")})
    newer = selectors.superseding(rubric)
    if newer is not None and not (superseded_ok and user_role(actor) == "admin"):
        raise ValidationError({"rubric": gettext("第%(version)s版已被第%(newer)s版取代，请使用现行的第%(newer)s版")
                                         % {"version": rubric.version, "newer": newer.version}
                                         + (gettext("（如确需使用旧版，请勾选确认）") if user_role(actor) == "admin" else "")})
    engine_rubric = rubric_of(rubric)
    if parts["subject_kind"] not in engine_rubric.subjects:
        raise ValidationError({"rubric": gettext("该考核细则不适用于%(label)s（适用于：%(subject_labels)s）") % {"label": EvaluationSubject(parts['subject_kind']).label, "subject_labels": rubric.subject_labels}})
    wanted = {c.fact for _, _, c in engine_rubric.iter_criteria() if c.fact}
    facts = A.bound_facts(engine_rubric, A.subject_facts(subject, int(period), wanted))
    answers = prefill_answers(engine_rubric, facts)
    result, _ = sheets.score_lenient(engine_rubric, answers)
    evaluation = Evaluation(
        rubric=rubric, kind=kind, period=period, evaluated_on=evaluated_on or timezone.localdate(),
        answers=A.to_storage(answers), facts=A.to_storage(facts), prefilled=A.to_storage(answers),
        created_by=actor, updated_by=actor, **parts, **sheets.result_fields(result),
    )
    evaluation.full_clean()
    evaluation.save()
    audit.record(actor=actor, action="开始考核", target=evaluation, after={
        "rubric": f"{rubric.code} v{rubric.version}", "kind": kind, "period": period, "prefilled": evaluation.prefilled,
        "total": evaluation.total}, summary=str(evaluation))
    return Started(evaluation)


# ------------------------------------------------------------------------------------------------ saving


class SaveRefused(ValidationError):
    """Answers the engine (or the override rule) refuses: ``errors`` by criterion code, in Chinese."""

    def __init__(self, errors: dict[str, str], message: str = "有评分未能保存，请按提示修改"):
        super().__init__(message)
        self.errors = errors


class EditConflict(ValidationError):
    """Someone else saved the draft since this form was loaded (optimistic locking)."""

    def __init__(self, current: Evaluation, *, unknown_revision: bool = False):
        if unknown_revision:  # the form carried no usable version number: nobody else is to blame
            message = (f"保存未成功：表单缺少有效的版本号（页面可能未完整加载）。您填写的内容仍保留在下方，未被保存；"
                       f"请再次点击保存（草稿现为第 {current.revision} 版）。")
        else:
            who = current.updated_by or "他人"
            at = timezone.localtime(current.updated_at).strftime("%H:%M")
            message = (f"保存未成功：该草稿已被 {who} 于 {at} 修改（现为第 {current.revision} 版）。您填写的内容仍保留在下方，"
                       f"未被保存；请核对与对方修改不同的项目后再次点击保存（将以您的内容为准）。")
        super().__init__(message)
        self.current = current


def _require_owner(actor, evaluation: Evaluation) -> None:
    if OWNER not in evaluation_sides(actor, evaluation):
        raise IllegalMove(gettext("您不能修改这份考核评分（自查由中心主任填写，验收、抽查、暗访由县考核人员填写）"))


def _locked(evaluation: Evaluation) -> Evaluation:
    """The evaluation as stored now, its row locked until the transaction ends (call inside ``atomic``)."""
    return Evaluation.objects.select_for_update(of=("self",)).select_related("rubric").get(pk=evaluation.pk)


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.state != EvaluationState.DRAFT:
        raise IllegalMove(gettext("该考核评分%(state)s，不能修改") % {"state": evaluation.get_state_display()}
                          + ("（已定稿的评分如需更正，请新建更正评分）" if evaluation.is_finalised else "（请先退回修改）"))


def clean_text(value) -> str:
    """Posted free text: NUL characters removed (PostgreSQL refuses them), trimmed, at most MAX_NOTE characters."""
    return str(value or "").replace("\x00", "").strip()[:MAX_NOTE]


def _texts(data, prefix_name, codes) -> dict[str, str]:
    out = {}
    for code in codes:
        text = clean_text(data.get(prefix_name(code)))
        if text:
            out[code] = text
    return out


@dataclass
class SaveOutcome:
    evaluation: Evaluation
    changed: list[str]
    reasons_missing: list[str]  # computed answers changed without a reason yet (submitting needs them)


def overrides_without_reason(evaluation: Evaluation, answers: dict | None = None,
                             reasons: dict[str, str] | None = None) -> list[str]:
    """Codes of computed (pre-filled) criteria whose answer differs from the computed one and has no reason, in the
    rubric's order (the stored pre-filled answers are a JSON object, whose keys have no order to keep)."""
    answers = A.from_storage(evaluation.answers) if answers is None else answers
    if reasons is None:
        reasons = {n.code: n.override_reason for n in evaluation.criterion_notes.all() if n.override_reason}
    return sorted((code for code, computed in A.from_storage(evaluation.prefilled).items()
                   if not A.same_answer(answers.get(code), computed) and not reasons.get(code)), key=code_order)


@transaction.atomic
def evaluation_save(*, actor, evaluation: Evaluation, revision: Any, data) -> SaveOutcome:
    """Save the posted answers, notes and override reasons of a draft (at any moment).

    Refused (SaveRefused) when an input is unreadable or the engine refuses an answer; refused (EditConflict) when
    ``revision`` is not the stored one: the second of two people editing the same draft never silently overwrites
    the first. A computed answer changed without a reason is saved, and reported: it must have one to be submitted.
    """
    _require_draft(evaluation)
    _require_owner(actor, evaluation)
    rubric = rubric_of(evaluation.rubric)
    codes = [c.code for _, _, c in rubric.iter_criteria()]
    new_answers, errors = A.parse_form(rubric, data)
    notes = _texts(data, A.note_name, codes)
    reasons = _texts(data, A.reason_name, codes)
    result, engine_errors = sheets.score_lenient(rubric, new_answers)
    errors.update(engine_errors)
    prefilled = A.from_storage(evaluation.prefilled)
    overrides = {code: reasons.get(code, "") for code in codes  # in the rubric's order, not the stored one
                 if code in prefilled and code not in errors and not A.same_answer(new_answers.get(code), prefilled[code])}
    if errors or result is None:
        raise SaveRefused(errors)

    try:
        expected = int(revision)
    except (TypeError, ValueError):
        expected = None
    old_answers = A.from_storage(evaluation.answers)
    before = {"total": evaluation.total, "band": evaluation.band, "revision": evaluation.revision}
    remarks = clean_text(data.get("remarks"))
    fields = sheets.result_fields(result)
    updated = expected is not None and Evaluation.objects.filter(
        pk=evaluation.pk, revision=expected, state=EvaluationState.DRAFT).update(
        answers=A.to_storage(new_answers), remarks=remarks, revision=F("revision") + 1, updated_by=actor,
        updated_at=timezone.now(), **fields,
    )
    if not updated:
        current = Evaluation.objects.select_related("updated_by").get(pk=evaluation.pk)
        _require_draft(current)
        raise EditConflict(current, unknown_revision=expected is None)
    evaluation.refresh_from_db()
    _save_notes(evaluation, notes, reasons)

    by_code = {c.code: c for _, _, c in rubric.iter_criteria()}
    changed = [code for code in codes
               if not A.same_answer(old_answers.get(code), new_answers.get(code))]
    audit.record(
        actor=actor, action="保存评分", target=evaluation,
        before={**before, "answers": {c: A.describe(by_code[c], old_answers.get(c)) for c in changed}},
        after={"total": evaluation.total, "band": evaluation.band, "revision": evaluation.revision,
               "answers": {c: A.describe(by_code[c], new_answers.get(c)) for c in changed}},
        summary=f"{evaluation}：总分 {fmt(before['total'])} → {fmt(evaluation.total)}，改动 {len(changed)} 项",
        reason="；".join(f"{code}：{text}" for code, text in overrides.items() if text),
    )
    return SaveOutcome(evaluation, changed, [code for code, text in overrides.items() if not text])


def _save_notes(evaluation: Evaluation, notes: dict[str, str], reasons: dict[str, str]) -> None:
    existing = {n.code: n for n in evaluation.criterion_notes.all()}
    wanted = set(notes) | set(reasons)
    create, update = [], []
    for code in wanted:
        note, reason = notes.get(code, ""), reasons.get(code, "")
        row = existing.get(code)
        if row is None:
            create.append(CriterionNote(evaluation=evaluation, code=code, note=note, override_reason=reason))
        elif (row.note, row.override_reason) != (note, reason):
            row.note, row.override_reason = note, reason
            update.append(row)
    CriterionNote.objects.bulk_create(create)
    CriterionNote.objects.bulk_update(update, ["note", "override_reason"])
    gone = [row.pk for code, row in existing.items() if code not in wanted]
    if gone:
        CriterionNote.objects.filter(pk__in=gone).delete()


# ------------------------------------------------------------------------------------------- transitions


@transaction.atomic
def evaluation_move(*, actor, evaluation: Evaluation, action: str) -> Evaluation:
    """Submit, reopen or finalise through the table (assessment.workflow.EVALUATION); recorded with who and when."""
    move = EVALUATION.move(evaluation.state, action, evaluation_sides(actor, evaluation))
    if action == "submit" and evaluation.unanswered:
        raise IllegalMove(gettext("还有 %(unanswered)s 项未评分，请全部评分并保存后再提交") % {"unanswered": evaluation.unanswered})
    if action == "submit" and (missing := overrides_without_reason(evaluation)):
        raise IllegalMove(gettext("系统计算项 %(items)s 已修改但未填写理由，请填写理由并保存后再提交") % {"items": '、'.join(missing)})
    now = timezone.now()
    stamp: dict[str, Any] = {}
    if action == "submit":
        stamp = {"submitted_by": actor, "submitted_at": now}
    elif action == "reopen":
        stamp = {"submitted_by": None, "submitted_at": None}
    elif action == "finalise":
        stamp = {"finalised_by": actor, "finalised_at": now}
    if action in ("submit", "finalise"):  # the library documents it saw stay with it (issue #16 item 4)
        from assessment.services.documents import snapshot_documents

        snapshot_documents(evaluation)
    updated = Evaluation.objects.filter(pk=evaluation.pk, state=evaluation.state).update(
        state=move.target, revision=F("revision") + 1, updated_at=now, **stamp)
    if not updated:
        raise IllegalMove(gettext("该考核评分的状态刚被他人更改，请刷新页面后再操作"))
    before = evaluation.state
    evaluation.refresh_from_db()
    audit.record(actor=actor, action=f"考核评分：{move.label}", target=evaluation,
                 before={"state": before}, after={"state": evaluation.state, "total": evaluation.total,
                                                   "band": evaluation.band}, summary=str(evaluation))
    return evaluation


@transaction.atomic
def evaluation_correct(*, actor, evaluation: Evaluation) -> Evaluation:
    """A finalised evaluation never changes: a correction is a new draft linked to it, with its answers copied."""
    if not evaluation.is_finalised:
        raise IllegalMove(gettext("只有已定稿的考核评分需要以更正评分的方式修改"))
    _require_owner(actor, evaluation)
    existing = evaluation.corrections.exclude(state=EvaluationState.FINALISED).first()
    if existing is not None:
        return existing
    copy = Evaluation(
        rubric=evaluation.rubric, kind=evaluation.kind, period=evaluation.period,
        subject_kind=evaluation.subject_kind, centre=evaluation.centre, station=evaluation.station,
        window=evaluation.window, evaluated_on=timezone.localdate(), answers=evaluation.answers,
        facts=evaluation.facts, prefilled=evaluation.prefilled, remarks=evaluation.remarks, corrects=evaluation,
        created_by=actor, updated_by=actor, total=evaluation.total, max_total=evaluation.max_total,
        band=evaluation.band, vetoes=evaluation.vetoes, excellence_barred=evaluation.excellence_barred,
        unanswered=evaluation.unanswered, result=evaluation.result,
    )
    copy.full_clean()
    copy.save()
    CriterionNote.objects.bulk_create(
        CriterionNote(evaluation=copy, code=n.code, note=n.note, override_reason=n.override_reason)
        for n in evaluation.criterion_notes.all())
    Evidence.objects.bulk_create(
        Evidence(evaluation=copy, code=e.code, file=e.file.name, original_name=e.original_name,
                 content_type=e.content_type, size=e.size, uploaded_by=e.uploaded_by)
        for e in evaluation.evidence.all())
    EvaluationDocument.objects.bulk_create(
        EvaluationDocument(evaluation=copy, document_id=d.document_id, item_key=d.item_key, verdict=d.verdict,
                           note=d.note, judged_by=d.judged_by, judged_at=d.judged_at)
        for d in evaluation.documents_seen.all())
    audit.record(actor=actor, action="新建更正评分", target=copy, before={"corrects": evaluation.pk},
                 after={"total": copy.total}, summary=f"更正 {evaluation}")
    audit.record(actor=actor, action="被更正", target=evaluation, after={"correction": copy.pk},
                 summary=f"新建更正评分 #{copy.pk}")
    return copy
