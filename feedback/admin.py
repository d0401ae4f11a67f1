"""The one settings row of 好差评 is edited here: each change is audited (core.admin.AuditedAdmin), never deleted."""

from django.contrib import admin

from core.admin import AuditedAdmin
from feedback.models import Policy


@admin.register(Policy)
class PolicyAdmin(AuditedAdmin):
    """One row: the rectification limit of a 差评 (working days) and the longest single extension."""

    list_display = ["__str__", "rectify_workdays", "max_extension_workdays"]

    def has_add_permission(self, request):
        return not Policy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = 1
        super().save_model(request, obj, form, change)
