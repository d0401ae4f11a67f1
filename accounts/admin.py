from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "region", "centre", "staff", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["region", "centre", "staff"]
    fieldsets = BaseUserAdmin.fieldsets + (("角色与辖区", {"fields": ["display_name", "role", "region", "centre", "staff"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("角色与辖区", {"fields": ["display_name", "role", "region", "centre", "staff"]}),)
