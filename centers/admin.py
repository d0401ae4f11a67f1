"""The organisation in the admin: changes are audited like the app's own forms (core.admin.AuditedAdmin); a staff
member, centre, station or window with an audit history is not deleted here."""

from django.contrib import admin

from centers.models import Region, ServiceCentre, Staff, Station, Window
from core.admin import AuditedAdmin, ReadOnlyInline


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class WindowInline(ReadOnlyInline):
    """Shown only: a window is changed on its own admin page, where the change is audited."""

    model = Window
    fields = ["number", "name", "kind", "active"]
    readonly_fields = fields
    show_change_link = True


@admin.register(ServiceCentre)
class ServiceCentreAdmin(AuditedAdmin):
    list_display = ["name", "code", "region", "phone"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region"]
    inlines = [WindowInline]
    list_select_related = ["region"]


@admin.register(Station)
class StationAdmin(AuditedAdmin):
    list_display = ["name", "code", "region", "centre", "in_party_centre"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region", "centre"]
    list_select_related = ["region", "centre"]


@admin.register(Staff)
class StaffAdmin(AuditedAdmin):
    list_display = ["name", "category", "centre", "station", "window", "party_member"]
    list_filter = ["category", "party_member"]
    search_fields = ["name", "phone"]
    autocomplete_fields = ["centre", "station", "window", "backup"]
    list_select_related = ["centre", "station", "window"]
    exclude = ["revision"]  # bumped by every save (core.admin.AuditedAdmin)


@admin.register(Window)
class WindowAdmin(AuditedAdmin):
    list_display = ["__str__", "centre", "kind", "active"]
    search_fields = ["name", "centre__name"]
    list_select_related = ["centre"]
