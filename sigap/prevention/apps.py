from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    """Prevention and early detection (issue 9): community reports without an account, the
    triage queue, and (later) outreach and the early-warning view."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.prevention"
    verbose_name = _("Prevention and early detection")
