"""Read-only admin views of trainings: a training's attendance proposes deductions, so it changes only on the pages,
through ``trainings.services`` (revision-checked, audited)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from trainings.models import Attendance, Training


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "topic", "centre", "station", "organiser"]
    list_filter = ["kind"]
    search_fields = ["topic", "organiser"]
    list_select_related = ["centre", "station"]
    date_hierarchy = "date"


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["training", "staff", "presence", "review", "reviewed_by", "reviewed_at"]
    list_filter = ["presence", "review"]
    list_select_related = ["training", "staff", "reviewed_by"]
