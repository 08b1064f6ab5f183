"""Choices of the task-force app (issue 11; ../shared/domain/indonesia-tppo.md §2.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskForceLevel(models.TextChoices):
    """Where a Gugus Tugas sits: UU 21/2007 Pasal 58, Perpres 69/2008 Pasal 12 (regional)."""

    KOTA = "kota", _("City / regency (kabupaten/kota)")
    PROVINSI = "provinsi", _("Province")
    PUSAT = "pusat", _("National (pusat)")


class SubTaskForceKind(models.TextChoices):
    """The six sub-task forces of the national and regional action plans (Perpres 22/2021,
    Perpres 19/2023 RAN PP-TPPO; domain notes §2.1)."""

    PREVENTION = "prevention", _("Prevention and child participation")
    HEALTH_REHAB = "health_rehab", _("Health rehabilitation")
    SOCIAL_REHAB = "social_rehab", _("Social rehabilitation, repatriation and reintegration")
    LEGAL_NORMS = "legal_norms", _("Legal norms development")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    COORDINATION = "coordination", _("Coordination and cooperation")


class MeetingKind(models.TextChoices):
    COORDINATION = "coordination", _("Coordination meeting (rapat koordinasi)")
    TECHNICAL = "technical", _("Technical meeting (rapat teknis)")
    EVALUATION = "evaluation", _("Evaluation meeting")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CARRIED = "carried", _("Carried over")
    DONE = "done", _("Done")


OPEN_ITEM_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.CARRIED)


class ComputedSource(models.TextChoices):
    """Indicators SIGAP computes from its own records (issue 11 §3): their quarterly value is
    counted, not reported, and pages say so. Counts are city-wide aggregates."""

    CASES_REPORTED = "cases_reported", _("Cases reported (by report date)")
    REFERRALS_ON_TIME = (
        "referrals_on_time",
        _("Referrals completed within their time limit (UU 21/2007 Art. 52: 7 days)"),
    )
    COMMUNITY_REPORTS = "community_reports", _("Community reports received")
