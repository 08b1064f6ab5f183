"""Task-force structure, meetings, attendance and action items (issue 11).

Nothing here is about victims: these are the Gugus Tugas PP-TPPO's own records (UU 21/2007
Pasal 58; Perpres 69/2008 as amended by Perpres 22/2021 and 49/2023). Names stored are those
of officials acting in their office (chair, attendees, focal points). Who sees which record is
decided in ``sigap.taskforce.access`` alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.core.models import BaseModel
from sigap.taskforce.choices import (
    ActionItemStatus,
    MeetingKind,
    MeetingStatus,
    SubTaskForceKind,
    TaskForceLevel,
)


class TaskForce(BaseModel):
    """One Gugus Tugas PP-TPPO at one level (kota, provinsi, pusat) for one area.

    ``decree_reference`` is the founding decree (SK/Keputusan Wali Kota, Pergub, Perpres);
    ``period_start``/``period_end`` its term. ``chair`` and ``daily_chair`` are the officials
    named in the decree (text: they need no account).
    """

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=TaskForceLevel.choices)
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    decree_reference = models.CharField(_("decree (SK) reference"), max_length=200, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    daily_chair = models.CharField(_("daily chair"), max_length=200, blank=True)
    secretariat_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("secretariat"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        permissions = [
            ("view_coordination", "Can view task-force coordination"),
            ("manage_coordination", "Can manage task-force structure, meetings and action items"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="tf_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SubTaskForce(BaseModel):
    """One of the six sub-task forces (bidang) with its coordinating agency."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="subgroups")
    kind = models.CharField(_("sub-task force"), max_length=32, choices=SubTaskForceKind.choices)
    coordinator = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coordinator agency"),
    )

    class Meta:
        ordering = ["task_force", "kind"]
        verbose_name = _("sub-task force")
        verbose_name_plural = _("sub-task forces")
        constraints = [
            models.UniqueConstraint(fields=["task_force", "kind"], name="uniq_tf_subgroup"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class TaskForceMembership(BaseModel):
    """A member agency of a task force and its named focal point (a user of that agency)."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    subgroup = models.ForeignKey(
        SubTaskForce,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("sub-task force"),
    )
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("focal point"),
    )

    class Meta:
        ordering = ["task_force", "agency__name"]
        verbose_name = _("task-force member")
        verbose_name_plural = _("task-force members")
        constraints = [
            models.UniqueConstraint(fields=["task_force", "agency"], name="uniq_tf_member"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.task_force})"


class Meeting(BaseModel):
    """A meeting of a task force. ``starts_at`` is aware (shown in WIB, Asia/Jakarta)."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["task_force", "starts_at"], name="tf_meeting_tf_start")]

    def __str__(self) -> str:
        return self.title


class Attendance(BaseModel):
    """Who came for one agency to one meeting (or was invited and did not come)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    person_name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["meeting", "agency__name", "person_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.person_name} ({self.agency})"


class ActionItem(BaseModel):
    """A follow-up decided at a meeting, owned by one agency, due on a date.

    Status: ``open`` → ``carried`` (still open, put on a later meeting's agenda, see
    ``CarriedItem``) → ``done`` (with evidence: text, and optionally a cleaned attachment).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    description = models.TextField(_("action"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    evidence = models.TextField(_("evidence"), blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    attachment_data = models.BinaryField(null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["owner_agency", "status", "due_on"], name="tf_item_owner_due"),
            models.Index(fields=["status", "due_on"], name="tf_item_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(done_at__isnull=False) & ~Q(evidence="")),
                name="tf_item_done_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class ActionItemReminder(models.Model):
    """One reminder e-mail round for an action item (``manage.py taskforce_reminders``): at most
    one per item and stage, so a re-run sends nothing twice."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("action item reminder")
        verbose_name_plural = _("action item reminders")
        constraints = [
            models.UniqueConstraint(fields=["action_item", "stage"], name="uniq_tf_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.action_item_id} {self.stage}"


class CarriedItem(models.Model):
    """An open action item put on a later meeting's agenda (one row per carry: the history)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="carried")
    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="carries")
    carried_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item carried over")
        verbose_name_plural = _("action items carried over")
        ordering = ["meeting", "action_item__due_on"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "action_item"], name="uniq_tf_carry"),
        ]

    def __str__(self) -> str:
        return f"{self.action_item_id} → {self.meeting_id}"


# --- Regional action plan (RAD) ----------------------------------------------------------------


class Programme(BaseModel):
    """A programme of the regional action plan (RAD PP-TPPO) under one sub-task force, for a
    span of years (Perpres 19/2023 RAN PP-TPPO guides the regional plans)."""

    subgroup = models.ForeignKey(SubTaskForce, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("programme"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    # Deactivated, not deleted: realisations and the audit history stay (issue 11 §3).
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["subgroup", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="tf_programme_years"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Activity(BaseModel):
    """An activity of a programme, with the agency responsible for it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("activity"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name


class Indicator(BaseModel):
    """A measurable indicator of an activity. ``computed`` names a source SIGAP counts itself
    (``ComputedSource``); empty means the responsible agency reports realisations."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    computed = models.CharField(_("computed by SIGAP"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["activity", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """The target of an indicator for one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="uniq_tf_target_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.target}"


class Realisation(BaseModel):
    """What one agency achieved on a reported indicator in one quarter, with evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="realisations")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    value = models.DecimalField(_("realisation"), max_digits=12, decimal_places=2)
    evidence = models.TextField(_("evidence"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "year", "quarter", "agency__name"]
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "agency", "year", "quarter"], name="uniq_tf_realisation"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="tf_realisation_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}Q{self.quarter}"
