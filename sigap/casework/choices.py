"""Coded lists for case work: assessments, plans, closure requests, tasks, notifications."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedDomain(models.TextChoices):
    """Domains of a victim's needs assessment (UU 21/2007 Pasal 51; Permen PPPA standards)."""

    SAFETY = "safety", _("Safety")
    HEALTH = "health", _("Health")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    LEGAL = "legal", _("Legal")
    DOCUMENTS = "documents", _("Documents / civil registration")
    REPATRIATION = "repatriation", _("Repatriation")
    ECONOMIC = "economic", _("Economic / livelihood")
    EDUCATION = "education", _("Education")
    FAMILY = "family", _("Family")


class NeedLevel(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


PLAN_IN_PROGRESS = (PlanStatus.DRAFT, PlanStatus.SUBMITTED)
PLAN_EDITABLE = (PlanStatus.DRAFT, PlanStatus.REJECTED)


class ClosureRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TaskKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Reintegration follow-up")
    PLAN_SERVICE = "plan_service", _("Planned service")
    CONFERENCE_DECISION = "conference_decision", _("Case conference decision")
    OTHER = "other", _("Other")


class WorkflowStage(models.TextChoices):
    """Stage of a case, derived from its data (never stored): see ``casework.stages``."""

    INTAKE = "intake", _("Intake")
    IDENTIFICATION = "identification", _("Identification")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Case plan")
    SERVICES = "services", _("Services")
    FOLLOW_UP = "follow_up", _("Reintegration follow-up")
    CLOSED = "closed", _("Closed")


class NotificationVerb(models.TextChoices):
    """What happened; the notification text is this label plus the case number, nothing else."""

    PLAN_SUBMITTED = "plan_submitted", _("Case plan submitted for approval")
    PLAN_APPROVED = "plan_approved", _("Case plan approved")
    PLAN_REJECTED = "plan_rejected", _("Case plan rejected")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSURE_APPROVED = "closure_approved", _("Closure approved")
    CLOSURE_REJECTED = "closure_rejected", _("Closure rejected")
    TASK_ASSIGNED = "task_assigned", _("Task assigned to you")
    REFERRAL_DUE_TOMORROW = "referral_due_tomorrow", _("Referral due tomorrow")
    REFERRAL_DUE_TODAY = "referral_due_today", _("Referral due today")
    REFERRAL_ESCALATED = "referral_escalated", _("Overdue referral escalated to the secretariat")
    REFERRAL_REVOKED = "referral_revoked", _("Referral revoked by the sending agency")
    TRANSFER_REQUESTED = "transfer_requested", _("Case transfer requested to your agency")
    TRANSFER_ACCEPTED = "transfer_accepted", _("Case transfer accepted")
    TRANSFER_DECLINED = "transfer_declined", _("Case transfer declined")
    CONFERENCE_TASK = "conference_task", _("Task from a case conference for your agency")
    CASE_REPORTED = "case_reported", _("New case reported, waiting to be taken on")
    REFERRAL_RECEIVED = "referral_received", _("New referral to your agency")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_COMPLETED = "referral_completed", _("Referral completed: service delivered")
    CASE_ASSIGNED = "case_assigned", _("Case assigned to you as case manager")
    CASE_UNASSIGNED = "case_unassigned", _("Case reassigned to another case manager")


# Reintegration follow-ups (issue 4 §3): months after reintegration started.
FOLLOW_UP_MONTHS = (1, 3, 6, 12)
MY_WORK_HORIZON_DAYS = 14
