"""Task-force member agencies, the service catalogue, and user memberships."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.agencies.choices import AgencyKind, Role, ServiceCode
from sigap.core.models import BaseModel


class Agency(BaseModel):
    """A member of the Gugus Tugas PP-TPPO (Suku Dinas, kelurahan office, police unit, ...).

    ``area`` is the territory it serves (a kota, kecamatan or kelurahan); ``code`` is a stable
    slug used by seed data. Editable in the admin.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    services = models.ManyToManyField(
        "Service", through="AgencyService", blank=True, related_name="agencies"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.short_name or self.name


class Service(BaseModel):
    """One kind of victim service in the catalogue (e.g. health rehabilitation)."""

    code = models.CharField(_("code"), max_length=32, unique=True, choices=ServiceCode.choices)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    default_days = models.PositiveSmallIntegerField(
        _("time limit (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "UU 21/2007 Article 52: the services of Article 51 must be provided within 7 days "
            "at the latest."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("service catalogue")

    def __str__(self) -> str:
        return self.name


class AgencyService(models.Model):
    """A service an agency offers, with its own time limit in days."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.PROTECT)
    days_limit = models.PositiveSmallIntegerField(
        _("time limit (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "service"], name="uniq_agency_service"),
        ]
        verbose_name = _("agency service")
        verbose_name_plural = _("agency services")

    def __str__(self) -> str:
        return f"{self.agency} – {self.service}"


class Membership(BaseModel):
    """A user's place in one agency with one role (one membership per user).

    The role decides *which actions* (through the Group of the same name, see roles.py); the
    agency decides *which records* (see access.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency} ({self.get_role_display()})"
