"""Case work: needs assessments, case plans, closure requests, tasks and notifications.

Every row hangs off a ``cases.Case`` (``case``) so scoping is one join:
``Model.objects.filter(case__in=Case.objects.visible_to(user))`` (see selectors.py).
Free text (notes, goals, comments) may hold personal data: never logged, never in audit rows
or notifications (field names only).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.cases.choices import CaseStatus, ClosureReason
from sigap.casework.choices import (
    PLAN_IN_PROGRESS,
    ClosureRequestStatus,
    NeedDomain,
    NeedLevel,
    NotificationVerb,
    PlanStatus,
    TaskKind,
    TaskStatus,
)
from sigap.core.models import BaseModel

TEXT_MAX_CHARS = 5000


class Assessment(BaseModel):
    """A needs assessment of one victim: one ``AssessmentNeed`` row per domain."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    participant = models.ForeignKey(
        "cases.Participant",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("victim"),
    )
    assessed_on = models.DateField(_("assessment date"))
    summary = models.TextField(_("summary"), blank=True, max_length=TEXT_MAX_CHARS)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"Assessment {self.public_id}"


class AssessmentNeed(models.Model):
    """The level of need in one domain, with a note."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="needs", db_index=False
    )
    domain = models.CharField(_("domain"), max_length=16, choices=NeedDomain.choices)
    level = models.CharField(_("level"), max_length=8, choices=NeedLevel.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("assessed need")
        verbose_name_plural = _("assessed needs")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="uniq_assessment_domain"),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_level_display()}"


class CasePlan(BaseModel):
    """A victim's case plan: goals and planned services, approved by a supervisor.

    Status: draft → submitted → approved | rejected (with a comment); a rejected plan is
    edited back to draft. ``version`` supports optimistic locking (two users editing the same
    plan: the second save is refused). At most one plan per victim is in progress.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans")
    participant = models.ForeignKey(
        "cases.Participant",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("victim"),
    )
    goals = models.TextField(_("goals"), max_length=TEXT_MAX_CHARS)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_comment = models.TextField(_("comment"), blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")
        permissions = [
            ("approve_plan", "Can approve or reject case plans"),
            ("approve_closure", "Can approve or reject case closure requests"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(status__in=PLAN_IN_PROGRESS),
                name="uniq_plan_in_progress_per_victim",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(decision_comment=""),
                name="plan_rejection_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.public_id}"


class PlannedService(models.Model):
    """One service of a plan (catalogue ``agencies.Service``), by whom and by when."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(
        "agencies.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provider agency"),
    )
    due_on = models.DateField(_("due date"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.service} {self.due_on}"


class ClosureRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ClosureRequestStatus.PENDING)


class ClosureRequest(BaseModel):
    """A case manager's request to close a case; a supervisor approves or rejects it."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="closure_requests"
    )
    reason = models.CharField(_("reason"), max_length=32, choices=ClosureReason.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ClosureRequestStatus.choices,
        default=ClosureRequestStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True, max_length=2000)

    objects = ClosureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("closure request")
        verbose_name_plural = _("closure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="uniq_pending_closure_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(decision_comment=""),
                name="closure_rejection_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"Closure request {self.public_id}"


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=TaskStatus.OPEN)

    def ended_by_closure(self):
        """Open tasks that closing their case cancels (``cases.services.case_close``): every
        kind but reintegration follow-ups, which check on the victim after the case work
        ended (1, 3, 6 and 12 months, ``FOLLOW_UP_MONTHS``) and so outlive the closure."""
        return self.open().exclude(kind=TaskKind.FOLLOW_UP)

    def actionable(self):
        """Open tasks still to be done: :meth:`open` without the ordinary tasks of closed
        cases (closure cancels them; rows left open by a closure before that rule are not
        work either). Follow-ups stay, whatever the case's status."""
        return self.open().exclude(
            models.Q(case__status=CaseStatus.CLOSED) & ~models.Q(kind=TaskKind.FOLLOW_UP)
        )


class Task(BaseModel):
    """A piece of work on a case, for an agency and optionally one of its users.

    ``followup_month`` (1, 3, 6 or 12) marks a reintegration follow-up, so scheduling twice
    creates no duplicates.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    participant = models.ForeignKey(
        "cases.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("victim"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=TaskKind.choices)
    due_on = models.DateField(_("due date"))
    assignee_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assigned agency"),
        db_index=False,  # served by a composite index (see Meta)
    )
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assigned to"),
        db_index=False,  # served by a composite index (see Meta)
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TaskStatus.choices,
        default=TaskStatus.OPEN,
        db_index=True,
    )
    followup_month = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["assignee_user", "status", "due_on"]),
            models.Index(fields=["assignee_agency", "status", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "followup_month"],
                condition=models.Q(kind="follow_up") & ~models.Q(status="cancelled"),
                name="uniq_followup_month_per_victim",
            ),
        ]

    def __str__(self) -> str:
        return f"Task {self.public_id}"


class Notification(BaseModel):
    """An in-app notification: a verb and a case (number and public_id); no personal data."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # served by a composite index (see Meta)
    )
    verb = models.CharField(_("what happened"), max_length=32, choices=NotificationVerb.choices)
    case_public_id = models.UUIDField(_("case"))
    case_number = models.CharField(_("case number"), max_length=32)
    # A coded, non-personal detail such as the service of a referral ("Health rehabilitation").
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    # The page where the recipient acts (a path with public ids only, e.g. the referral's
    # page); empty on rows written before issue 13, which fall back to the case page.
    link = models.CharField(_("link"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} {self.case_label}"

    @property
    def case_label(self) -> str:
        """The case number, or (for a recipient who may not see the case, whose row keeps no
        number: ``casework.services._notify``) "a case of another agency"."""
        return self.case_number or str(_("a case of another agency"))

    def target_url(self) -> str:
        """Where the notification's link goes: ``link`` when set; else (older rows) My work
        for an escalation (the secretariat usually cannot open the case), the case page for
        anything else."""
        from django.urls import reverse

        if self.link:
            return self.link
        if self.verb == NotificationVerb.REFERRAL_ESCALATED:
            return reverse("casework:my-work")
        return reverse("cases:case-detail", args=[self.case_public_id])


class NotificationEmailOptOut(models.Model):
    """A user's choice not to receive e-mail for one kind of notification (issue 13 §1).

    In-app notifications are always written; e-mail goes to every recipient with an address
    unless a row here says otherwise for that ``verb``. Default (no rows): e-mail for all.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    verb = models.CharField(_("what happened"), max_length=32, choices=NotificationVerb.choices)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "verb"], name="uniq_email_opt_out"),
        ]

    def __str__(self) -> str:
        return f"Opt-out {self.user_id} {self.verb}"


class DigestLog(models.Model):
    """The day a user's daily digest was sent (``manage.py send_digest`` is idempotent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily digest sent")
        verbose_name_plural = _("daily digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="uniq_digest_per_day"),
        ]

    def __str__(self) -> str:
        return f"Digest {self.user_id} {self.sent_on}"


class CaseConference(BaseModel):
    """A multi-agency meeting about one case (issue 4 §2): who attended, what was discussed
    and decided. Attendees are agencies plus free-text participant roles (e.g. "psychologist",
    "victim's mother"), never names. Each decision may become a task for an agency."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField(_("date held"))
    agencies = models.ManyToManyField(
        "agencies.Agency", related_name="+", verbose_name=_("agencies present")
    )
    participant_roles = models.CharField(
        _("other participants (roles, not names)"), max_length=500, blank=True
    )
    summary = models.TextField(_("summary"), max_length=TEXT_MAX_CHARS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")

    def __str__(self) -> str:
        return f"Case conference {self.public_id}"


class ConferenceDecision(models.Model):
    """One decision of a case conference; with an agency and a due date it became ``task``."""

    conference = models.ForeignKey(
        CaseConference, on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.CharField(_("decision"), max_length=200)
    assignee_agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency responsible"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    task = models.OneToOneField(
        Task,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference_decision",
    )

    class Meta:
        verbose_name = _("case conference decision")
        verbose_name_plural = _("case conference decisions")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assignee_agency__isnull=True, due_on__isnull=True)
                | models.Q(assignee_agency__isnull=False, due_on__isnull=False),
                name="conference_decision_agency_and_due_together",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk}"
