"""Bulk import jobs (issue 12 §7): one uploaded register (CSV or XLSX) taken through column
mapping, a dry run that lists every row error, and an all-or-nothing commit.

The uploaded file holds victims' names, so it is stored encrypted (``EncryptedBlobField``,
rotated with the field keys) and deleted once the import is committed. Errors and warnings
name a row number, a column and a message, never a cell's value.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.fields import EncryptedBlobField
from sigap.core.models import BaseModel


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting for the column mapping")
    CHECKING = "checking", _("Dry run in progress")
    CHECKED = "checked", _("Dry run done")
    COMMITTING = "committing", _("Import in progress")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(BaseModel):
    """One import. ``mapping``: ``{target field: column header}``; ``errors``: a list of
    ``{"row", "column", "message"}`` (row numbers as the spreadsheet shows them: the header is
    row 1); ``warnings``: ``{"row", "message"}`` (possible duplicates of known persons);
    ``rows_total``/``rows_done``: progress of the running step; ``cases_created`` after the
    commit."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    fmt = models.CharField(_("format"), max_length=8)
    data = EncryptedBlobField(blank=True, editable=False)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    cases_created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "-created_at"], name="import_agency_recent")]

    @property
    def progress(self) -> int:
        """Per cent done of the running step (0-100)."""
        if not self.rows_total:
            return 100 if self.status in (ImportStatus.CHECKED, ImportStatus.DONE) else 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.CHECKED and not self.errors
