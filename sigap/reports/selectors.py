"""Aggregate reads for the dashboard: counts only, never a name, case number or identity.

Scope (docs/access-model.md): a user with an agency membership and the
``cases.view_aggregates`` permission (case team, secretariat, leadership) gets city-wide
counts; everyone else gets counts over ``Case.objects.visible_to(user)``, so a number never
reveals a case the user could not open. Referral figures are always about the user's own
agency and go through ``Referral.objects.visible_to(user)``.

Each widget is one bounded GROUP BY / aggregate query (the kecamatan widget adds one query for
the list of kecamatan); nothing loops over case rows. "Today" and "this month" are the task
force's calendar dates in ``settings.TIME_ZONE`` (Asia/Jakarta), whatever the server's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sigap.areas.choices import AreaLevel
from sigap.areas.models import Area
from sigap.cases.access import membership_of
from sigap.cases.choices import CaseStatus, ExploitationForm
from sigap.cases.models import Case, CaseExploitation
from sigap.referrals.choices import OPEN_STATUSES, ReferralStatus
from sigap.referrals.models import Referral
from sigap.reports.cache import cached
from sigap.reports.choices import ExportDataset
from sigap.reports.models import ExportJob


def local_today(now: datetime | None = None) -> date:
    """The calendar date in the task force's time zone (Asia/Jakarta) at ``now``."""
    return timezone.localdate(now or timezone.now(), timezone.get_default_timezone())


def sees_city_wide(user) -> bool:
    """Whether ``user`` gets city-wide aggregates rather than counts over their own scope."""
    return membership_of(user) is not None and user.has_perm("cases.view_aggregates")


def _bar(count: int, top: int) -> int:
    """Bar width for ``count`` out of ``top``: 0 only for 0, else 5–100 in steps of 5."""
    if count <= 0:
        return 0
    return max(5, round(20 * count / max(top, 1)) * 5)


def _scope_key(user) -> str:
    """Whose numbers: ``city`` (shared by every city-wide user) or this user's own scope."""
    return "city" if sees_city_wide(user) else f"user{getattr(user, 'pk', None)}"


def _cases_in_scope(user) -> QuerySet[Case]:
    return Case.objects.all() if sees_city_wide(user) else Case.objects.visible_to(user)


def _cases_in_full_view(user) -> QuerySet[Case]:
    """The cases whose content beyond the status (victims, modus, exploitation forms,
    destination, identification) ``user``'s numbers may count: every case for city-wide
    roles, else the cases of ``_cases_in_scope`` the user sees in full
    (``cases.access.in_full_view``, the one view rule, as the case export fills those
    columns)."""
    from sigap.cases.access import in_full_view

    scope = _cases_in_scope(user)
    if sees_city_wide(user):
        return scope
    return in_full_view(user, scope)


@dataclass(frozen=True)
class CaseTotals:
    """Cases not closed (``reported`` + ``handled``) and cases reported this month."""

    reported: int
    handled: int
    new_this_month: int
    month_start: date

    @property
    def open(self) -> int:
        return self.reported + self.handled


def _dashboard_case_totals(*, user, today: date | None = None) -> CaseTotals:
    """Open cases (status reported or open) and cases whose ``reported_on`` falls in the
    current calendar month. One aggregate query."""
    today = today or local_today()
    month_start = today.replace(day=1)
    totals = _cases_in_scope(user).aggregate(
        reported=Count("id", filter=Q(status=CaseStatus.REPORTED)),
        handled=Count("id", filter=Q(status=CaseStatus.OPEN)),
        new_this_month=Count("id", filter=Q(reported_on__gte=month_start, reported_on__lte=today)),
    )
    return CaseTotals(month_start=month_start, **totals)


@dataclass(frozen=True)
class AreaCount:
    """Number of cases for one kecamatan; ``code`` is empty for the "elsewhere" row."""

    code: str
    name: str
    count: int
    bar: int  # bar width in % of the largest row, a multiple of 5 (CSS classes bar-w0..100)


def _dashboard_cases_by_kecamatan(*, user, kota_code: str | None = None) -> list[AreaCount]:
    """Cases of any status by the kecamatan of the reporting kelurahan, for every kecamatan of
    ``kota_code`` (default: ``SIGAP_DEFAULT_AREA_CODE``, Jakarta Pusat), zeros included, plus a
    last row (code "") for cases reported elsewhere when there are any. Two queries."""
    kota_code = kota_code or settings.SIGAP_DEFAULT_AREA_CODE
    kecamatan = list(
        Area.objects.filter(parent_id=kota_code, level=AreaLevel.KECAMATAN)
        .order_by("name")
        .values_list("code", "name")
    )
    grouped = dict(
        _cases_in_scope(user)
        .order_by()
        .values("report_area__parent_id")
        .annotate(n=Count("id"))
        .values_list("report_area__parent_id", "n")
    )
    rows = [(code, name, grouped.pop(code, 0)) for code, name in kecamatan]
    elsewhere = sum(grouped.values())
    if elsewhere:
        rows.append(("", "", elsewhere))
    top = max(n for _code, _name, n in [*rows, ("", "", 0)])
    return [AreaCount(code, name, n, _bar(n, top)) for code, name, n in rows]


@dataclass(frozen=True)
class FormCount:
    """Number of cases with one exploitation form (``code``, an ``ExploitationForm`` value).

    The label is derived from the code when read, in the reader's language: a cached row
    then holds no lazy translation, whose unpickling cost about 0.15 ms each (nine on every
    dashboard view; issue 8, per-page CPU), and serves every language."""

    code: str
    count: int
    bar: int

    @property
    def label(self) -> str:
        return ExploitationForm(self.code).label


def _dashboard_cases_by_exploitation_form(*, user) -> list[FormCount]:
    """Cases by exploitation form, every form listed (zeros included), in the coded order.
    A case with two forms counts once under each, so the rows may add up to more than the
    number of cases. One GROUP BY query: rows are counted, not distinct cases, because a
    case lists a form at most once (``uniq_case_exploitation``); a scope that is every case
    (city-wide roles) reads the forms table alone, without joining a million case ids."""
    scope = _cases_in_full_view(user)
    rows = CaseExploitation.objects.all()
    if scope.query.where or scope.query.is_empty():
        rows = rows.filter(case__in=scope.values("pk"))
    grouped = dict(rows.order_by().values("form").annotate(n=Count("id")).values_list("form", "n"))
    top = max([*grouped.values(), 0])
    return [
        FormCount(code, grouped.get(code, 0), _bar(grouped.get(code, 0), top))
        for code in ExploitationForm.values
    ]


@dataclass(frozen=True)
class ReferralTotals:
    """Referrals of the user's agency: waiting for it, and overdue both ways."""

    waiting: int
    overdue_to_us: int
    overdue_from_us: int

    @property
    def overdue(self) -> int:
        return self.overdue_to_us + self.overdue_from_us


def _dashboard_referral_totals(*, user, today: date | None = None) -> ReferralTotals:
    """For the user's agency: referrals to it still ``sent`` (waiting for an answer), and open
    referrals (sent, accepted, in progress) whose ``due_on`` is before today, whether sent by
    the agency or to it. A referral due today is not overdue yet. One aggregate query."""
    membership = membership_of(user)
    if membership is None:
        return ReferralTotals(0, 0, 0)
    today = today or local_today()
    agency_id = membership.agency_id
    late = Q(status__in=OPEN_STATUSES, due_on__lt=today)
    totals = (
        Referral.objects.visible_to(user)
        .filter(Q(to_agency_id=agency_id) | Q(from_agency_id=agency_id))
        .aggregate(
            waiting=Count("id", filter=Q(status=ReferralStatus.SENT, to_agency_id=agency_id)),
            overdue_to_us=Count("id", filter=late & Q(to_agency_id=agency_id)),
            overdue_from_us=Count("id", filter=late & Q(from_agency_id=agency_id)),
        )
    )
    return ReferralTotals(**totals)


def dashboard_case_totals(*, user, today: date | None = None) -> CaseTotals:
    """Open cases (status reported or open) and cases whose ``reported_on`` falls in the
    current calendar month; cached per scope for a short time (``sigap.reports.cache``)."""
    today = today or local_today()
    return cached(
        "case_totals",
        _scope_key(user),
        (today,),
        lambda: _dashboard_case_totals(user=user, today=today),
    )


def dashboard_cases_by_kecamatan(*, user, kota_code: str | None = None) -> list[AreaCount]:
    """Cases by kecamatan of report (see ``_dashboard_cases_by_kecamatan``); cached per scope
    for a short time (``sigap.reports.cache``)."""
    return cached(
        "by_kecamatan",
        _scope_key(user),
        (kota_code or settings.SIGAP_DEFAULT_AREA_CODE,),
        lambda: _dashboard_cases_by_kecamatan(user=user, kota_code=kota_code),
    )


def dashboard_cases_by_exploitation_form(*, user) -> list[FormCount]:
    """Cases by exploitation form (see ``_dashboard_cases_by_exploitation_form``); cached per
    scope for a short time (``sigap.reports.cache``)."""
    return cached(
        "by_form", _scope_key(user), (), lambda: _dashboard_cases_by_exploitation_form(user=user)
    )


def dashboard_referral_totals(*, user, today: date | None = None) -> ReferralTotals:
    """Referral figures of the user's agency (see ``_dashboard_referral_totals``); cached per
    user (their referral scope) for a short time (``sigap.reports.cache``)."""
    today = today or local_today()
    return cached(
        "referral_totals",
        f"user{getattr(user, 'pk', None)}",
        (today,),
        lambda: _dashboard_referral_totals(user=user, today=today),
    )


def cases_by_month(*, user) -> list[tuple[str, int]]:
    """``[("2026-01", n), ...]``: cases by month of report over the user's aggregate scope
    (city-wide for ``cases.view_aggregates``, as on the dashboard), oldest first. One query."""
    rows = (
        _cases_in_scope(user)
        .order_by()
        .annotate(month=TruncMonth("reported_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
        .values_list("month", "n")
    )
    return [(month.strftime("%Y-%m"), n) for month, n in rows]


def export_job_get(*, user, public_id):
    """The export job ``public_id`` of ``user`` (``ExportJob.objects.visible_to``: the
    requester only); Http404 otherwise."""
    return get_object_or_404(ExportJob.objects.visible_to(user), public_id=public_id)


def export_job_recent(*, user, limit: int = 10):
    """The user's ``limit`` most recent export jobs of the case list, newest first."""
    return (
        ExportJob.objects.visible_to(user)
        .exclude(dataset=ExportDataset.TASKFORCE_REPORT)
        .order_by("-created_at")[:limit]
    )


def taskforce_job_recent(*, user, limit: int = 10):
    """The user's ``limit`` most recent task-force report jobs, newest first."""
    return (
        ExportJob.objects.visible_to(user)
        .filter(dataset=ExportDataset.TASKFORCE_REPORT)
        .order_by("-created_at")[:limit]
    )
