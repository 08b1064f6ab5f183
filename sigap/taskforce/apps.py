from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    """Task-force coordination (issue 11): the Gugus Tugas PP-TPPO's structure, meetings,
    attendance, action items carried from meeting to meeting, and the minutes (notulen)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sigap.taskforce"
    verbose_name = _("Task-force coordination")

    def ready(self) -> None:
        from sigap.casework.selectors import digest_contributor_register
        from sigap.reports.taskforce_report import register_section
        from sigap.taskforce.reminders import digest_rows
        from sigap.taskforce.report_section import coordination_section

        # Issue 11 §2: the focal point's overdue and due-today action items in the digest.
        digest_contributor_register(digest_rows)

        # Issue 11 §4: the coordination section of the Laporan Gugus Tugas, after the others.
        register_section(coordination_section)
