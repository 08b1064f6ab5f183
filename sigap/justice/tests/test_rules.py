"""Restitution deadline in the Asia/Jakarta calendar (UU 21/2007 Pasal 50 [verify])."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from sigap.justice import rules
from sigap.justice.choices import RestitutionStatus


@pytest.mark.parametrize(
    ("notice", "due"),
    [
        (date(2028, 2, 15), date(2028, 2, 29)),  # leap day
        (date(2027, 2, 15), date(2027, 3, 1)),  # not a leap year
        (date(2026, 12, 20), date(2027, 1, 3)),  # across the year end
        (date(2026, 1, 31), date(2026, 2, 14)),  # across a month end
    ],
)
def test_restitution_is_due_fourteen_days_after_notice(notice, due):
    assert rules.restitution_due_on(notice) == due


def test_no_due_date_before_the_final_notice():
    assert rules.restitution_due_on(None) is None
    status = rules.restitution_status(amount=100, paid=0, notice_on=None, today=date(2030, 1, 1))
    assert status == RestitutionStatus.AWAITING_FINAL


@pytest.mark.parametrize(
    ("utc_now", "expected"),
    [
        # due 3 January 2027: 23:59:59 WIB on the 3rd is 16:59:59 UTC; midnight WIB is 17:00 UTC
        (datetime(2027, 1, 3, 16, 59, 59, tzinfo=UTC), RestitutionStatus.DUE),
        (datetime(2027, 1, 3, 17, 0, 0, tzinfo=UTC), RestitutionStatus.OVERDUE),
    ],
)
def test_overdue_starts_at_midnight_in_jakarta(monkeypatch, settings, utc_now, expected):
    settings.TIME_ZONE = "UTC"  # the rule must not depend on the server's time zone
    monkeypatch.setattr(timezone, "now", lambda: utc_now)
    status = rules.restitution_status(amount=1_000_000, paid=0, notice_on=date(2026, 12, 20))
    assert status == expected


def test_partly_paid_becomes_overdue_and_paid_never_is():
    notice, late = date(2026, 12, 20), date(2027, 1, 4)
    assert rules.restitution_status(
        amount=10, paid=4, notice_on=notice, today=date(2027, 1, 3)
    ) == (RestitutionStatus.PARTLY_PAID)
    assert rules.restitution_status(amount=10, paid=4, notice_on=notice, today=late) == (
        RestitutionStatus.OVERDUE
    )
    assert rules.restitution_status(amount=10, paid=10, notice_on=notice, today=late) == (
        RestitutionStatus.PAID
    )


def test_stage_index_orders_the_process():
    assert rules.stage_index(None) == -1
    assert rules.stage_index("report") < rules.stage_index("file_complete")
    assert rules.stage_index("appeal") < rules.stage_index("final")
