"""Pure date and money rules of the justice process (no database).

Deadlines count in the Asia/Jakarta calendar (WIB), whatever ``TIME_ZONE`` the server runs
with: a restitution due on 3 January is overdue from 00:00 WIB on 4 January.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from sigap.justice.choices import STAGE_ORDER, RestitutionStatus

JAKARTA = ZoneInfo("Asia/Jakarta")
# UU 21/2007 Pasal 50 [verify]: restitution is paid within 14 days of notice of the final verdict.
RESTITUTION_PAYMENT_DAYS = 14


def jakarta_today() -> date:
    """Today's date in Jakarta (WIB), from ``timezone.now()`` (mockable in tests)."""
    return timezone.localtime(timezone.now(), JAKARTA).date()


def restitution_due_on(notice_on: date | None) -> date | None:
    """The last day to pay: the notice date plus 14 calendar days (None without a notice)."""
    if notice_on is None:
        return None
    return notice_on + timedelta(days=RESTITUTION_PAYMENT_DAYS)


def restitution_status(
    *, amount: int, paid: int, notice_on: date | None, today: date | None = None
) -> str:
    """A RestitutionStatus code for an order of ``amount`` with ``paid`` received so far."""
    if paid >= amount:
        return RestitutionStatus.PAID
    due = restitution_due_on(notice_on)
    if due is None:
        return RestitutionStatus.AWAITING_FINAL
    today = today or jakarta_today()
    if today > due:
        return RestitutionStatus.OVERDUE
    return RestitutionStatus.PARTLY_PAID if paid else RestitutionStatus.DUE


def stage_index(stage: str | None) -> int:
    """Position of ``stage`` in the process; -1 before any stage."""
    return STAGE_ORDER.index(stage) if stage else -1
