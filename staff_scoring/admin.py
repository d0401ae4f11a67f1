"""Read-only admin views of staff scoring: events, appeals and scheme versions change only on the pages, through
``staff_scoring.services`` (validated against the scheme, audited)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from staff_scoring.models import Appeal, SchemeVersion, StaffEvent


@admin.register(StaffEvent)
class StaffEventAdmin(ReadOnlyAdmin):
    list_display = ["staff", "date", "rule", "kind", "occurrences", "days", "level", "points", "status", "revision"]
    list_filter = ["status", "kind", "source"]
    search_fields = ["staff__name", "rule", "note"]
    list_select_related = ["staff"]
    date_hierarchy = "date"


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["event", "status", "submitted_by", "submitted_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["event", "event__staff", "submitted_by", "decided_by"]


@admin.register(SchemeVersion)
class SchemeVersionAdmin(ReadOnlyAdmin):
    list_display = ["title", "code", "version", "subject", "applies_to", "published_at"]
    list_filter = ["code", "subject"]
    exclude = ["source_text"]
