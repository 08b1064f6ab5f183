"""Export jobs (issue 12 §2): an export runs in the background task worker and leaves a file
that only its requester may download until it expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.core.models import BaseModel
from sigap.reports.choices import ExportDataset, ExportFormat, ExportStatus


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExportJobQuerySet:
        """Export jobs are private to their requester: nobody else sees them, not even an
        admin (the file may hold identities, docs/access-model.md)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(owner=user)


class ExportJob(BaseModel):
    """One export: what was asked (dataset, format, filters as codes, identities, purpose),
    how far it got (status, rows written of rows_total) and the file it produced.

    ``file_name`` is a random name inside ``settings.SIGAP_EXPORT_DIR`` (never served
    statically); ``filename`` is the name offered to the browser. ``error`` is a fixed,
    translated sentence, never an exception text (which could quote personal data).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="export_jobs"
    )
    dataset = models.CharField(max_length=20, choices=ExportDataset.choices)
    format = models.CharField(max_length=10, choices=ExportFormat.choices)
    filters = models.JSONField(default=dict, blank=True)
    include_identities = models.BooleanField(default=False)
    purpose = models.TextField(blank=True)
    # Language of the column headers (issue 13 §10): the requester's when asked for on a page
    # ("id", "en"); empty for the API, whose files keep the stable machine names.
    header_language = models.CharField(max_length=8, blank=True, default="")
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_written = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True)
    filename = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="exportjob_owner_recent")]

    def __str__(self) -> str:
        return f"{self.dataset}.{self.format} ({self.status})"

    @property
    def progress(self) -> int:
        """Percent done, 0–100 (100 only once the file is ready)."""
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file_name) and not self.is_expired

    @property
    def is_active(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
