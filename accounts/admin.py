from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import LoginLock, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "region", "centre", "staff", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["region", "centre", "staff"]
    fieldsets = BaseUserAdmin.fieldsets + (("角色与辖区", {"fields": ["display_name", "role", "region", "centre", "staff"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("角色与辖区", {"fields": ["display_name", "role", "region", "centre", "staff"]}),)


def _column(field: str, description: str):
    """A list column that shows ``field`` under a Chinese heading and sorts by it (the lock model's own field names
    are django-axes' English ones)."""
    return admin.display(description=description, ordering=field)(lambda self, obj: getattr(obj, field))


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Failed logins in Chinese; an admin lifts a lock by deleting its record (or waits for the cool-off)."""

    list_display = ["when", "who", "address", "failures", "locked"]
    list_display_links = None
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    actions = ["delete_selected"]

    when = _column("attempt_time", "最近一次失败")
    who = _column("username", "用户名")
    address = _column("ip_address", "IP 地址")
    failures = _column("failures_since_start", "失败次数")

    @admin.display(description="已锁定", boolean=True)
    def locked(self, obj):
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
