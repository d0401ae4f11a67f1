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


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):
    """Failed logins in Chinese; an admin lifts a lock by deleting its record (or waits for the cool-off)."""

    list_display = ["when", "who", "address", "failures", "locked"]
    list_display_links = None
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    actions = ["delete_selected"]

    @admin.display(description="最近一次失败", ordering="attempt_time")
    def when(self, obj):
        return obj.attempt_time

    @admin.display(description="用户名", ordering="username")
    def who(self, obj):
        return obj.username

    @admin.display(description="IP 地址", ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description="失败次数", ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description="已锁定", boolean=True)
    def locked(self, obj):
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
