"""Case documents (issue 13 §8).

A document belongs to a case and, optionally, to one participant of it (the victim a medical
letter or a consent form is about) and to one record of the case: a referral, a stage of the
justice process or a right of the victim. The file is sniffed and cleaned by
``sigap.core.uploads.clean_upload`` (images re-encoded without EXIF/GPS) and stored as a
Fernet token in ``data`` (``sigap.core.uploads.stored_blob``), in the same transaction as its
audit row: a refused or failed upload leaves nothing behind. The title is encrypted too (it may
name a person); the original file name is not kept.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.fields import EncryptedBlobField, EncryptedCharField
from sigap.core.models import BaseModel
from sigap.rights.choices import RightCode

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # a scanned BAP or verdict; far above a phone photo


class DocumentKind(models.TextChoices):
    POLICE_REPORT = "police_report", _("Police report (LP)")
    BAP = "bap", _("Examination record (BAP)")
    P21 = "p21", _("P21 letter (case file complete)")
    VERDICT = "verdict", _("Court verdict")
    MEDICAL = "medical", _("Medical letter")
    CONSENT = "consent", _("Signed consent")
    IDENTITY = "identity", _("Identity document")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other document")


class CaseDocument(BaseModel):
    """One attached file. ``size`` in bytes and ``sha256`` (hex) are of the stored, cleaned
    bytes; ``content_type`` is the sniffed type (JPEG, PNG, WebP or PDF); ``created_at`` is
    the upload time."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="documents", verbose_name=_("case")
    )
    participant = models.ForeignKey(
        "cases.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("about"),
    )
    # What record the document belongs to (issue 13 §8), besides the case: at most one of a
    # referral (e.g. the service report), a stage of the justice process (LP, P21, verdict)
    # or a right of the victim (restitution assessment, LPSK decision). Who may download it
    # follows that record's rule (``documents.access``).
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("referral"),
    )
    justice_stage = models.ForeignKey(
        "justice.StageEvent",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("stage of the justice process"),
    )
    right = models.CharField(
        _("right of the victim"), max_length=16, choices=RightCode.choices, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = EncryptedCharField(_("title"), max_length=200)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    data = EncryptedBlobField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "-created_at"], name="doc_case_recent")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.size} B)"
