"""Deadline reminders and escalation of referrals, run daily by ``manage.py referral_reminders``.

Days count in the Asia/Jakarta calendar whatever the server's time zone (issue 4 "Must show"):
at 00:00 WIB a referral due the day before becomes overdue.

- An open referral (sent, accepted or in progress) due tomorrow or today: the receiving
  agency's users are notified, once a day (``last_reminder_on``).
- An open referral past ``due_on``: escalated once to the task-force secretariat (users with
  the secretariat role), who see the case number and the service only, never a name
  (``escalated_at``).

Each referral is handled in its own transaction, locked and re-checked, so running the
command twice the same day (or two runs at once) sends nothing twice. Audit rows
``referral.remind`` and ``referral.escalate`` have no actor (the system).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.audit.services import audit_record
from sigap.referrals.choices import OPEN_STATUSES, REMINDER_DAYS_BEFORE
from sigap.referrals.models import Referral
from sigap.referrals.services import RECEIVING_ROLES, _notify, agency_users, jakarta_today

VERB_BY_DAYS = {1: "referral_due_tomorrow", 0: "referral_due_today"}


@dataclass
class ReminderRun:
    today: date
    reminded: int = 0
    escalated: int = 0


def secretariat_users():
    """Active users with the task-force secretariat role (recipients of escalations)."""
    return get_user_model().objects.filter(membership__role=Role.SECRETARIAT, is_active=True)


def _locked(referral_id: int) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "service", "to_agency")
        .get(pk=referral_id)
    )


@transaction.atomic
def referral_remind(*, referral_id: int, today: date) -> bool:
    """Remind the receiving agency of referral ``referral_id`` due tomorrow or ``today``.

    Returns False (nothing sent) when it is no longer open, not due in that window, or was
    already reminded ``today``.
    """
    referral = _locked(referral_id)
    days = (referral.due_on - today).days
    if (
        referral.status not in OPEN_STATUSES
        or days not in VERB_BY_DAYS
        or (referral.last_reminder_on is not None and referral.last_reminder_on >= today)
    ):
        return False
    referral.last_reminder_on = today
    referral.save(update_fields=["last_reminder_on"])
    audit_record(
        actor=None,
        action="referral.remind",
        target=referral,
        changes={"due_on": referral.due_on.isoformat(), "days_before": days},
    )
    _notify(
        recipients=agency_users(referral.to_agency, RECEIVING_ROLES),
        verb=VERB_BY_DAYS[days],
        case=referral.case,
        about=referral,
        detail=str(referral.service),
        link=reverse("referrals:referral-detail", args=[referral.public_id]),
    )
    return True


@transaction.atomic
def referral_escalate(*, referral_id: int, today: date) -> bool:
    """Escalate an open referral past its due date to the secretariat, once.

    Returns False when it is no longer open, not overdue on ``today`` or already escalated.
    """
    referral = _locked(referral_id)
    if (
        referral.status not in OPEN_STATUSES
        or referral.due_on >= today
        or referral.escalated_at is not None
    ):
        return False
    referral.escalated_at = timezone.now()
    referral.save(update_fields=["escalated_at"])
    audit_record(
        actor=None,
        action="referral.escalate",
        target=referral,
        changes={
            "due_on": referral.due_on.isoformat(),
            "days_overdue": (today - referral.due_on).days,
            "to_agency": str(referral.to_agency.public_id),
            "service": referral.service.code,
        },
    )
    _notify(
        recipients=secretariat_users(),
        verb="referral_escalated",
        case=referral.case,
        about=referral,
        detail=str(referral.service),
        link=reverse("casework:my-work"),
    )
    return True


def referral_reminders_run(*, now=None) -> ReminderRun:
    """Send today's reminders and escalations (idempotent per day); returns the counts."""
    today = jakarta_today(now)
    run = ReminderRun(today=today)
    due_days = [today + timedelta(days=d) for d in REMINDER_DAYS_BEFORE]
    remind_ids = list(
        Referral.objects.open()
        .filter(due_on__in=due_days)
        .filter(Q(last_reminder_on__isnull=True) | Q(last_reminder_on__lt=today))
        .order_by("due_on", "id")
        .values_list("pk", flat=True)
    )
    run.reminded = sum(referral_remind(referral_id=pk, today=today) for pk in remind_ids)
    escalate_ids = list(
        Referral.objects.open()
        .filter(due_on__lt=today, escalated_at__isnull=True)
        .order_by("due_on", "id")
        .values_list("pk", flat=True)
    )
    run.escalated = sum(referral_escalate(referral_id=pk, today=today) for pk in escalate_ids)
    return run
