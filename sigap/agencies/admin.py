from django.contrib import admin

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
