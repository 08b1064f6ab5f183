"""The coordination section of the task-force report (issue 11 §4): every number equals an
independent count, and counts from 1 to 4 never appear."""

from datetime import date, datetime

import pytest

from sigap.core.dates import WIB
from sigap.reports.taskforce_report import taskforce_report_build
from sigap.taskforce import services
from sigap.taskforce.models import ActionItem, Meeting
from sigap.taskforce.tests.conftest import agency, meeting_data

pytestmark = pytest.mark.django_db


def _meetings(task_force, actor, count, status, month, year=2025):
    made = []
    for day in range(1, count + 1):
        m = services.meeting_schedule(
            actor=actor,
            task_force=task_force,
            data=meeting_data(when=datetime(year, month, day, 9, 0, tzinfo=WIB)),
        )
        made.append(m)
    Meeting.objects.filter(pk__in=[m.pk for m in made]).update(status=status)
    return made


def test_coordination_numbers_equal_independent_counts(task_force, secretariat_user):
    held = _meetings(task_force, secretariat_user, 6, "held", 3)
    _meetings(task_force, secretariat_user, 2, "cancelled", 4)
    _meetings(task_force, secretariat_user, 5, "scheduled", 5)
    _meetings(task_force, secretariat_user, 1, "held", 1, year=2026)  # outside the period
    owner = agency("upt-ppa-dki")
    for i in range(15):
        ActionItem.objects.create(
            meeting=held[i % 6],
            owner_agency=owner,
            description=f"Tindak lanjut {i}",
            due_on=date(2025, 6, 30),
            status="done" if i < 7 else "open" if i < 10 else "carried",
            evidence="Laporan kegiatan" if i < 7 else "",
            done_at=datetime(2025, 6, 1, tzinfo=WIB) if i < 7 else None,
            created_by=secretariat_user,
        )

    report = taskforce_report_build(year=2025)
    section = report.section("coordination")
    meetings = report.table("meetings_by_status").data
    # held 6, scheduled 5, cancelled 2: the 2 is hidden, and the 5 with it (else the total
    # would give it away); 6 and the total 13 are shown.
    in_year = Meeting.objects.filter(starts_at__year=2025)
    assert in_year.filter(status="held").count() == 6
    assert meetings.cells == ((6, None, None),)
    assert meetings.row_totals == (in_year.count(),) == (13,)
    items = report.table("action_items_by_status").data
    assert ActionItem.objects.filter(status="done").count() == 7
    assert items.cells == ((7, None, None),)  # 3 open and 5 carried: hidden together
    assert items.row_totals == (15,)
    assert section.title and report.figure("rad_realisations").value == 0
    shown = [v for v in report.counts() if v is not None]
    assert not [v for v in shown if 1 <= v <= 4]
