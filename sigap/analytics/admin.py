"""Admin for screening rulesets (read-only rows: publish a new version instead) and P3MI."""

from django.contrib import admin

from sigap.analytics.models import LicensedAgency, ScreeningRuleset


@admin.register(ScreeningRuleset)
class ScreeningRulesetAdmin(admin.ModelAdmin):
    list_display = ("version", "is_active", "created_at", "published_by")
    readonly_fields = ("version", "rules", "is_active", "published_by", "created_at")
    fields = ("version", "is_active", "notes", "rules", "published_by", "created_at")

    def has_add_permission(self, request):
        # New versions go through ruleset_publish (validated, audited): manage.py
        # publish_screening_rules FILE.json
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LicensedAgency)
class LicensedAgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "license_number", "valid_until", "is_active")
    search_fields = ("name", "license_number")
    readonly_fields = ("name_key",)
