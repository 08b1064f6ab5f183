"""Calendar arithmetic for deadlines, in the Asia/Jakarta calendar (pure, no Django).

Deadlines count in Jakarta whatever the server's time zone (issue 4 "Must show"): a moment is
first turned into its Jakarta date, then months are added with month-end clamping
(31 January + 1 month = 28 or 29 February).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")


def jakarta_date(value: date | datetime) -> date:
    """The Jakarta calendar date of ``value``; an aware datetime is converted, a date kept.

    A naive datetime is refused (ValueError): its day would depend on the server.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(JAKARTA).date()
    return value


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clamped to the last day of the target month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))
