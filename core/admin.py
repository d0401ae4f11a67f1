"""The Django admin is not a back door (issue #12 item 6): records that change a score are read-only there, and the
few settings still edited there are saved with an audit entry and cannot be deleted once audited.

``ReadOnlyAdmin`` / ``ReadOnlyInline``: list and show only; every change goes through the app's services (validated,
scored, audited). ``AuditedAdmin``: changes allowed, each recorded in the audit trail with before and after; deleting
an object with an audit history is refused (and the bulk delete action is not offered).
"""

from django.contrib import admin

from core import audit
from core.models import AuditEntry


class ReadOnly:
    """No add, change or delete: the admin lists and shows only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False


def _shown(value) -> str:
    return "" if value is None else str(value)


class AuditedAdmin(admin.ModelAdmin):
    """Every save is audited with the changed fields' before and after; an audited object is never deleted here."""

    audit_action = "后台修改"

    def save_model(self, request, obj, form, change):
        fields = [name for name in form.changed_data if name in {f.name for f in obj._meta.fields}]
        before = {}
        if change and obj.pk:
            old = type(obj)._default_manager.get(pk=obj.pk)
            before = {name: _shown(getattr(old, name)) for name in fields}
            if hasattr(obj, "revision"):  # an edit form loaded before this save is stale now (core.revisions)
                obj.revision = old.revision + 1
        super().save_model(request, obj, form, change)
        after = {name: _shown(getattr(obj, name)) for name in fields}
        if not change or before != after:
            audit.record(actor=request.user, action=f"{self.audit_action}{obj._meta.verbose_name}" if change
                         else f"后台新增{obj._meta.verbose_name}", target=obj, before=before or None, after=after,
                         summary=str(obj))

    def has_delete_permission(self, request, obj=None):
        if obj is None:  # the changelist's bulk action: never offered
            return False
        return super().has_delete_permission(request, obj) and not audit.history(obj).exists()

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "reason"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
