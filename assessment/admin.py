"""Admin: read-only views of rubric versions, evaluations, guidance records and rectification items.

Every change to these goes through ``assessment.services`` (validated, scored by the engine, audited); the admin
only looks, so nothing here can change a score without a trace.
"""

from django.contrib import admin

from assessment.models import (
    CriterionNote,
    Evaluation,
    EvaluationDocument,
    Evidence,
    GuidanceRecord,
    RectificationItem,
    RubricVersion,
)
from core.admin import ReadOnlyAdmin as ReadOnly
from core.admin import ReadOnlyInline


@admin.register(RubricVersion)
class RubricVersionAdmin(ReadOnly):
    list_display = ["title", "code", "version", "subjects", "max_total", "published_at"]
    list_filter = ["code"]
    search_fields = ["title", "code"]
    exclude = ["source_text"]


class CriterionNoteInline(ReadOnlyInline):
    model = CriterionNote


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["code", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class EvaluationDocumentInline(ReadOnlyInline):
    model = EvaluationDocument
    fields = ["item_key", "document", "verdict", "note", "judged_by", "judged_at"]
    readonly_fields = fields


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnly):
    list_display = ["__str__", "kind", "period", "state", "total", "band", "rubric", "updated_at"]
    list_filter = ["state", "kind", "subject_kind", "period"]
    search_fields = ["centre__name", "station__name", "window__name"]
    list_select_related = ["centre", "station", "window", "rubric"]
    inlines = [CriterionNoteInline, EvidenceInline, EvaluationDocumentInline]


class RectificationInline(ReadOnlyInline):
    model = RectificationItem
    fields = ["problem", "owner", "due_on", "state", "result"]
    readonly_fields = fields


@admin.register(GuidanceRecord)
class GuidanceRecordAdmin(ReadOnly):
    list_display = ["__str__", "guided_on", "centre", "station", "created_by"]
    list_select_related = ["centre", "station", "created_by"]
    search_fields = ["centre__name", "station__name", "problems"]
    inlines = [RectificationInline]


@admin.register(RectificationItem)
class RectificationItemAdmin(ReadOnly):
    list_display = ["problem", "owner", "due_on", "state", "record"]
    list_filter = ["state"]
    list_select_related = ["record", "record__centre", "record__station"]
