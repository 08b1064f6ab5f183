from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group

from sigap.agencies.models import Agency, AgencyService, Membership, Service


class AgencyServiceInline(admin.TabularInline):
    model = AgencyService
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "area", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")
    raw_id_fields = ("area",)
    inlines = [AgencyServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_days", "legal_basis")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role",)
    raw_id_fields = ("user", "agency")


# Roles are defined in code (sigap.agencies.roles, applied by ``roles_sync`` with an audit
# row per change): the Group admin only shows them.
admin.site.unregister(Group)


@admin.register(Group)
class ReadOnlyGroupAdmin(GroupAdmin):
    """Read-only role groups: no add, change or delete through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
