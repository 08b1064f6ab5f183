from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    """Prevention and early detection (issue 9): community reports without an account, the
    triage queue, the outreach register and the early-warning view."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.prevention"
    verbose_name = _("Prevention and early detection")

    def ready(self) -> None:
        from sigap.casework.selectors import digest_contributor_register
        from sigap.prevention.selectors import digest_rows

        # Overdue community reports in the daily digest, through My work's selector.
        digest_contributor_register(digest_rows)
