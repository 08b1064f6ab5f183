"""Reads of the task-force app; every one starts from the scope rule in ``access``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.taskforce.access import (
    action_item_scope_q,
    meeting_scope_q,
    reads_item_aggregates,
    taskforce_scope_q,
)
from sigap.taskforce.choices import OPEN_ITEM_STATUSES, ActionItemStatus, MeetingStatus
from sigap.taskforce.models import ActionItem, CarriedItem, Meeting, TaskForce


def _jakarta_today() -> date:
    """Deadlines count task-force calendar days in Asia/Jakarta (sigap.core.dates docstring)."""
    return timezone.localdate()


def task_force_list(*, user) -> QuerySet:
    """Task forces ``user`` may see, with their sub-task forces and members prefetched."""
    q = taskforce_scope_q(user)
    if q is None:
        return TaskForce.objects.none()
    return (
        TaskForce.objects.filter(q)
        .select_related("area", "secretariat_agency")
        .prefetch_related("subgroups__coordinator", "members__agency", "members__focal_point")
        .order_by("name")
    )


def task_force_get(*, user, public_id) -> TaskForce:
    """One task force in scope; Http404 otherwise."""
    try:
        return task_force_list(user=user).get(public_id=public_id)
    except TaskForce.DoesNotExist as exc:
        raise Http404 from exc


def meeting_list(*, user, task_force=None, status: str = "") -> QuerySet:
    """Meetings ``user`` may see, newest first (index ``tf_meeting_tf_start``)."""
    q = meeting_scope_q(user)
    if q is None:
        return Meeting.objects.none()
    qs = Meeting.objects.filter(q).select_related("task_force")
    if task_force is not None:
        qs = qs.filter(task_force=task_force)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-starts_at", "-pk")


def meeting_get(*, user, public_id) -> Meeting:
    """One meeting in scope; Http404 otherwise."""
    try:
        return meeting_list(user=user).get(public_id=public_id)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def action_item_list(
    *, user, meeting=None, status: str = "", overdue: bool = False, agency=None
) -> QuerySet:
    """Action items ``user`` may open, by due date. ``status`` filters one status (``open``
    also matches ``carried``: both are still to do); ``overdue`` keeps open items past their
    due date (Asia/Jakarta); ``agency`` one owner agency."""
    q = action_item_scope_q(user)
    if q is None:
        return ActionItem.objects.none()
    qs = ActionItem.objects.filter(q).select_related(
        "meeting__task_force", "owner_agency", "done_by"
    )
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    if status == ActionItemStatus.OPEN:
        qs = qs.filter(status__in=OPEN_ITEM_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_ITEM_STATUSES, due_on__lt=_jakarta_today())
    if agency is not None:
        qs = qs.filter(owner_agency=agency)
    return qs.defer("attachment_data").order_by("due_on", "created_at")


def action_item_get(*, user, public_id) -> ActionItem:
    """One action item in scope; Http404 otherwise."""
    try:
        return action_item_list(user=user).get(public_id=public_id)
    except ActionItem.DoesNotExist as exc:
        raise Http404 from exc


def action_item_attachment(*, user, public_id) -> ActionItem:
    """The item with its attachment bytes (same scope); Http404 when none."""
    q = action_item_scope_q(user)
    if q is None:
        raise Http404
    item = ActionItem.objects.filter(q, public_id=public_id).first()
    if item is None or not item.attachment_data:
        raise Http404
    return item


def meeting_carried_items(*, user, meeting) -> list[ActionItem]:
    """Items carried onto ``meeting``'s agenda that ``user`` may open (secretariat: all;
    an agency: its own)."""
    q = action_item_scope_q(user)
    if q is None:
        return []
    ids = CarriedItem.objects.filter(meeting=meeting).values("action_item_id")
    return list(
        ActionItem.objects.filter(q, pk__in=ids)
        .select_related("meeting", "owner_agency")
        .defer("attachment_data")
        .order_by("due_on")
    )


def meeting_carried_count(*, meeting) -> int:
    """How many items were carried onto ``meeting`` (a number, shown to every reader)."""
    return CarriedItem.objects.filter(meeting=meeting).count()


@dataclass(frozen=True)
class Aggregates:
    """Task-force-wide counts for the overview (secretariat, leadership). ``by_agency`` rows
    are dicts ``{"agency": name, "open": n, "overdue": n, "done": n}``."""

    meetings_held: int
    meetings_scheduled: int
    items_open: int
    items_overdue: int
    items_done: int
    by_agency: list[dict]


def coordination_aggregates(*, user, task_force) -> Aggregates | None:
    """Counts of meetings and action items of ``task_force``; None for users who do not read
    aggregates (they see their own items instead). Counts only: no item text."""
    if not reads_item_aggregates(user):
        return None
    today = _jakarta_today()
    meetings = Meeting.objects.filter(task_force=task_force).aggregate(
        held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
        scheduled=Count("pk", filter=Q(status=MeetingStatus.SCHEDULED)),
    )
    items = ActionItem.objects.filter(meeting__task_force=task_force)
    open_q = Q(status__in=OPEN_ITEM_STATUSES)
    overdue_q = open_q & Q(due_on__lt=today)
    totals = items.aggregate(
        open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=overdue_q),
        done=Count("pk", filter=Q(status=ActionItemStatus.DONE)),
    )
    rows = (
        items.values("owner_agency__name")
        .annotate(
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=overdue_q),
            done=Count("pk", filter=Q(status=ActionItemStatus.DONE)),
        )
        .order_by("owner_agency__name")
    )
    return Aggregates(
        meetings_held=meetings["held"],
        meetings_scheduled=meetings["scheduled"],
        items_open=totals["open"],
        items_overdue=totals["overdue"],
        items_done=totals["done"],
        by_agency=[
            {
                "agency": r["owner_agency__name"],
                "open": r["open"],
                "overdue": r["overdue"],
                "done": r["done"],
            }
            for r in rows
        ],
    )


# --- Regional action plan (RAD) ----------------------------------------------------------------

SMALL_COUNT = 5  # counts 1-4 are shown as "<5" (aggregates of case data; docs/access-model.md)


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next one."""
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def computed_quarter_value(source: str, year: int, quarter: int) -> int:
    """The count behind a computed indicator for one quarter (``ComputedSource``):

    - ``cases_reported``: cases whose report date falls in the quarter;
    - ``referrals_on_time``: referrals completed in the quarter on or before their due date
      (UU 21/2007 Pasal 52: services within 7 days; the due date is set when sent);
    - ``community_reports``: community reports received in the quarter (Asia/Jakarta).
    City-wide: these are the task force's figures, not any one agency's.
    """
    from django.apps import apps

    from sigap.taskforce.choices import ComputedSource

    start, end = _quarter_bounds(year, quarter)
    if source == ComputedSource.CASES_REPORTED:
        return (
            apps.get_model("cases", "Case")
            .objects.filter(reported_on__gte=start, reported_on__lt=end)
            .count()
        )
    tz_start = timezone.make_aware(datetime.combine(start, time.min))
    tz_end = timezone.make_aware(datetime.combine(end, time.min))
    if source == ComputedSource.REFERRALS_ON_TIME:
        return (
            apps.get_model("referrals", "Referral")
            .objects.filter(completed_at__gte=tz_start, completed_at__lt=tz_end)
            .filter(completed_at__date__lte=F("due_on"))
            .count()
        )
    if source == ComputedSource.COMMUNITY_REPORTS:
        return (
            apps.get_model("prevention", "CommunityReport")
            .objects.filter(created_at__gte=tz_start, created_at__lt=tz_end)
            .count()
        )
    raise ValueError(source)


def shown_count(value: int) -> str:
    """A computed count as shown on pages: 1-4 become "<5" (small counts suppressed)."""
    return "<5" if 0 < value < SMALL_COUNT else str(value)


def programme_list(*, user, task_force=None, include_inactive: bool = False) -> QuerySet:
    """RAD programmes ``user`` may see, with activities, indicators and targets. Deactivated
    programmes, activities and indicators are left out unless ``include_inactive`` (the
    secretariat's authoring view)."""
    from django.db.models import Prefetch

    from sigap.taskforce.access import programme_scope_q
    from sigap.taskforce.models import Activity, Indicator, Programme

    q = programme_scope_q(user)
    if q is None:
        return Programme.objects.none()
    qs = Programme.objects.filter(q).select_related("subgroup__task_force")
    activities = Activity.objects.select_related("agency")
    indicators = Indicator.objects.prefetch_related("targets")
    if not include_inactive:
        qs = qs.filter(is_active=True)
        activities = activities.filter(is_active=True)
        indicators = indicators.filter(is_active=True)
    if task_force is not None:
        qs = qs.filter(subgroup__task_force=task_force)
    activities = activities.prefetch_related(Prefetch("indicators", queryset=indicators))
    return qs.prefetch_related(Prefetch("activities", queryset=activities)).order_by(
        "subgroup__kind", "name"
    )


def programme_get(*, user, public_id):
    """One programme (active or not) of a task force in scope; Http404 otherwise."""

    found = programme_list(user=user, include_inactive=True).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def activity_get(*, user, public_id):
    """One activity (active or not) of a programme in scope; Http404 otherwise."""
    from sigap.taskforce.models import Activity

    ids = programme_list(user=user, include_inactive=True).values("pk")
    found = (
        Activity.objects.filter(programme__in=ids, public_id=public_id)
        .select_related("agency", "programme__subgroup__task_force")
        .first()
    )
    if found is None:
        raise Http404
    return found


def indicator_get(*, user, public_id):
    """One indicator of a programme in scope; Http404 otherwise."""
    from sigap.taskforce.access import programme_scope_q
    from sigap.taskforce.models import Indicator

    q = programme_scope_q(user)
    if q is None:
        raise Http404
    ids = programme_list(user=user, include_inactive=True).values("pk")
    found = (
        Indicator.objects.filter(activity__programme__in=ids, public_id=public_id)
        .select_related("activity__agency", "activity__programme__subgroup__task_force")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class IndicatorYear:
    """One indicator's year: ``quarters`` maps 1-4 to the shown value ("–" when nothing is
    reported or the reader may not see it), ``total`` likewise; ``computed`` marks values
    SIGAP counted itself."""

    indicator: object
    target: object
    quarters: dict
    total: str
    computed: bool
    visible: bool


def indicator_year(*, user, indicator, year: int) -> IndicatorYear:
    """The quarterly values of ``indicator`` in ``year`` as ``user`` may see them."""
    from sigap.taskforce.access import reads_realisations

    target = next((t.target for t in indicator.targets.all() if t.year == year), None)
    visible = reads_realisations(user, indicator)
    if indicator.computed:
        counts = {q: computed_quarter_value(indicator.computed, year, q) for q in (1, 2, 3, 4)}
        return IndicatorYear(
            indicator,
            target,
            {q: shown_count(v) for q, v in counts.items()},
            shown_count(sum(counts.values())),
            True,
            True,
        )
    if not visible:
        return IndicatorYear(indicator, target, dict.fromkeys((1, 2, 3, 4), "–"), "–", False, False)
    rows = {
        r["quarter"]: r["value"]
        for r in indicator.realisations.filter(year=year).values("quarter", "value")
    }
    quarters = {q: (f"{rows[q].normalize():f}" if q in rows else "–") for q in (1, 2, 3, 4)}
    total = f"{sum(rows.values()).normalize():f}" if rows else "–"
    return IndicatorYear(indicator, target, quarters, total, False, True)
