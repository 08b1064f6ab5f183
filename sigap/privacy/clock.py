"""The breach notification clock (UU 27/2022 PDP Pasal 46 ayat 1: written notice to the data
subjects and the authority within 3 × 24 hours of discovery), as shown on the breach pages,
"My work" and the daily digest. Pure functions over an incident and a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

#: Under this much time left the clock is shown as urgent (amber).
URGENT_HOURS = 24


@dataclass(frozen=True)
class BreachClock:
    """State of one incident's clock at ``now``.

    ``state``: ``"notified"`` (notice recorded; ``late`` says whether after the deadline),
    ``"overdue"`` (past ``notify_by`` without notice), ``"urgent"`` (less than
    :data:`URGENT_HOURS` left) or ``"running"``. ``hours``/``minutes``: whole hours and
    minutes left (running, urgent) or past the deadline (overdue); 0 when notified.
    """

    state: str
    notify_by: datetime
    hours: int
    minutes: int
    late: bool = False


def breach_clock(incident, *, now: datetime | None = None) -> BreachClock:
    """The clock of ``incident`` (a BreachIncident) at ``now`` (default: the current time).
    Exactly at ``notify_by`` the notice is still on time; one second later it is overdue."""
    now = now or timezone.now()
    deadline = incident.notify_by
    if incident.notified_at is not None:
        return BreachClock("notified", deadline, 0, 0, late=incident.notified_at > deadline)
    delta = deadline - now
    overdue = delta < timedelta(0)
    span = -delta if overdue else delta
    total_minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(total_minutes, 60)
    if overdue:
        state = "overdue"
    elif delta < timedelta(hours=URGENT_HOURS):
        state = "urgent"
    else:
        state = "running"
    return BreachClock(state, deadline, hours, minutes)
