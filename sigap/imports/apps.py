from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bulk import of existing case registers (issue 12 §7)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.imports"
    verbose_name = _("Imports")
