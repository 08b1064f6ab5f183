"""Community reports (laporan masyarakat) and their attachments (issue 9 §1-2).

Everything a reporter types may identify a victim, a witness or the reporter, so the narrative,
place details and contact are stored encrypted; attachments are stored encrypted, after their
metadata (EXIF, GPS) has been stripped. The receipt code lets the reporter check the status and
nothing else; it is random (not a sequence), so codes cannot be guessed from one another.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from sigap.core.fields import EncryptedCharField
from sigap.core.models import BaseModel


class ReportCategory(models.TextChoices):
    JOB_OFFER = "job_offer", _("Suspicious job offer or recruiter")
    HOLDING_HOUSE = "holding_house", _("Holding house (penampungan)")
    EXPLOITATION = "exploitation", _("Someone being exploited or held")
    MISSING = "missing", _("Missing person, possibly taken abroad")
    CHILD = "child", _("A child at risk")
    OTHER = "other", _("Other")


class ReportChannel(models.TextChoices):
    PUBLIC_WEB = "public_web", _("Public web form")
    HOTLINE = "hotline", _("Hotline")
    KELURAHAN = "kelurahan", _("Kelurahan or kecamatan")
    SCHOOL = "school", _("School counsellor")
    AGENCY = "agency", _("Member agency")


class ChildrenInvolved(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")


class ContactChannel(models.TextChoices):
    NONE = "none", _("Do not contact me")
    PHONE = "phone", _("Phone call")
    WHATSAPP = "whatsapp", _("WhatsApp or SMS")
    EMAIL = "email", _("E-mail")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("Being reviewed")
    FORWARDED = "forwarded", _("Forwarded to the police")
    CONVERTED = "converted", _("Handled as a case")
    CLOSED = "closed", _("Closed")


OPEN_REPORT_STATUSES = (ReportStatus.RECEIVED, ReportStatus.IN_REVIEW)


class CloseReason(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate of another report")
    NOT_TPPO = "not_tppo", _("Not trafficking; referred elsewhere")
    NO_INFORMATION = "no_information", _("Not enough information to act")
    RESOLVED = "resolved", _("Resolved without a case")
    ABUSE = "abuse", _("Abusive or false report")


class CommunityReport(BaseModel):
    """One report from a citizen, a hotline operator, a lurah or a school counsellor."""

    receipt_code = models.CharField(max_length=16, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=ReportChannel.choices)
    category = models.CharField(
        _("what it is about"), max_length=16, choices=ReportCategory.choices
    )
    what_happened = EncryptedCharField(_("what happened"), max_length=5000)
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("where (in Indonesia)"),
    )
    country = CountryField(_("where (abroad)"), blank=True)
    place_detail = EncryptedCharField(_("place details"), max_length=300, blank=True)
    occurred_on = models.DateField(_("when"), null=True, blank=True)
    people_count = models.PositiveSmallIntegerField(_("how many people"), null=True, blank=True)
    children_involved = models.CharField(
        _("children involved"),
        max_length=8,
        choices=ChildrenInvolved.choices,
        default=ChildrenInvolved.UNKNOWN,
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    contact_name = EncryptedCharField(_("your name"), max_length=150, blank=True)
    contact = EncryptedCharField(_("phone or e-mail"), max_length=150, blank=True)
    contact_channel = models.CharField(
        _("how to contact you"),
        max_length=16,
        choices=ContactChannel.choices,
        default=ContactChannel.NONE,
    )
    # Triage.
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    risk_level = models.CharField(_("risk level"), max_length=8, blank=True)
    flag_codes = models.JSONField(_("flags"), default=list, blank=True)
    ruleset_version = models.CharField(max_length=40, blank=True)
    follow_up_due = models.DateField(_("follow up by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    forwarded_to = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("forwarded to"),
    )
    close_reason = models.CharField(
        _("reason"), max_length=16, choices=CloseReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("community report")
        verbose_name_plural = _("community reports")
        indexes = [
            models.Index(fields=["status", "follow_up_due"], name="prev_report_queue"),
            models.Index(fields=["created_by_agency", "created_at"], name="prev_report_agency"),
            models.Index(fields=["area", "created_at"], name="prev_report_area"),
            models.Index(fields=["-created_at"], name="prev_report_recent"),
        ]

    def __str__(self) -> str:
        return self.receipt_code


class ReportAttachment(BaseModel):
    """A photo, screenshot or PDF sent with a report: metadata stripped, stored encrypted
    (base64 inside a Fernet token). ``sha256`` is of the stored (cleaned) bytes."""

    report = models.ForeignKey(
        CommunityReport, on_delete=models.CASCADE, related_name="attachments"
    )
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.TextField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.content_type} ({self.size} B)"
