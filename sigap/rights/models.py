"""The victims' rights tracker (issue 4 §3): one row per right per victim, and the three
rights with a lifecycle of their own: repatriation, restitution (claim side) and LPSK
protection.

Every row hangs off a victim (``cases.Participant`` with role victim) and its ``case`` so
scoping is one join. ``version`` supports optimistic locking: a save based on a stale version
is refused (``ConflictError``; HTTP 409 in the API). Awarded and paid restitution are not
stored here: they are read from the justice app (``restitution_orders_for_case``). Free text
may name people: it is never logged, and audit rows carry field names only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from sigap.core.models import BaseModel
from sigap.rights.choices import (
    LpskDecision,
    RepatriationKind,
    RepatriationStatus,
    RightCode,
    RightStatus,
)

TEXT_MAX_CHARS = 2000


class RightRecord(BaseModel):
    """The status of one right of one victim, with its evidence (typed in by the case team).

    Where SIGAP holds the data (a referral for the service, a restitution order, an LPSK
    decision) the page shows the *derived* status and its source instead, and this row's
    status is not editable (see ``selectors.derive_rights``).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "cases.Participant",
        on_delete=models.CASCADE,
        related_name="right_records",
        verbose_name=_("victim"),
        db_index=False,  # served by a composite index (see Meta)
    )
    right = models.CharField(_("right"), max_length=16, choices=RightCode.choices)
    status = models.CharField(_("status"), max_length=16, choices=RightStatus.choices)
    evidence_note = models.TextField(_("evidence"), blank=True, max_length=TEXT_MAX_CHARS)
    evidence_on = models.DateField(_("evidence date"), null=True, blank=True)
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referral"),
    )
    delivery = models.ForeignKey(
        "referrals.ServiceDelivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("service delivered"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["participant_id", "id"]
        verbose_name = _("victim's right")
        verbose_name_plural = _("victims' rights")
        constraints = [
            models.UniqueConstraint(fields=["participant", "right"], name="uniq_right_per_victim"),
        ]

    def __str__(self) -> str:
        return f"Right {self.right} {self.public_id}"


class Repatriation(BaseModel):
    """Bringing a victim home (UU 21/2007 Pasal 51, 54): within Indonesia to an area (usually
    the area of origin), or from abroad through an Indonesian mission (KBRI/KJRI)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    participant = models.OneToOneField(
        "cases.Participant",
        on_delete=models.CASCADE,
        related_name="repatriation",
        verbose_name=_("victim"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RepatriationKind.choices)
    destination_area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination area"),
    )
    country = CountryField(_("country the victim returns from"), blank=True)
    mission = models.CharField(_("Indonesian mission (KBRI/KJRI)"), max_length=150, blank=True)
    travel_on = models.DateField(_("travel date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RepatriationStatus.choices,
        default=RepatriationStatus.PLANNED,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("repatriation")
        verbose_name_plural = _("repatriations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="domestic") | Q(destination_area__isnull=False),
                name="repatriation_domestic_has_area",
            ),
            models.CheckConstraint(
                condition=~Q(kind="international") | (~Q(country="") & ~Q(mission="")),
                name="repatriation_international_has_mission",
            ),
        ]

    def __str__(self) -> str:
        return f"Repatriation {self.public_id}"


class RestitutionClaim(BaseModel):
    """The claim side of restitution (UU 21/2007 Pasal 48; UU 31/2014 Pasal 7A): what the
    victim claimed, what LPSK assessed, what the prosecutor put in the indictment (Rupiah).
    What the court awarded and what was paid live in the justice app."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    participant = models.OneToOneField(
        "cases.Participant",
        on_delete=models.CASCADE,
        related_name="restitution_claim",
        verbose_name=_("victim"),
    )
    claimed_on = models.DateField(_("date claimed"), null=True, blank=True)
    amount_claimed = models.PositiveBigIntegerField(
        _("amount claimed (Rupiah)"), null=True, blank=True
    )
    assessed_on = models.DateField(_("date of the LPSK assessment"), null=True, blank=True)
    amount_assessed = models.PositiveBigIntegerField(
        _("amount assessed by LPSK (Rupiah)"), null=True, blank=True
    )
    amount_in_indictment = models.PositiveBigIntegerField(
        _("amount in the indictment (Rupiah)"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("restitution claim")
        verbose_name_plural = _("restitution claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__isnull=True) | Q(claimed_on__isnull=False),
                name="restitution_claim_has_date",
            ),
            models.CheckConstraint(
                condition=Q(amount_assessed__isnull=True) | Q(assessed_on__isnull=False),
                name="restitution_assessment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Restitution claim {self.public_id}"


class LpskProtection(BaseModel):
    """An application to LPSK for protection (UU 31/2014; UU 21/2007 Pasal 43) and its
    decision: granted with the forms of protection, or refused."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    participant = models.OneToOneField(
        "cases.Participant",
        on_delete=models.CASCADE,
        related_name="lpsk_protection",
        verbose_name=_("victim"),
    )
    applied_on = models.DateField(_("date applied"))
    decided_on = models.DateField(_("date decided"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=LpskDecision.choices, blank=True
    )
    forms = models.JSONField(_("forms of protection"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("LPSK protection")
        verbose_name_plural = _("LPSK protection")
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision="") & Q(decided_on__isnull=True))
                | (~Q(decision="") & Q(decided_on__isnull=False)),
                name="lpsk_decision_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"LPSK protection {self.public_id}"
