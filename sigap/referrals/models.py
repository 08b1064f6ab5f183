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
        verbose_name=_("victim"),
    )
    from_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("from agency"),
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to agency"),
    )
    service = models.ForeignKey(
        "agencies.Service",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("service"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        db_index=True,
    )
    note = models.TextField(_("referral note"), blank=True, max_length=2000)
    decline_reason = models.TextField(_("decline reason"), blank=True, max_length=2000)
    sent_at = models.DateTimeField(_("sent"))
    due_on = models.DateField(_("due date"))
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
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
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
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
    delivered_on = models.DateField(_("service date"))
    description = models.TextField(_("service description"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("service delivery")
        verbose_name_plural = _("service deliveries")

    def __str__(self) -> str:
        return f"Delivery {self.public_id}"
