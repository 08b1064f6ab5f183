"""Screening rulesets, stored screenings and the licensed placement-company registry (issue 9 §3).

Personal data: a screened text may name a recruiter or carry phone numbers, so it is stored
encrypted (``EncryptedCharField``); the flags are stored as codes only, and their evidence is
re-derived from the text with the stored ruleset version when someone asks why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.core.fields import EncryptedCharField
from sigap.core.models import BaseModel


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")


class ScreeningChannel(models.TextChoices):
    API = "api", _("API")
    TRIAGE = "triage", _("Triage")
    WEB = "web", _("Web form")


class ScreeningRuleset(BaseModel):
    """One published version of the screening rules (the data documented in
    ``sigap.analytics.screening.default_rules``). At most one is active; with none, SIGAP uses
    the shipped default. Versions are never edited after publication: publish a new one."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    rules = models.JSONField(_("rules"))
    is_active = models.BooleanField(_("active"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("screening ruleset")
        verbose_name_plural = _("screening rulesets")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_ruleset"
            )
        ]

    def __str__(self) -> str:
        return self.version


class Screening(BaseModel):
    """A stored screening (API or triage). The public self-check page stores nothing."""

    ruleset_version = models.CharField(_("ruleset version"), max_length=40)
    channel = models.CharField(_("channel"), max_length=16, choices=ScreeningChannel.choices)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedCharField(_("text"), max_length=20000, blank=True)
    answers = models.JSONField(_("checklist answers"), default=dict, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)
    score = models.FloatField(_("score"))
    flag_codes = models.JSONField(_("flags"), default=list)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        indexes = [
            models.Index(fields=["risk_level", "created_at"]),
            models.Index(fields=["agency", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.risk_level})"


class LicensedAgency(BaseModel):
    """A licensed placement company (P3MI, UU 18/2017 Pasal 51), as imported from the
    SISKOP2MI list. ``name_key`` is the normalised name used for matching."""

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, unique=True)
    license_number = models.CharField(_("licence number"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("licensed placement company (P3MI)")
        verbose_name_plural = _("licensed placement companies (P3MI)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
