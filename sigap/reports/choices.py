"""Choices of the reports app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.tabular import FORMATS


class ExportDataset(models.TextChoices):
    """What an export job writes (issue 12 §2; more datasets to come)."""

    CASES = "cases", _("Cases")
    # The task-force report (issue 11 §4): aggregates only, made by sigap.reports.taskforce_jobs.
    TASKFORCE_REPORT = "taskforce_report", _("Task force report")
    SIMFONI = "simfoni", _("SIMFONI-PPA worksheet (one row per victim)")
    CTDC = "ctdc", _("CTDC victim records (non-identifying)")
    HTCDS = "htcds", _("HTCDS v2 case exchange file")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    PDF = "pdf", _("PDF")
    JSON = "json", _("JSON")


# Which formats each dataset is offered in (issue 12 §3: HTCDS as JSON and CSV).
DATASET_FORMATS = {
    "cases": ("csv", "xlsx"),
    "simfoni": ("csv", "xlsx"),
    "ctdc": ("csv", "xlsx"),
    "htcds": ("csv", "json"),
    "taskforce_report": ("pdf", "xlsx"),
}
CONTENT_TYPES = {**FORMATS, "json": "application/json", "pdf": "application/pdf"}


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
