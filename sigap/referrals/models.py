"""Inter-agency referrals of a victim to a service, and what was delivered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.models import BaseModel
from sigap.referrals.choices import OPEN_STATUSES, ReferralStatus, TransferStatus


class SharingBasis(models.TextChoices):
    """Recorded basis for sharing a victim's data with another agency (UU 27/2022 PDP Pasal 20;
    Pasal 25–26 for children). Kept next to the model because only referrals use it.

    ``override`` is sharing without consent or lawful basis: it needs the permission
    ``referrals.override_consent`` and a written reason, and is audited as
    ``referral.consent_override``.
    """

    VICTIM_CONSENT = "victim_consent", _("Consent of the victim (adult)")
    GUARDIAN_CONSENT = "guardian_consent", _("Consent of a parent or guardian (child)")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    PUBLIC_TASK = "public_task", _("Public task")
    OVERRIDE = "override", _("No consent or lawful basis: override with a written reason")


CONSENT_BASES = (SharingBasis.VICTIM_CONSENT, SharingBasis.GUARDIAN_CONSENT)
LAWFUL_BASES = (SharingBasis.LEGAL_OBLIGATION, SharingBasis.PUBLIC_TASK)
OVERRIDE_REASON_MIN_CHARS = 20


class ReferralQuerySet(models.QuerySet):
    """Query vocabulary for referrals."""

    def visible_to(self, user) -> "ReferralQuerySet":
        """The referrals ``user`` may see: the one rule, ``cases.access.referral_scope_q``."""
        from sigap.cases.access import referral_scope_q

        q = referral_scope_q(user)
        if q is None:
            return self.none()
        return self.filter(q)

    def open(self) -> "ReferralQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Referral(BaseModel):
    """A request from one agency to another to provide a service to a victim of a case.

    Status: sent → accepted | declined (with reason) → in progress → completed, or revoked by
    the sending agency (with a reason) while not completed (UU 21/2007 Pasal 51–52: services
    within ``due_on``, by default 7 days after the request).

    Deadlines (``manage.py referral_reminders``, Asia/Jakarta calendar): the receiving agency
    is reminded the day before ``due_on`` and on it (``last_reminder_on``: once a day); an
    open referral past ``due_on`` is escalated once to the task-force secretariat
    (``escalated_at``). Neither bumps ``version``: they are not edits.

    Sharing basis (issue 3 §3): the consent or lawful basis for sharing the victim's data with
    ``to_agency`` is recorded on the referral itself (one referral = one act of sharing), not
    in a separate consent model. ``consent_given_by`` names a role ("ibu kandung"), never a
    person. Referrals sent before these rules have an empty ``sharing_basis``.
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
        db_index=False,  # served by a composite index (see Meta)
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to agency"),
        db_index=False,  # served by a composite index (see Meta)
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
        db_index=False,
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
    sharing_basis = models.CharField(
        _("basis for sharing"), max_length=24, choices=SharingBasis.choices, blank=True
    )
    consent_given_by = models.CharField(
        _("consent given by (role, not name)"), max_length=100, blank=True
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)
    override_reason = models.TextField(_("reason for overriding"), max_length=2000, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True, max_length=2000)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_reminder_on = models.DateField(_("last reminder sent on"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the secretariat"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # 0 while the referral is open (sent, accepted, in progress), else 1: the inbox's first
    # sort key, stored by the database so an index serves the inbox order (issue 8 §4).
    open_rank = models.GeneratedField(
        expression=models.Case(
            models.When(status__in=OPEN_STATUSES, then=models.Value(0)),
            default=models.Value(1),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [
            ("respond_referral", "Can accept, decline or complete referrals"),
            ("override_consent", "Can share without consent or lawful basis, with a reason"),
        ]
        indexes = [
            models.Index(fields=["to_agency", "status"]),
            models.Index(fields=["from_agency", "status"]),
            models.Index(fields=["status", "due_on"]),
            # The inbox orders (referrals.selectors.referral_inbox), served by an index.
            models.Index(
                fields=["to_agency", "open_rank", "-sent_at", "-id"], name="referral_inbox_idx"
            ),
            models.Index(fields=["from_agency", "-sent_at", "-id"], name="referral_sent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_agency=models.F("to_agency")), name="referral_not_to_self"
            ),
            models.CheckConstraint(
                condition=~models.Q(sharing_basis__in=CONSENT_BASES)
                | models.Q(consent_recorded_on__isnull=False),
                name="referral_consent_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(sharing_basis__in=LAWFUL_BASES) | ~models.Q(legal_reference=""),
                name="referral_lawful_basis_has_reference",
            ),
            models.CheckConstraint(
                condition=~models.Q(sharing_basis=SharingBasis.OVERRIDE)
                | ~models.Q(override_reason=""),
                name="referral_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseTransferQuerySet(models.QuerySet):
    def pending(self) -> "CaseTransferQuerySet":
        return self.filter(status=TransferStatus.REQUESTED)

    def for_agency(self, agency) -> "CaseTransferQuerySet":
        """Transfers requested by or addressed to ``agency``."""
        return self.filter(models.Q(from_agency=agency) | models.Q(to_agency=agency))

    def visible_to(self, user) -> "CaseTransferQuerySet":
        """The one transfer scope: transfers of the user's agency (either side), for its case
        managers and supervisors, who request and answer them; everyone else: none."""
        from sigap.cases.access import CASE_TEAM_ROLES, membership_of

        membership = membership_of(user)
        if membership is None or membership.role not in CASE_TEAM_ROLES:
            return self.none()
        return self.for_agency(membership.agency_id)


class CaseTransfer(BaseModel):
    """A request by the handling agency to hand a whole case over to another agency.

    Status: requested → accepted (``Case.handling_agency`` moves to ``to_agency``) | declined
    (with a reason) | cancelled by the requesting agency. Ownership moves only when a case
    manager or supervisor of ``to_agency`` accepts; the acceptance lists the case's open
    referrals and tasks, which stay as they are (nothing moves silently) and are named in
    the audit row ``case.transfer``.

    Handing the case over shares every victim's data with ``to_agency``, so the request
    records a basis for sharing checked against each victim by the referral rules
    (``referral_sharing_basis_check``). ``reason`` is free text: audit rows name the field
    only. At most one request per case waits at a time.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="transfers_requested",
        verbose_name=_("from agency"),
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="transfers_received",
        verbose_name=_("to agency"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TransferStatus.choices,
        default=TransferStatus.REQUESTED,
        db_index=True,
    )
    reason = models.TextField(_("reason for the transfer"), max_length=2000)
    decline_reason = models.TextField(_("decline reason"), blank=True, max_length=2000)
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sharing_basis = models.CharField(
        _("basis for sharing"), max_length=24, choices=SharingBasis.choices
    )
    consent_given_by = models.CharField(
        _("consent given by (role, not name)"), max_length=100, blank=True
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)
    override_reason = models.TextField(_("reason for overriding"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseTransferQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_agency=models.F("to_agency")), name="transfer_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="requested"),
                name="uniq_pending_transfer_per_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="transfer_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(sharing_basis__in=CONSENT_BASES)
                | models.Q(consent_recorded_on__isnull=False),
                name="transfer_consent_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(sharing_basis__in=LAWFUL_BASES) | ~models.Q(legal_reference=""),
                name="transfer_lawful_basis_has_reference",
            ),
            models.CheckConstraint(
                condition=~models.Q(sharing_basis=SharingBasis.OVERRIDE)
                | ~models.Q(override_reason=""),
                name="transfer_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Case transfer {self.public_id}"


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
