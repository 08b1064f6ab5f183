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

from sigap.core.fields import EncryptedBlobField, EncryptedCharField
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
    data = EncryptedBlobField(editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.content_type} ({self.size} B)"


# --- Outreach register (issue 9 §4) -------------------------------------------------------------


class OutreachKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Awareness session (sosialisasi)")
    EDUKASI = "edukasi", _("Education (edukasi)")
    PELATIHAN = "pelatihan", _("Training (pelatihan)")


class PlaceKind(models.TextChoices):
    KELURAHAN = "kelurahan", _("Kelurahan office or hall")
    SCHOOL = "school", _("School")
    RW = "rw", _("RW (neighbourhood)")
    MOSQUE = "mosque", _("Mosque or place of worship")
    ONLINE = "online", _("Online")


class OutreachActivity(BaseModel):
    """One sosialisasi, edukasi or pelatihan session held by a member agency.

    The audience is counted, never named: four aggregate counts by sex and age group (children
    are under 18, UU 35/2014 Pasal 1). ``area`` is the kelurahan where it was held (required
    unless online; an online session may name the kelurahan it was aimed at).
    """

    organiser = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OutreachKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    place_kind = models.CharField(_("place"), max_length=16, choices=PlaceKind.choices)
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    place_name = models.CharField(_("name of the place"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    girls = models.PositiveIntegerField(_("girls (under 18)"), default=0)
    boys = models.PositiveIntegerField(_("boys (under 18)"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    materials = models.TextField(_("materials used"), max_length=2000, blank=True)
    partners = models.ManyToManyField(
        "agencies.Agency", blank=True, related_name="+", verbose_name=_("partner agencies")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        permissions = [("view_early_warning", "Can view the early-warning view")]
        indexes = [
            models.Index(fields=["-held_on", "-id"], name="prev_outreach_recent"),
            models.Index(fields=["organiser", "-held_on", "-id"], name="prev_outreach_org"),
            models.Index(fields=["area", "held_on"], name="prev_outreach_area"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"

    @property
    def participants(self) -> int:
        """All participants (children and adults)."""
        return self.girls + self.boys + self.women + self.men


class OutreachPhoto(BaseModel):
    """A photo or PDF of an outreach session: cleaned by ``uploads.clean_upload`` (EXIF/GPS
    removed) and stored encrypted, exactly like report attachments."""

    activity = models.ForeignKey(OutreachActivity, on_delete=models.CASCADE, related_name="photos")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = EncryptedBlobField(editable=False)

    class Meta:
        verbose_name = _("outreach photo")
        verbose_name_plural = _("outreach photos")

    def __str__(self) -> str:
        return f"{self.content_type} ({self.size} B)"


class OutreachPlan(BaseModel):
    """What an agency plans for one quarter: number of sessions and of participants."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    planned_sessions = models.PositiveIntegerField(_("planned sessions"))
    planned_participants = models.PositiveIntegerField(_("planned participants"))

    class Meta:
        verbose_name = _("outreach plan")
        verbose_name_plural = _("outreach plans")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="prev_plan_agency_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="prev_plan_quarter_1_4"
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter"], name="prev_plan_period")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}-Q{self.quarter}"


class AreaPopulation(models.Model):
    """Residents of a kelurahan (reference data, ``manage.py population_load``), for
    participants per 1,000 residents on the early-warning view. Where no row exists the view
    says the population is unknown; nothing is estimated."""

    area = models.OneToOneField(
        "areas.Area", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    population = models.PositiveIntegerField(_("population"))
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("area population")
        verbose_name_plural = _("area populations")

    def __str__(self) -> str:
        return f"{self.area_id}: {self.population}"
