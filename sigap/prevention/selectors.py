"""Reads for community reports; every one starts from the scope rule in ``access``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.prevention.access import report_scope_q
from sigap.prevention.models import OPEN_REPORT_STATUSES, CommunityReport


def report_list(
    *, user, status: str = "", overdue: bool = False, today: date | None = None
) -> QuerySet:
    """Reports ``user`` may see, open first by follow-up date, then newest (index
    ``prev_report_queue``). ``status`` filters one status; ``overdue`` keeps open reports past
    their follow-up date (Asia/Jakarta; ``today`` defaults to the local date)."""
    q = report_scope_q(user)
    if q is None:
        return CommunityReport.objects.none()
    qs = CommunityReport.objects.filter(q).select_related("area", "assigned_to")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(
            status__in=OPEN_REPORT_STATUSES, follow_up_due__lt=today or timezone.localdate()
        )
    return qs.order_by("follow_up_due", "-created_at")


def report_get(*, user, public_id) -> CommunityReport:
    """One report within scope; raises CommunityReport.DoesNotExist otherwise (404)."""
    q = report_scope_q(user)
    if q is None:
        raise CommunityReport.DoesNotExist
    return CommunityReport.objects.filter(q).select_related("area", "case").get(public_id=public_id)


def reports_overdue_count(*, user) -> int:
    """Open reports past their follow-up date that ``user`` may see (for My work)."""
    return report_list(user=user, overdue=True).count()


def report_status_by_receipt(code: str) -> CommunityReport | None:
    """The report with this receipt code (case and dashes ignored), for the status page only."""
    code = (code or "").strip().upper().replace(" ", "")
    if not code:
        return None
    return (
        CommunityReport.objects.filter(receipt_code=code)
        .only("receipt_code", "status", "created_at", "status_changed_at")
        .first()
    )


def digest_overdue_reports(*, user, today) -> list[tuple[str, str]]:
    """Rows for the daily digest (registered with casework, which does not import this app):
    ``(receipt code, category)`` of the open reports past their follow-up date, through the
    same selector and rule as My work (triage users only)."""
    from sigap.prevention.access import is_triage

    if not is_triage(user):
        return []
    rows = report_list(user=user, overdue=True, today=today)[:100]
    return [(r.receipt_code, str(r.get_category_display())) for r in rows]


def digest_rows(*, user, items, today) -> None:
    """The daily-digest contributor of this app (``casework.selectors.DIGEST_CONTRIBUTORS``):
    appends :func:`digest_overdue_reports` to ``items.overdue``."""
    items.overdue.extend(digest_overdue_reports(user=user, today=today))


# --- Outreach register (issue 9 §4) -------------------------------------------------------------


def outreach_list(*, user, year: int | None = None) -> QuerySet:
    """Outreach activities ``user`` may see, newest first (indexes ``prev_outreach_recent`` and
    ``prev_outreach_org``); ``year`` keeps one calendar year."""
    from sigap.prevention.access import outreach_scope_q
    from sigap.prevention.models import OutreachActivity

    q = outreach_scope_q(user)
    if q is None:
        return OutreachActivity.objects.none()
    qs = OutreachActivity.objects.filter(q).select_related("organiser", "area")
    if year:
        qs = qs.filter(held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31))
    return qs.order_by("-held_on", "-id")


def outreach_get(*, user, public_id):
    """One activity within scope; raises OutreachActivity.DoesNotExist otherwise (404)."""
    from sigap.prevention.access import outreach_scope_q
    from sigap.prevention.models import OutreachActivity

    q = outreach_scope_q(user)
    if q is None:
        raise OutreachActivity.DoesNotExist
    return (
        OutreachActivity.objects.filter(q)
        .select_related("organiser", "area")
        .prefetch_related("partners")
        .get(public_id=public_id)
    )


@dataclass
class PlanRow:
    """Plan vs realised of one agency (or a group subtotal) for the four quarters of a year.
    ``quarters``: four dicts ``{planned_sessions, planned_participants, sessions,
    participants}``."""

    label: str
    quarters: list[dict]
    is_total: bool = False

    @property
    def year_total(self) -> dict:
        keys = ("planned_sessions", "planned_participants", "sessions", "participants")
        return {k: sum(q[k] for q in self.quarters) for k in keys}


def _empty_quarters() -> list[dict]:
    return [
        {"planned_sessions": 0, "planned_participants": 0, "sessions": 0, "participants": 0}
        for _ in range(4)
    ]


PLAN_GROUPS = (
    ("kelurahan", _("Kelurahan")),
    ("kecamatan", _("Kecamatan")),
    ("sudin-pendidikan-1", _("Schools: Sudin Pendidikan I")),
    ("sudin-pendidikan-2", _("Schools: Sudin Pendidikan II")),
    ("school-unset", _("Schools: education office not set")),
    ("opd", _("OPD and other agencies")),
)


def _plan_group(agency) -> str:
    from sigap.agencies.choices import AgencyKind
    from sigap.prevention.reference import EDUCATION_OFFICE_BY_KECAMATAN

    if agency.kind == AgencyKind.KELURAHAN:
        return "kelurahan"
    if agency.kind == AgencyKind.KECAMATAN:
        return "kecamatan"
    if agency.kind == AgencyKind.EDUCATION and agency.code in (
        "sudin-pendidikan-1",
        "sudin-pendidikan-2",
    ):
        return agency.code
    if agency.kind == AgencyKind.SCHOOL:
        kecamatan = ".".join((agency.area_id or "").split(".")[:3])
        return EDUCATION_OFFICE_BY_KECAMATAN.get(kecamatan, "school-unset")
    return "opd"


def plan_vs_realised(*, user, year: int) -> list[tuple[str, str, PlanRow, list[PlanRow]]]:
    """Plan vs realised per quarter of ``year`` for the agencies ``user`` may see, grouped as
    kelurahan, kecamatan, schools (by Sudin Pendidikan I/II, ``reference``) and OPD.

    Returns ``[(group key, group label, subtotal row, [agency rows])]`` (keys of
    ``PLAN_GROUPS``) for the groups with data. Two
    grouped queries (plans; activities by organiser and quarter) and one for the agencies,
    whatever the number of agencies.
    """
    from sigap.agencies.models import Agency
    from sigap.prevention.access import outreach_scope_q, plan_scope_q
    from sigap.prevention.models import OutreachActivity, OutreachPlan

    activity_q, plan_q = outreach_scope_q(user), plan_scope_q(user)
    if activity_q is None or plan_q is None:
        return []
    by_agency: dict[int, list[dict]] = {}
    plans = (
        OutreachPlan.objects.filter(plan_q, year=year)
        .values("agency_id", "quarter")
        .annotate(s=Sum("planned_sessions"), p=Sum("planned_participants"))
    )
    for row in plans:
        q = by_agency.setdefault(row["agency_id"], _empty_quarters())[row["quarter"] - 1]
        q["planned_sessions"] += row["s"] or 0
        q["planned_participants"] += row["p"] or 0
    done = (
        OutreachActivity.objects.filter(
            activity_q, held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31)
        )
        .annotate(quarter=ExtractQuarter("held_on"))
        .values("organiser_id", "quarter")
        .annotate(n=Count("id"), p=Sum(F("girls") + F("boys") + F("women") + F("men")))
    )
    for row in done:
        q = by_agency.setdefault(row["organiser_id"], _empty_quarters())[row["quarter"] - 1]
        q["sessions"] += row["n"]
        q["participants"] += row["p"] or 0
    agencies = Agency.objects.filter(pk__in=by_agency).order_by("name")
    grouped: dict[str, list[PlanRow]] = {}
    for agency in agencies:
        grouped.setdefault(_plan_group(agency), []).append(
            PlanRow(str(agency), by_agency[agency.pk])
        )
    result = []
    for key, label in PLAN_GROUPS:
        rows = grouped.get(key)
        if not rows:
            continue
        total = _empty_quarters()
        for row in rows:
            for i, q in enumerate(row.quarters):
                for k in q:
                    total[i][k] += q[k]
        result.append((key, str(label), PlanRow(str(label), total, is_total=True), rows))
    return result


# --- Early-warning view (issue 9 §5) ------------------------------------------------------------


def hotspot_score(*, recent: int, previous: int, high_risk: int, sessions: int) -> float:
    """The hot-spot score of one kelurahan (docs/architecture.md, "Early warning").

    ``recent``/``previous``: community reports in the last ``REPORT_WINDOW_DAYS`` days and in
    the same span before; ``high_risk``: high-risk reports and screenings in the recent window;
    ``sessions``: outreach sessions in the last ``OUTREACH_WINDOW_DAYS`` days.
    score = (recent + high_risk + 2 × max(0, recent − previous)) / (1 + sessions), one decimal.
    Rising reports weigh double; each session of outreach divides the pressure.
    """
    rise = max(0, recent - previous)
    return round((recent + high_risk + 2 * rise) / (1 + sessions), 1)


def is_hotspot(*, recent: int, previous: int, sessions: int) -> bool:
    """Reports are rising (more than in the previous window) and outreach is thin (at most
    one session in the outreach window)."""
    return recent > previous and sessions <= 1


@dataclass
class AreaWarning:
    """One kelurahan (or kecamatan) on the early-warning view; counts are aggregates."""

    code: str
    name: str
    kecamatan: str = ""
    reports_recent: int = 0
    reports_previous: int = 0
    high_risk: int = 0
    cases: int = 0
    sessions_recent: int = 0
    sessions_total: int = 0
    last_activity: date | None = None
    participants_year: int = 0
    population: int | None = None
    schools: int = 0
    score: float = 0.0
    hotspot: bool = False
    rank: int = 0
    # How a hidden case count is written ("<5", or "*" in a kecamatan where a second count had
    # to be hidden: see ``_suppress_case_counts``); empty when the count is shown.
    cases_hidden: str = ""

    @property
    def cases_display(self) -> str:
        return self.cases_hidden or str(self.cases)

    @property
    def per_thousand(self) -> float | None:
        """Participants in the last 12 months per 1,000 residents, or None when unknown."""
        if not self.population:
            return None
        return round(self.participants_year * 1000 / self.population, 1)


def _suppress_case_counts(kel: dict[str, AreaWarning], kec: dict[str, AreaWarning]) -> None:
    """Hide small case counts so that no kelurahan's count can be worked out, and mark them.

    Each kecamatan's row is a published total of its kelurahan's rows, so hiding the 1-4 alone
    is not enough: with one kelurahan hidden, the kecamatan total minus the others gives it
    away. Each kecamatan is passed, with its total, through the one suppression rule
    (``sigap.analytics.disclosure.suppress_counts``: counts 1-4 hidden, then complementary
    suppression), and written as ``published_line`` writes it: "<5" where only 1-4 were
    hidden, "*" for every hidden count of a kecamatan where a second one had to be hidden.
    Sets ``cases_hidden`` in place; nothing returned.
    """
    from sigap.analytics.disclosure import published_line
    from sigap.prevention.reference import SMALL_COUNT_MAX

    members: dict[str, list[AreaWarning]] = {}
    for w in sorted(kel.values(), key=lambda w: w.code):
        members.setdefault(w.code[:8], []).append(w)
    for code, rows in members.items():
        total = kec.get(code)
        cells, shown_total = published_line(
            [w.cases for w in rows], total=total is not None, threshold=SMALL_COUNT_MAX + 1
        )
        for w, shown in zip(rows, cells, strict=True):
            w.cases_hidden = shown if isinstance(shown, str) else ""
        if total is not None:
            total.cases_hidden = shown_total if isinstance(shown_total, str) else ""


@dataclass
class EarlyWarning:
    today: date
    kelurahan: list[AreaWarning] = field(default_factory=list)  # ranked by score
    kecamatan: list[AreaWarning] = field(default_factory=list)
    scope_all: bool = False


def early_warning(*, user, today: date | None = None) -> EarlyWarning:
    """The early-warning view for the kelurahan ``user`` may see (``access.
    early_warning_prefix``): aggregates only, one grouped query per source (reports,
    screenings, cases, outreach, population) plus one for the areas, whatever their number.

    Sources: community reports by their area; stored high-risk screenings by the area of the
    agency that ran them; cases by kelurahan of report (reported in the last 12 months, any
    status: "indicated"); outreach activities by kelurahan. Kelurahan are ranked by
    ``hotspot_score`` (ties: name).
    """
    from sigap.analytics.models import Screening
    from sigap.areas.models import Area
    from sigap.cases.models import Case
    from sigap.prevention.access import CITY_AREA_CODE, early_warning_prefix
    from sigap.prevention.models import AreaPopulation, CommunityReport, OutreachActivity
    from sigap.prevention.reference import (
        CASE_WINDOW_DAYS,
        OUTREACH_WINDOW_DAYS,
        PARTICIPANT_WINDOW_DAYS,
        REPORT_WINDOW_DAYS,
    )

    today = today or timezone.localdate()
    result = EarlyWarning(today=today)
    prefix = early_warning_prefix(user)
    if prefix is None:
        return result
    result.scope_all = prefix == CITY_AREA_CODE
    under = prefix + "."
    areas = list(
        Area.objects.filter(
            Q(code=prefix) | Q(code__startswith=under), level__in=["kecamatan", "kelurahan"]
        ).order_by("code")
    )
    kel = {a.code: AreaWarning(a.code, a.name) for a in areas if a.level == "kelurahan"}
    kec = {a.code: AreaWarning(a.code, a.name) for a in areas if a.level == "kecamatan"}
    for row in kel.values():
        parent = kec.get(row.code[:8])
        row.kecamatan = parent.name if parent else ""
    if not kel:
        return result
    in_scope = Q(area_id__in=list(kel))

    def starts(days: int):
        return timezone.make_aware(
            datetime.combine(today - timedelta(days=days - 1), datetime.min.time())
        )

    recent_from = starts(REPORT_WINDOW_DAYS)
    previous_from = starts(2 * REPORT_WINDOW_DAYS)
    for row in (
        CommunityReport.objects.filter(in_scope, created_at__gte=previous_from)
        .values("area_id")
        .annotate(
            recent=Count("id", filter=Q(created_at__gte=recent_from)),
            previous=Count("id", filter=Q(created_at__lt=recent_from)),
            high=Count("id", filter=Q(created_at__gte=recent_from, risk_level="high")),
        )
    ):
        w = kel[row["area_id"]]
        w.reports_recent, w.reports_previous, w.high_risk = (
            row["recent"],
            row["previous"],
            row["high"],
        )
    for row in (
        Screening.objects.filter(
            risk_level="high", created_at__gte=recent_from, agency__area_id__in=list(kel)
        )
        .values("agency__area_id")
        .annotate(n=Count("id"))
    ):
        kel[row["agency__area_id"]].high_risk += row["n"]
    for row in (
        Case.objects.filter(
            report_area_id__in=list(kel),
            reported_on__gte=today - timedelta(days=CASE_WINDOW_DAYS - 1),
        )
        .values("report_area_id")
        .annotate(n=Count("id"))
    ):
        kel[row["report_area_id"]].cases = row["n"]
    people = F("girls") + F("boys") + F("women") + F("men")
    for row in (
        OutreachActivity.objects.filter(in_scope, held_on__lte=today)
        .values("area_id")
        .annotate(
            last=Max("held_on"),
            total=Count("id"),
            recent=Count(
                "id", filter=Q(held_on__gte=today - timedelta(days=OUTREACH_WINDOW_DAYS - 1))
            ),
            people=Sum(
                people, filter=Q(held_on__gte=today - timedelta(days=PARTICIPANT_WINDOW_DAYS - 1))
            ),
            schools=Count("place_name", distinct=True, filter=Q(place_kind="school")),
        )
    ):
        w = kel[row["area_id"]]
        w.last_activity, w.sessions_total, w.sessions_recent = (
            row["last"],
            row["total"],
            row["recent"],
        )
        w.participants_year, w.schools = row["people"] or 0, row["schools"]
    for area_id, population in AreaPopulation.objects.filter(in_scope).values_list(
        "area_id", "population"
    ):
        kel[area_id].population = population
    for w in kel.values():
        w.score = hotspot_score(
            recent=w.reports_recent,
            previous=w.reports_previous,
            high_risk=w.high_risk,
            sessions=w.sessions_recent,
        )
        w.hotspot = is_hotspot(
            recent=w.reports_recent, previous=w.reports_previous, sessions=w.sessions_recent
        )
        k = kec.get(w.code[:8])
        if k is None:
            continue
        for attr in (
            "reports_recent",
            "reports_previous",
            "high_risk",
            "cases",
            "sessions_recent",
            "sessions_total",
            "participants_year",
            "schools",
        ):
            setattr(k, attr, getattr(k, attr) + getattr(w, attr))
        if w.last_activity and (k.last_activity is None or w.last_activity > k.last_activity):
            k.last_activity = w.last_activity
    result.kelurahan = sorted(kel.values(), key=lambda w: (-w.score, w.name))
    for i, w in enumerate(result.kelurahan, start=1):
        w.rank = i
    for k in kec.values():
        members = [w for w in kel.values() if w.code.startswith(k.code + ".")]
        # A kecamatan's population is known only when every one of its kelurahan's is.
        if members and all(w.population for w in members):
            k.population = sum(w.population for w in members)
        k.score = hotspot_score(
            recent=k.reports_recent,
            previous=k.reports_previous,
            high_risk=k.high_risk,
            sessions=k.sessions_recent,
        )
    _suppress_case_counts(kel, kec)
    result.kecamatan = list(kec.values())
    return result
