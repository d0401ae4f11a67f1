"""Writes for the assessment app, one module per seam: ``evaluations`` (start, save, move, correct), ``evidence``
(files on a draft's criteria) and ``guidance`` (guidance records and rectification items).

The public names are re-exported here, so ``from assessment import services; services.evaluation_save(...)``
reads as before; the rules common to all of them are in ``evaluations``' docstring.
"""

from assessment.services.documents import judge_document, snapshot_documents, tag_for_item
from assessment.services.evaluations import (
    MAX_NOTE,
    EditConflict,
    SaveOutcome,
    SaveRefused,
    Started,
    clean_text,
    evaluation_correct,
    evaluation_move,
    evaluation_save,
    evaluation_start,
    kinds_for,
    overrides_without_reason,
    prefill_answers,
    subject_parts,
)
from assessment.services.evidence import evidence_add, evidence_delete, evidence_max_bytes
from assessment.services.guidance import (
    DEFAULT_RECTIFY_DAYS,
    GUIDANCE_FIELDS,
    due_date,
    guidance_save,
    lost_rows,
    open_rectification_states,
    rectification_add,
    rectification_move,
    rectifications_from_evaluation,
)

__all__ = [
    "DEFAULT_RECTIFY_DAYS", "GUIDANCE_FIELDS", "MAX_NOTE", "EditConflict", "SaveOutcome", "SaveRefused", "Started",
    "clean_text", "due_date", "evaluation_correct", "evaluation_move", "evaluation_save", "evaluation_start",
    "evidence_add", "evidence_delete", "evidence_max_bytes", "guidance_save", "judge_document", "kinds_for",
    "lost_rows", "snapshot_documents", "tag_for_item",
    "open_rectification_states", "overrides_without_reason", "prefill_answers", "rectification_add",
    "rectification_move", "rectifications_from_evaluation", "subject_parts",
]
