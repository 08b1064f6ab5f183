"""Deadline arithmetic in the Asia/Jakarta calendar (no database)."""

from datetime import UTC, date, datetime

import pytest

from sigap.casework.deadlines import add_months, jakarta_date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # month end clamped
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # leap day + 1 year
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # across the year
        (date(2026, 5, 10), 12, date(2027, 5, 10)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_jakarta_date_crosses_midnight_before_utc():
    # 16:59:59 UTC is 23:59:59 WIB (UTC+7); one second later it is the next day in Jakarta.
    assert jakarta_date(datetime(2026, 1, 30, 16, 59, 59, tzinfo=UTC)) == date(2026, 1, 30)
    assert jakarta_date(datetime(2026, 1, 30, 17, 0, 0, tzinfo=UTC)) == date(2026, 1, 31)


def test_jakarta_date_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        jakarta_date(datetime(2026, 1, 30, 12, 0))  # noqa: DTZ001 - the point of the test
