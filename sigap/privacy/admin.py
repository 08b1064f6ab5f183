from django.contrib import admin

from sigap.privacy.models import (
    BreachIncident,
    BreakGlassGrant,
    DataSubjectRequest,
    ProcessingActivity,
)


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(admin.ModelAdmin):
    list_display = ("purpose", "lawful_basis", "retention")


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(admin.ModelAdmin):
    """The DPO works on the register's own pages (privacy:request-list); the admin shows no
    case number in its list and never offers a picker of case participants."""

    list_display = ("kind", "received_on", "due_on", "status")
    list_filter = ("status", "kind")
    readonly_fields = ("participant",)


@admin.register(BreachIncident)
class BreachIncidentAdmin(admin.ModelAdmin):
    list_display = ("discovered_at", "status", "notify_by", "is_notice_overdue")
    list_filter = ("status",)


@admin.register(BreakGlassGrant)
class BreakGlassGrantAdmin(admin.ModelAdmin):
    """Read-only: grants are created by the break-glass service only."""

    list_display = ("created_at", "user", "case", "expires_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
