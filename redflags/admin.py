"""Read-mostly admin views of the red-flag records; writes go through the pages (services audit them)."""

from django.contrib import admin

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
class RedFlagPolicyAdmin(admin.ModelAdmin):
    list_display = ["centre", "monthly_red_flags", "annual_red_flags", "updated_at"]
    raw_id_fields = ["centre"]


@admin.register(WindowEvent)
class WindowEventAdmin(admin.ModelAdmin):
    list_display = ["window", "date", "rule", "points", "occurrences", "status", "recorded_by"]
    list_filter = ["status", "kind"]
    search_fields = ["window__name", "window__centre__name", "rule", "note"]
    raw_id_fields = ["window", "scheme_version", "recorded_by", "revoked_by"]
    date_hierarchy = "date"

    def has_change_permission(self, request, obj=None):
        return False


class DeclarationItemInline(admin.TabularInline):
    model = DeclarationItem
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["window", "year", "month", "state", "declared_at", "approved_at"]
    list_filter = ["state", "year"]
    raw_id_fields = ["window", "scheme_version", "declared_by", "checked_by", "approved_by"]
    inlines = [DeclarationItemInline]

    def has_change_permission(self, request, obj=None):
        return False


class MonthResultInline(admin.TabularInline):
    model = MonthResult
    extra = 0
    can_delete = False
    fields = ["rank", "window", "score", "bonus", "severe", "eligible", "red_flag", "last"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonthPublication)
class MonthPublicationAdmin(admin.ModelAdmin):
    list_display = ["centre", "year", "month", "red_flags", "published_by", "published_at"]
    list_filter = ["year"]
    raw_id_fields = ["centre", "scheme_version", "published_by"]
    inlines = [MonthResultInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LastPlaceNotice)
class LastPlaceNoticeAdmin(admin.ModelAdmin):
    list_display = ["centre", "window", "year", "month", "level", "status", "reason"]
    list_filter = ["level", "status", "year"]
    raw_id_fields = ["centre", "window"]

    def has_change_permission(self, request, obj=None):
        return False
