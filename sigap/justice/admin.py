"""Admin: only the reference table of articles, read-only. Police reports, suspects, verdicts
and restitution are case data and stay out of the admin (trust layer: no case data there)."""

from django.contrib import admin

from sigap.justice.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("code", "law", "article", "short_description", "needs_verification")
    list_filter = ("law", "needs_verification", "is_active")
    search_fields = ("code", "article", "short_description")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
