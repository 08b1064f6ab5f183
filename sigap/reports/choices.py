"""Choices of the reports app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportDataset(models.TextChoices):
    """What an export job writes (issue 12 §2; more datasets to come)."""

    CASES = "cases", _("Cases")
    # The task-force report (issue 11 §4): aggregates only, made by sigap.reports.taskforce_jobs.
    TASKFORCE_REPORT = "taskforce_report", _("Task force report")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    PDF = "pdf", _("PDF")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
