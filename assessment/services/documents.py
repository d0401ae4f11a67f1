"""Writes for library evidence on an evaluation: the director tags a document to an item while self-assessing
(a tag in the library, audited there); the inspector marks each document 采信 or 不足 with a note (audited here);
submitting and finalising store every document the evaluation sees, so a finalised one keeps them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from assessment.evidence import _rows_by_key, documents_on_form, library_subject
from assessment.models import INSPECTION_KINDS, Evaluation, EvaluationDocument, EvidenceVerdict
from assessment.rubrics import rubric_of
from assessment.services.evaluations import MAX_NOTE, _locked, _require_draft, _require_owner, clean_text
from core import audit
from library import services as library_services
from library.keys import keys_of
from library.models import Document


def snapshot_documents(evaluation: Evaluation) -> int:
    """Store every document shown beside the evaluation's items (tagged and valid in its year) that it has not
    stored yet; returns how many were added. Called inside the submit and finalise transaction."""
    keys = keys_of(rubric_of(evaluation.rubric))
    new = [EvaluationDocument(evaluation=evaluation, document=row.document, item_key=key)
           for key, found in _rows_by_key(evaluation, keys).items() if key in set(keys.values())
           for row in found.values() if not row.seen]
    EvaluationDocument.objects.bulk_create(new)
    return len(new)


def _item_key(evaluation: Evaluation, item_code: str) -> str:
    key = keys_of(rubric_of(evaluation.rubric)).get(item_code or "")
    if key is None:
        raise ValidationError({"item": gettext("请选择评估项目")})
    return key


@transaction.atomic
def judge_document(*, actor, evaluation: Evaluation, document_id: int | None, item_code: str, verdict: str,
                   note: str = "") -> EvaluationDocument:
    """The inspector's 采信 / 不足 (with a note) on one document beside one item of a draft inspection."""
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    _require_owner(actor, evaluation)
    if evaluation.kind not in INSPECTION_KINDS:
        raise ValidationError(gettext("自查不认定佐证；由县考核人员在验收、抽查、暗访中认定"))
    if verdict not in EvidenceVerdict.values:
        raise ValidationError({"verdict": gettext("请选择采信或不足")})
    key = _item_key(evaluation, item_code)
    shown = {row.document.pk for row in documents_on_form(evaluation, rubric_of(evaluation.rubric)).get(item_code, [])}
    if document_id not in shown:
        raise ValidationError({"document": gettext("这份资料不是该评估项目的佐证")})
    row, _ = EvaluationDocument.objects.get_or_create(evaluation=evaluation, document_id=document_id, item_key=key)
    before = {"verdict": row.verdict, "note": row.note}
    row.verdict, row.note = verdict, clean_text(note)[:MAX_NOTE]
    row.judged_by, row.judged_at = actor, timezone.now()
    row.save()
    audit.record(actor=actor, action=f"佐证认定：{row.get_verdict_display()}", target=evaluation, before=before,
                 after={"item": key, "document": row.document.title, "verdict": verdict, "note": row.note},
                 summary=f"{item_code} {row.document.title}")
    return row


@transaction.atomic
def tag_for_item(*, actor, evaluation: Evaluation, document: Document, item_code: str):
    """While self-assessing, the director offers a library document as evidence for one item (a library tag)."""
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    _require_owner(actor, evaluation)
    subject = library_subject(evaluation)
    if subject is None:
        raise ValidationError(gettext("窗口考核不使用资料库佐证"))
    return library_services.tag_document(actor=actor, document=document, subject=subject,
                                         item_key=_item_key(evaluation, item_code))
