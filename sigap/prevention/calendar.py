"""Working days in Asia/Jakarta for follow-up deadlines (issue 9 §2: default 3 working days).

Saturdays and Sundays are not working days. National holidays (SKB 3 Menteri, published each
year) can be listed in the setting ``SIGAP_HOLIDAYS`` as ISO dates.
"""

from __future__ import annotations

import datetime

from django.conf import settings


def holidays() -> set[datetime.date]:
    """The configured public holidays (``SIGAP_HOLIDAYS``, ISO dates)."""
    out = set()
    for raw in getattr(settings, "SIGAP_HOLIDAYS", []) or []:
        try:
            out.add(datetime.date.fromisoformat(str(raw).strip()))
        except ValueError:
            continue
    return out


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``start`` plus ``days`` working days (Mon-Fri, not a configured holiday).

    ``add_working_days(Friday, 3)`` is the next Wednesday.
    """
    off = holidays()
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            remaining -= 1
    return current
