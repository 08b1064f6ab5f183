"""Inter-agency referrals of a victim to a service, and what was delivered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.models import BaseModel
from sigap.referrals.choices import OPEN_STATUSES, ReferralStatus


class ReferralQuerySet(models.QuerySet):
    """Query vocabulary for referrals."""

    def visible_to(self, user) -> "ReferralQuerySet":
        """Referrals from or to the user's agency, or on a case the user may see."""
        from sigap.cases.access import referral_scope_q

        q = referral_scope_q(user)
        if q is None:
            return self.none()
        return self.filter(q)

    def open(self) -> "ReferralQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Referral(BaseModel):
    """A request from one agency to another to provide a service to a victim of a case.

    Status: sent → accepted | declined (with reason) → completed (UU 21/2007 Pasal 51–52:
    services within ``due_on``, by default 7 days after the request).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    victim = models.ForeignKey(
        "cases.Participant",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("korban"),
    )
    from_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("dari instansi"),
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("ke instansi"),
    )
    service = models.ForeignKey(
        "agencies.Service",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("layanan"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        db_index=True,
    )
    note = models.TextField(_("catatan rujukan"), blank=True, max_length=2000)
    decline_reason = models.TextField(_("alasan penolakan"), blank=True, max_length=2000)
    sent_at = models.DateTimeField(_("dikirim"))
    due_on = models.DateField(_("batas waktu"))
    responded_at = models.DateTimeField(_("ditanggapi"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")
        permissions = [("respond_referral", "Can accept, decline or complete referrals")]
        indexes = [
            models.Index(fields=["to_agency", "status"]),
            models.Index(fields=["from_agency", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_agency=models.F("to_agency")), name="referral_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ServiceDelivery(BaseModel):
    """What was actually delivered under a referral (date and description)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("tanggal layanan"))
    description = models.TextField(_("uraian layanan"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("layanan diberikan")
        verbose_name_plural = _("layanan diberikan")

    def __str__(self) -> str:
        return f"Delivery {self.public_id}"
