"""Read-only admin views of the red-flag records: policies, ledger events, declarations, month publications and
notices change only on the pages, through the services that validate and audit them (core.admin)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from redflags.models import (
    Declaration,
    DeclarationItem,
    LastPlaceNotice,
    MonthPublication,
    MonthResult,
    RedFlagPolicy,
    WindowEvent,
)


@admin.register(RedFlagPolicy)
class RedFlagPolicyAdmin(ReadOnlyAdmin):
    list_display = ["centre", "monthly_red_flags", "annual_red_flags", "updated_at"]
    raw_id_fields = ["centre"]


@admin.register(WindowEvent)
class WindowEventAdmin(ReadOnlyAdmin):
    list_display = ["window", "date", "rule", "points", "occurrences", "status", "recorded_by"]
    list_filter = ["status", "kind"]
    search_fields = ["window__name", "window__centre__name", "rule", "note"]
    raw_id_fields = ["window", "scheme_version", "recorded_by", "revoked_by"]
    date_hierarchy = "date"


class DeclarationItemInline(ReadOnlyInline):
    model = DeclarationItem


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ["window", "year", "month", "state", "declared_at", "approved_at"]
    list_filter = ["state", "year"]
    raw_id_fields = ["window", "scheme_version", "declared_by", "checked_by", "approved_by"]
    inlines = [DeclarationItemInline]


class MonthResultInline(ReadOnlyInline):
    model = MonthResult
    fields = ["rank", "window", "score", "bonus", "severe", "eligible", "red_flag", "last"]
    readonly_fields = fields


@admin.register(MonthPublication)
class MonthPublicationAdmin(ReadOnlyAdmin):
    list_display = ["centre", "year", "month", "red_flags", "published_by", "published_at"]
    list_filter = ["year"]
    raw_id_fields = ["centre", "scheme_version", "published_by"]
    inlines = [MonthResultInline]


@admin.register(LastPlaceNotice)
class LastPlaceNoticeAdmin(ReadOnlyAdmin):
    list_display = ["centre", "window", "year", "month", "level", "status", "reason"]
    list_filter = ["level", "status", "year"]
    raw_id_fields = ["centre", "window"]
