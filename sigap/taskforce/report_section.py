"""The coordination section of the task-force report (Laporan Gugus Tugas, issue 11 §4).

Registered into :data:`sigap.reports.taskforce_report.SECTIONS` by ``TaskforceConfig.ready``
(``reports`` sits to the left of ``taskforce`` and may not import it). The duties it reports
on are the task force's own: coordinate, monitor and report (UU 21/2007 Pasal 58; Perpres
69/2008 as amended by Perpres 22/2021 and 49/2023). Counts from 1 to 4 are suppressed like
every other number of the report.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from sigap.reports.taskforce_report import Period, Section, _breakdown, _count
from sigap.taskforce.choices import ActionItemStatus, MeetingStatus
from sigap.taskforce.models import ActionItem, Meeting, Realisation


def coordination_section(period: Period, threshold: int) -> Section:
    """Meetings in the period by status, the action items agreed at meetings held in the period
    by their status today, and the RAD realisations reported for the period's quarters.

    ``period``: the report's year or quarter (Asia/Jakarta calendar); ``threshold``: the
    smallest count shown (smaller non-zero counts are hidden). Three grouped queries and one
    count; no names, no agency-level rows.
    """
    meetings = Meeting.objects.filter(
        starts_at__gte=period.start_at, starts_at__lt=period.end_before
    )
    by_status = dict(
        meetings.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    statuses = [MeetingStatus.HELD, MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED]
    source = _("SIGAP, task-force coordination (meetings, action items, RAD)")
    meeting_table = _breakdown(
        "meetings_by_status",
        _("Task-force meetings in the period, by status"),
        [s.label for s in statuses],
        [by_status.get(s, 0) for s in statuses],
        source=source,
        rule=_(
            "Meetings of any task force recorded in SIGAP whose date falls in the period, "
            "each counted once under its status on the day this report was made."
        ),
        threshold=threshold,
    )
    items = ActionItem.objects.filter(
        meeting__in=meetings.filter(status=MeetingStatus.HELD).values("pk")
    )
    by_item = dict(
        items.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    item_statuses = [ActionItemStatus.DONE, ActionItemStatus.OPEN, ActionItemStatus.CARRIED]
    item_table = _breakdown(
        "action_items_by_status",
        _("Action items agreed at meetings held in the period, by status today"),
        [s.label for s in item_statuses],
        [by_item.get(s, 0) for s in item_statuses],
        source=source,
        rule=_(
            "Action items recorded at meetings held in the period, each counted once under its "
            "status on the day this report was made (carried over: still open and moved to a "
            "later meeting's agenda)."
        ),
        threshold=threshold,
    )
    quarters = [period.quarter] if period.quarter else [1, 2, 3, 4]
    realisations = Realisation.objects.filter(year=period.year, quarter__in=quarters).count()
    realisation_figure = _count(
        "rad_realisations",
        _("RAD realisations reported by agencies for the period"),
        realisations,
        source=source,
        rule=_(
            "Quarterly realisations of regional action plan (RAD) indicators entered by the "
            "responsible agencies for the quarters of the period, one per indicator, agency "
            "and quarter."
        ),
        threshold=threshold,
    )
    return Section(
        "coordination",
        _("Coordination (meetings, action items, action plan)"),
        figures=(realisation_figure,),
        tables=(meeting_table, item_table),
    )
