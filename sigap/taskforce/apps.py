from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    """Task-force coordination (issue 11): the Gugus Tugas PP-TPPO's structure, meetings,
    attendance, action items carried from meeting to meeting, and the minutes (notulen)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.taskforce"
    verbose_name = _("Task-force coordination")
