from django.contrib import admin

from workdays.models import LocalDay, OfficialDay, YearSchedule


class OfficialDayInline(admin.TabularInline):
    model = OfficialDay
    extra = 3
    ordering = ["date"]


@admin.register(YearSchedule)
class YearScheduleAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "basis", "updated_at"]
    inlines = [OfficialDayInline]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LocalDay)
class LocalDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "date"
