from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)


class TransferStatus(models.TextChoices):
    """A request to move a case to another handling agency (``CaseTransfer``)."""

    REQUESTED = "requested", _("Waiting for the receiving agency")
    ACCEPTED = "accepted", _("Accepted: the case was handed over")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# Reminders (``manage.py referral_reminders``): the day before the due date and on it.
REMINDER_DAYS_BEFORE = (1, 0)
# Most referrals one "accept selected" action handles (the inbox page size).
BULK_ACCEPT_MAX = 25
