from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from sigap.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
