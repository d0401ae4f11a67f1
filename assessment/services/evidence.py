"""Writes for evidence: a photo or PDF attached to one criterion of a draft evaluation, and its removal.

Uploads are checked by content (``core.attachments``, shared with appeals' attachments) and audited; the
evaluation row is locked so that a submit racing an upload is ordered with it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from assessment.models import Evaluation, Evidence
from assessment.rubrics import rubric_of
from assessment.services.evaluations import _locked, _require_draft, _require_owner
from core import attachments, audit


def evidence_max_bytes() -> int:
    return attachments.max_bytes()


@transaction.atomic
def evidence_add(*, actor, evaluation: Evaluation, code: str, upload) -> Evidence:
    """Attach a photo or PDF to one criterion of a draft (checked by content, stored under a random name).

    The evaluation row is locked and its state read again inside the transaction: a submit or finalise racing the
    upload either commits first (the upload is refused) or waits for it (the file was attached to a draft)."""
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    _require_owner(actor, evaluation)
    rubric = rubric_of(evaluation.rubric)
    if rubric.criterion(code or "") is None:
        raise ValidationError({"code": gettext("请选择要附佐证材料的评估标准")})
    checked = attachments.check_upload(upload, default_name="佐证", limit=evidence_max_bytes())
    data, content_type, name = checked.data, checked.content_type, checked.name
    evidence = Evidence(evaluation=evaluation, code=code, original_name=name, content_type=content_type,
                        size=len(data), uploaded_by=actor)
    evidence.file.save("upload", ContentFile(data), save=False)
    evidence.save()
    audit.record(actor=actor, action="上传佐证材料", target=evaluation,
                 after={"code": code, "file": name, "type": content_type, "size": len(data)}, summary=f"{code} {name}")
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    """Remove a file from a draft; the evaluation row is locked and its state read again, as for an upload."""
    evaluation = _locked(evidence.evaluation)
    _require_draft(evaluation)
    _require_owner(actor, evaluation)
    name = evidence.file.name
    shared = Evidence.objects.filter(file=name).exclude(pk=evidence.pk).exists()  # a correction's copy
    evidence.delete()
    if not shared:
        transaction.on_commit(lambda: evidence.file.storage.delete(name))
    audit.record(actor=actor, action="删除佐证材料", target=evaluation,
                 before={"code": evidence.code, "file": evidence.original_name}, summary=evidence.original_name)
