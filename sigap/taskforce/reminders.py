"""Reminders of task-force action items (issue 11 §2), run daily by
``manage.py taskforce_reminders``, and the app's rows in the daily digest.

Rule: an open (or carried) action item is announced by e-mail to the focal point(s) of its
owner agency in the item's task force (``TaskForceMembership.focal_point``) once when its due
date is ``DAYS_BEFORE`` days away or less ("due soon"), and once more when it is past due
("overdue"), Asia/Jakarta calendar. Each round is recorded (``ActionItemReminder``, unique per
item and stage), so re-running the command the same day or later sends nothing twice. An item
whose agency has no focal point with an e-mail address is tried again on the next run. The
e-mail names the meeting and the due date and links to the item; it never carries the item's
text (which could name people) or any case data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.core.dates import WIB
from sigap.taskforce.choices import OPEN_ITEM_STATUSES
from sigap.taskforce.models import ActionItem, ActionItemReminder, TaskForceMembership

DAYS_BEFORE = 3


@dataclass(frozen=True)
class ReminderRun:
    """What one run did: the day it used, e-mail rounds sent per stage, items skipped for lack
    of a focal point with an e-mail address."""

    today: date
    due_soon: int
    overdue: int
    no_recipient: int


def _absolute(path: str) -> str:
    base = getattr(settings, "SIGAP_SITE_URL", "") or ""
    return f"{base.rstrip('/')}{path}"


def focal_points(item: ActionItem) -> list:
    """Active users who are the focal point of ``item``'s owner agency in its task force."""
    rows = TaskForceMembership.objects.filter(
        task_force_id=item.meeting.task_force_id,
        agency_id=item.owner_agency_id,
        focal_point__isnull=False,
        focal_point__is_active=True,
    ).select_related("focal_point")
    return [m.focal_point for m in rows]


def action_item_reminders_run(*, now=None, days_before: int = DAYS_BEFORE) -> ReminderRun:
    """Send the due-soon and overdue reminder e-mails that are due today (see the module
    docstring). ``now``: an aware datetime (default: now); the day is taken in WIB. Returns a
    :class:`ReminderRun` of counts. Each item's round is its own transaction (the e-mail goes
    on commit), so a failure leaves earlier rounds recorded and later ones for the next run."""
    today = (now or timezone.now()).astimezone(WIB).date()
    sent = {ActionItemReminder.Stage.DUE_SOON: 0, ActionItemReminder.Stage.OVERDUE: 0}
    skipped = 0
    candidates = (
        ActionItem.objects.filter(
            status__in=OPEN_ITEM_STATUSES, due_on__lte=today + timedelta(days=days_before)
        )
        .select_related("meeting", "owner_agency")
        .order_by("due_on", "id")
    )
    for stage in (ActionItemReminder.Stage.OVERDUE, ActionItemReminder.Stage.DUE_SOON):
        qs = (
            candidates.filter(due_on__lt=today)
            if stage == "overdue"
            else candidates.filter(due_on__gte=today)
        )
        qs = qs.exclude(
            Exists(ActionItemReminder.objects.filter(action_item=OuterRef("pk"), stage=stage))
        )
        if stage == ActionItemReminder.Stage.DUE_SOON:
            # an item already reminded as overdue (due date moved back) is not "due soon" again
            qs = qs.exclude(
                Exists(
                    ActionItemReminder.objects.filter(
                        action_item=OuterRef("pk"), stage=ActionItemReminder.Stage.OVERDUE
                    )
                )
            )
        for item in qs.iterator(chunk_size=500):
            users = [u for u in focal_points(item) if u.email]
            if not users:
                skipped += 1
                continue
            _send_round(item=item, stage=stage, users=users)
            sent[stage] += 1
    return ReminderRun(
        today=today,
        due_soon=sent[ActionItemReminder.Stage.DUE_SOON],
        overdue=sent[ActionItemReminder.Stage.OVERDUE],
        no_recipient=skipped,
    )


@transaction.atomic
def _send_round(*, item: ActionItem, stage: str, users: list) -> None:
    ActionItemReminder.objects.create(action_item=item, stage=stage, recipients=len(users))
    audit_record(
        actor=None,
        action="action_item.remind",
        target=item,
        changes={"stage": stage, "recipients": len(users)},
    )
    due = item.due_on.strftime("%d-%m-%Y")
    meeting_day = timezone.localtime(item.meeting.starts_at, WIB).strftime("%d-%m-%Y")
    if stage == ActionItemReminder.Stage.OVERDUE:
        subject = _("[SIGAP] Action item overdue (due %(due)s)") % {"due": due}
        lead = _("An action item of your agency is past its due date (%(due)s).") % {"due": due}
    else:
        subject = _("[SIGAP] Action item due %(due)s") % {"due": due}
        lead = _("An action item of your agency is due on %(due)s.") % {"due": due}
    body = "\n".join(
        [
            lead,
            _("Meeting: %(title)s, %(day)s") % {"title": item.meeting.title, "day": meeting_day},
            _("Open: %(url)s")
            % {"url": _absolute(reverse("taskforce:actionitem-detail", args=[item.public_id]))},
        ]
    )
    addresses = [u.email for u in users]

    def _send():
        for address in addresses:  # one message each: recipients never see one another
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])

    transaction.on_commit(_send)


def digest_rows(*, user, items, today) -> None:
    """The daily-digest contributor of this app (``casework.selectors.DIGEST_CONTRIBUTORS``):
    open action items of the agencies ``user`` is the focal point of, due today or overdue, as
    ``(meeting date, "Action item")`` rows (no item text)."""
    agencies = TaskForceMembership.objects.filter(focal_point=user).values(
        "task_force_id", "agency_id"
    )
    pairs = list(agencies)
    if not pairs:
        return
    rows = (
        ActionItem.objects.filter(status__in=OPEN_ITEM_STATUSES, due_on__lte=today)
        .filter(owner_agency_id__in={p["agency_id"] for p in pairs})
        .select_related("meeting")
        .order_by("due_on", "id")[:100]
    )
    wanted = {(p["task_force_id"], p["agency_id"]) for p in pairs}
    for item in rows:
        if (item.meeting.task_force_id, item.owner_agency_id) not in wanted:
            continue
        label = _("Meeting %(day)s") % {
            "day": timezone.localtime(item.meeting.starts_at, WIB).strftime("%d-%m-%Y")
        }
        row = (label, _("Action item"))
        (items.overdue if item.due_on < today else items.due_today).append(row)
