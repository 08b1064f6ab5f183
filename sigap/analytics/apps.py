from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Screening and linkage. The cores under ``screening/`` (and later ``linkage/``) are pure
    Python without Django imports, callable from a command, a task or Spark."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.analytics"
    verbose_name = _("Analytics")
