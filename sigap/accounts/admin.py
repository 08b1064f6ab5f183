from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.accounts.services import user_deactivate


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """User admin. Deactivation goes through ``user_deactivate`` (ends sessions and tokens)."""

    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
    actions = ["deactivate_users"]

    @admin.action(description=_("Deactivate selected users (ends their sessions and tokens)"))
    def deactivate_users(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True):
            user_deactivate(user=user, actor=request.user)
            count += 1
        self.message_user(request, _("%(n)d user(s) deactivated.") % {"n": count}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True  # the service flips it and ends sessions/tokens atomically
        super().save_model(request, obj, form, change)
        if deactivating:
            user_deactivate(user=obj, actor=request.user)
