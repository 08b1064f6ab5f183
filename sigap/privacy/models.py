"""Data-protection registers (UU 27/2022 PDP) and break-glass access grants."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.core.fields import EncryptedCharField
from sigap.core.models import BaseModel
from sigap.privacy.choices import (
    ActionKind,
    ActionStatus,
    BreachStatus,
    LawfulBasis,
    RefusalBasis,
    RequestKind,
    RequestStatus,
)

BREACH_NOTICE_HOURS = 72  # UU 27/2022 PDP Pasal 46 ayat 1: 3 × 24 hours


class BreakGlassGrantQuerySet(models.QuerySet):
    def active(self) -> "BreakGlassGrantQuerySet":
        return self.filter(expires_at__gt=timezone.now())


class BreakGlassGrant(BaseModel):
    """Time-limited access of one user to one out-of-scope case, with a written reason.

    Created only by ``privacy.services.breakglass_open``; listed daily to the data-protection
    officer (``manage.py breakglass_report``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    expires_at = models.DateTimeField(_("expires at"))

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"Break-glass {self.public_id}"


class ProcessingActivity(BaseModel):
    """One entry of the record of processing activities: a purpose and its lawful basis."""

    purpose = models.CharField(_("purpose"), max_length=200)
    lawful_basis = models.CharField(_("lawful basis"), max_length=32, choices=LawfulBasis.choices)
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)
    data_categories = models.TextField(_("categories of personal data"))
    data_subjects = models.CharField(_("data subjects"), max_length=200)
    recipients = models.TextField(_("recipients"), blank=True)
    retention = models.CharField(_("retention period"), max_length=200)
    safeguards = models.TextField(_("security measures"), blank=True)

    class Meta:
        ordering = ["purpose"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("record of processing activities")

    def __str__(self) -> str:
        return self.purpose


class DataSubjectRequest(BaseModel):
    """A request by a data subject (or guardian) to exercise a UU PDP right, with a deadline.

    The subject is referenced by the case number and, where the request needs it (an access
    request: the export of one person's data), the ``participant`` in that case, found at
    registration by the subject's NIK (keyed hash) or the participant reference the handling
    case team gives; never a name in this register.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    case_number = models.CharField(_("case number"), max_length=32, blank=True)
    participant = models.ForeignKey(
        "cases.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("data subject (participant)"),
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        """Still open after its due date (calendar days in the task force's time zone)."""
        return self.is_open and self.due_on < timezone.localdate()


class BreachIncident(BaseModel):
    """A personal-data breach with the 3 × 24-hour notification clock (UU PDP Pasal 46)."""

    discovered_at = models.DateTimeField(_("discovered at"))
    description = models.TextField(_("what happened"))
    data_affected = models.TextField(_("personal data affected"))
    subjects_affected = models.PositiveIntegerField(_("number of data subjects"), default=0)
    measures = models.TextField(_("measures taken"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BreachStatus.choices, default=BreachStatus.OPEN
    )
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        ordering = ["-discovered_at"]
        indexes = [models.Index(fields=["status", "notified_at", "discovered_at"])]
        verbose_name = _("data breach")
        verbose_name_plural = _("data breach register")

    def __str__(self) -> str:
        return f"Breach {self.discovered_at:%Y-%m-%d}"

    @property
    def notify_by(self):
        """Deadline for the written notice: discovery + 72 hours."""
        return self.discovered_at + timedelta(hours=BREACH_NOTICE_HOURS)

    @property
    def is_notice_overdue(self) -> bool:
        """Not yet notified and past :attr:`notify_by` (strictly after the 72nd hour)."""
        return self.notified_at is None and timezone.now() > self.notify_by

    def time_left(self, *, now=None) -> timedelta:
        """Time until :attr:`notify_by` (negative when overdue), as a ``timedelta``."""
        return self.notify_by - (now or timezone.now())


class SubjectAction(BaseModel):
    """Carrying out a data-subject request, with four eyes: prepared by one user, approved
    (and then applied in the same transaction) or rejected by a second, different user who
    holds ``privacy.approve_subjectaction``.

    ``proposed`` holds the new values of a correction as encrypted JSON (field → value); it is
    never shown in a list or written to the audit log. ``refusal_basis`` and ``explanation``
    record the legal basis of a refusal (UU 27/2022 PDP Pasal 15, 41 ayat 2, 43 ayat 2).
    """

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.PROTECT, related_name="actions"
    )
    kind = models.CharField(_("action"), max_length=16, choices=ActionKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    proposed = EncryptedCharField(_("proposed values"), max_length=4000, blank=True)
    refusal_basis = models.CharField(
        _("legal basis of the refusal"), max_length=32, choices=RefusalBasis.choices, blank=True
    )
    explanation = models.TextField(_("explanation"), max_length=2000, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data-subject request action")
        verbose_name_plural = _("data-subject request actions")
        permissions = [
            ("prepare_subjectaction", "Can prepare the execution of a data-subject request"),
            ("approve_subjectaction", "Can approve the execution of a data-subject request"),
        ]
        # The DPO's list (page and API): by status, newest first.
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="subjectaction_status_idx"),
            models.Index(fields=["-created_at", "-id"], name="subjectaction_recent_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status="pending"),
                name="uniq_pending_action_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"

    @property
    def is_pending(self) -> bool:
        return self.status == ActionStatus.PENDING
