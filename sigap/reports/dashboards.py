"""Selectors of the chart dashboard (issue 12 §4): aggregate counts only, never a name, case
number or identity.

Scope: the dashboard's one rule, :func:`sigap.reports.selectors._cases_in_scope` (city-wide for
``cases.view_aggregates`` with a membership, else ``Case.objects.visible_to(user)``); referral
figures follow the same split (:func:`referrals_in_scope`: every referral for city-wide roles,
else ``Referral.objects.visible_to(user)``). Every figure is one GROUP BY or aggregate query
over that scope, nothing loops over case rows in Python. City-wide results are cached for
:data:`CACHE_SECONDS` under a key of the filters (every city-wide viewer sees the same
numbers); figures over a personal scope are computed on each request, so a scope that changes
(a break-glass grant expiring) is never served from a cache.

Times against the 7-day rule: UU 21/2007 Pasal 52 (services of Pasal 51 within 7 days); the
same 7 days are used for report → identification (the task force's standard).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Case as When_
from django.db.models import (
    CharField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Substr, TruncDate, TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from sigap.areas.models import Area
from sigap.cases.choices import ExploitationForm, Modus, ParticipantRole, Sex
from sigap.cases.models import CaseExploitation, Identification, Participant
from sigap.justice.choices import VerdictOutcome
from sigap.justice.models import RestitutionOrder, RestitutionPayment, Verdict
from sigap.referrals.choices import OPEN_STATUSES
from sigap.referrals.models import Referral
from sigap.reports.selectors import (
    _cases_in_full_view,
    _cases_in_scope,
    local_today,
    sees_city_wide,
)

RULE_DAYS = 7  # UU 21/2007 Pasal 52
CACHE_SECONDS = 120
AGE_BANDS = ((0, 5), (6, 12), (13, 17), (18, 24), (25, 44), (45, 59), (60, 200))  # SIMFONI
RANKED_ROWS = 15  # kelurahan / destination / agency rankings: the top rows, the rest summed


@dataclass(frozen=True)
class Filters:
    """Period (report dates, inclusive) and area (a kecamatan code, or "" for all)."""

    start: date
    end: date
    kecamatan: str = ""

    @property
    def key(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}-{self.kecamatan or 'all'}"


def default_filters(today: date | None = None) -> Filters:
    """The last twelve calendar months up to today (Asia/Jakarta)."""
    today = today or local_today()
    if today.month == 12:
        start = date(today.year, 1, 1)
    else:
        start = date(today.year - 1, today.month + 1, 1)
    return Filters(start=start, end=today)


@dataclass
class Series:
    """One chart's data: ``rows`` of (label, value[, value2]) in display order, the column
    headings of its table and the counting rule shown under it."""

    key: str
    title: str
    rule: str
    headings: tuple
    rows: list = field(default_factory=list)
    kind: str = "bar"  # bar (horizontal ranking), line (over time), pie, stacked

    @property
    def total(self) -> int:
        return sum(r[1] for r in self.rows)

    @property
    def has_data(self) -> bool:
        """Whether any row holds a value other than 0 (a suppressed "<5" counts as data): a
        chart of nothing is not drawn (an empty 0-1 axis reads as a finding)."""
        return any(
            not isinstance(value, int | float) or value != 0
            for row in self.rows
            for value in row[1:]
        )


def referrals_in_scope(user):
    """Referrals counted for ``user``: every referral for city-wide roles, else those of
    ``Referral.objects.visible_to(user)`` (mirrors ``_cases_in_scope``)."""
    return Referral.objects.all() if sees_city_wide(user) else Referral.objects.visible_to(user)


def _cases(user, f: Filters, *, period: bool = True, part: str = "status"):
    """The cases a chart counts: ``part`` ``"status"`` (number, dates, kelurahan: the scope),
    ``"full"`` (victims, modus, exploitation forms, destination, identification: only cases
    the user sees in full, ``selectors._cases_in_full_view``) or ``"justice"`` (verdicts and
    restitution: only cases whose justice process the user reads, ``justice_scope_q``)."""
    qs = _cases_in_full_view(user) if part == "full" else _cases_in_scope(user)
    if part == "justice" and not sees_city_wide(user):
        from sigap.justice.access import justice_scope_q

        q = justice_scope_q(user)
        qs = qs.filter(q) if q is not None else qs.none()
    if period:
        qs = qs.filter(reported_on__gte=f.start, reported_on__lte=f.end)
    if f.kecamatan:
        qs = qs.filter(report_area__parent_id=f.kecamatan)
    return qs.order_by()


def _ranked(rows: list[tuple[str, int]], other_label: str) -> list[tuple[str, int]]:
    rows = sorted(rows, key=lambda r: (-r[1], r[0]))
    if len(rows) <= RANKED_ROWS:
        return rows
    rest = sum(n for _label, n in rows[RANKED_ROWS - 1 :])
    return rows[: RANKED_ROWS - 1] + [(other_label, rest)]


def _months(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def charts_over_time(user, f: Filters) -> Series:
    """Cases and victims by month of report over the period (zeros included), one row per
    month labelled in the active language ("Mar 2026"): 2 queries."""
    cases = dict(
        _cases(user, f)
        .annotate(m=TruncMonth("reported_on"))
        .values("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    victims = dict(
        _victims(user, f)
        .annotate(m=TruncMonth("case__reported_on"))
        .values("m")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    rows = [
        (date_format(m, "M Y"), cases.get(m, 0), victims.get(m, 0)) for m in _months(f.start, f.end)
    ]
    return Series(
        "over_time",
        _("Cases and victims by month of report"),
        _("Counting rule: cases and their victims by the month the case was reported."),
        (_("Month"), _("Cases"), _("Victims")),
        rows,
        kind="line",
    )


def charts_by_area(user, f: Filters) -> tuple[Series, Series]:
    """Cases by kecamatan and by kelurahan of report, ranked (kelurahan: top rows and the
    rest summed): 2 queries."""
    kec = [
        (name or _("Reported elsewhere"), n)
        for name, n in _cases(user, f)
        .values("report_area__parent__name")
        .annotate(n=Count("id"))
        .values_list("report_area__parent__name", "n")
    ]
    kel = [
        (f"{name} ({parent})", n)
        for name, parent, n in _cases(user, f)
        .values("report_area__name", "report_area__parent__name")
        .annotate(n=Count("id"))
        .values_list("report_area__name", "report_area__parent__name", "n")
    ]
    rule = _("Counting rule: cases (not victims) of any status by the area where reported.")
    return (
        Series(
            "kecamatan",
            _("Cases by kecamatan"),
            rule,
            (_("Kecamatan"), _("Cases")),
            _ranked(kec, _("Other")),
        ),
        Series(
            "kelurahan",
            _("Cases by kelurahan"),
            rule,
            (_("Kelurahan"), _("Cases")),
            _ranked(kel, _("Other kelurahan")),
        ),
    )


def _victims(user, f: Filters):
    return Participant.objects.filter(
        case__in=_cases(user, f, part="full").values("pk"), role=ParticipantRole.VICTIM
    ).order_by()


def charts_by_origin(user, f: Filters) -> Series:
    """Victims by province of origin (first two digits of the Kemendagri code): 2 queries."""
    grouped = dict(
        _victims(user, f)
        .annotate(p=Substr("person__origin_area_id", 1, 2))
        .values("p")
        .annotate(n=Count("id"))
        .values_list("p", "n")
    )
    names = dict(
        Area.objects.filter(code__in=[c for c in grouped if c]).values_list("code", "name")
    )
    rows = [
        (names.get(code, _("Unknown")) if code else _("Unknown"), n) for code, n in grouped.items()
    ]
    return Series(
        "origin",
        _("Victims by province of origin"),
        _(
            "Counting rule: victims by the province of their area of origin (unknown when "
            "not recorded)."
        ),
        (_("Province"), _("Victims")),
        _ranked(rows, _("Other")),
    )


def charts_by_kind(user, f: Filters) -> tuple[Series, Series, Series]:
    """Cases by modus, by exploitation form (a case counts once per form) and by destination
    (country abroad, within Indonesia, or not recorded), ranked: 3 queries."""
    modus_label = dict(Modus.choices)
    modus = [
        (str(modus_label.get(code) or _("Not recorded")), n)
        for code, n in _cases(user, f, part="full")
        .values("modus")
        .annotate(n=Count("id"))
        .values_list("modus", "n")
    ]
    form_label = dict(ExploitationForm.choices)
    forms = [
        (str(form_label.get(code, code)), n)
        for code, n in CaseExploitation.objects.filter(
            case__in=_cases(user, f, part="full").values("pk")
        )
        .order_by()
        .values("form")
        .annotate(n=Count("case_id", distinct=True))
        .values_list("form", "n")
    ]
    inland = When_(
        When(destination_area__isnull=False, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    dest: dict[str, int] = {}
    for country, is_inland, n in (
        _cases(user, f, part="full")
        .annotate(inland=inland)
        .values("destination_country", "inland")
        .annotate(n=Count("id"))
        .values_list("destination_country", "inland", "n")
    ):
        if country:
            label = str(countries.name(country) or country)
        elif is_inland:
            label = _("Within Indonesia")
        else:
            label = _("Not recorded")
        dest[label] = dest.get(label, 0) + n
    return (
        Series(
            "modus",
            _("Cases by modus"),
            _("Counting rule: cases (not victims) by modus operandi."),
            (_("Modus"), _("Cases")),
            _ranked(modus, _("Other")),
        ),
        Series(
            "forms",
            _("Cases by exploitation form"),
            _("Counting rule: a case with several exploitation forms counts once under each."),
            (_("Exploitation form"), _("Cases")),
            _ranked(forms, _("Other")),
        ),
        Series(
            "destination",
            _("Cases by destination"),
            _("Counting rule: cases by destination country, or within Indonesia."),
            (_("Destination"), _("Cases")),
            _ranked(list(dest.items()), _("Other")),
        ),
    )


def charts_victims(user, f: Filters) -> tuple[Series, Series, Series]:
    """Victims by sex, by SIMFONI age band (age at exploitation, else estimated age) and
    children's share (UU 21/2007 Pasal 1 angka 5: under 18): 3 queries."""
    sex_label = dict(Sex.choices)
    sex = [
        (str(sex_label.get(code) or _("Not recorded")), n)
        for code, n in _victims(user, f)
        .values("person__sex")
        .annotate(n=Count("id"))
        .values_list("person__sex", "n")
    ]
    whens = [
        When(_age__gte=lo, _age__lte=hi, then=Value(f"{lo}-{hi}" if hi < 200 else "60+"))
        for lo, hi in AGE_BANDS
    ]
    bands = dict(
        _victims(user, f)
        .annotate(_age=Coalesce("age_at_exploitation", "person__estimated_age"))
        .annotate(band=When_(*whens, default=Value(""), output_field=CharField()))
        .values("band")
        .annotate(n=Count("id"))
        .values_list("band", "n")
    )
    labels = [f"{lo}-{hi}" if hi < 200 else "60+" for lo, hi in AGE_BANDS]
    age_rows = [(label, bands.get(label, 0)) for label in labels]
    if bands.get(""):
        age_rows.append((_("Unknown"), bands[""]))
    child = _victims(user, f).aggregate(
        children=Count("id", filter=Q(is_child=True)),
        adults=Count("id", filter=Q(is_child=False)),
        unknown=Count("id", filter=Q(is_child__isnull=True)),
    )
    child_rows = [
        (_("Children"), child["children"]),
        (_("Adults"), child["adults"]),
        (_("Age unknown"), child["unknown"]),
    ]
    return (
        Series(
            "sex",
            _("Victims by sex"),
            _("Counting rule: victims of the cases in the period."),
            (_("Sex"), _("Victims")),
            sex,
            kind="pie",
        ),
        Series(
            "age",
            _("Victims by age band"),
            _(
                "Counting rule: victims by SIMFONI-PPA age band of their age when exploited "
                "(else the estimated age)."
            ),
            (_("Age band"), _("Victims")),
            age_rows,
            kind="vbar",
        ),
        Series(
            "children",
            _("Children's share of victims"),
            _("Counting rule: a child is a person under 18 when exploited (UU 21/2007)."),
            (_("Group"), _("Victims")),
            child_rows,
            kind="pie",
        ),
    )


def charts_times(user, f: Filters, today: date) -> tuple[Series, Series]:
    """Report → identification per victim (first identification within 7 days of the report
    date, later, or not yet) and referral → service per referral (service started or
    completed by ``due_on``, 7 days by default, later, or not yet): 2 aggregate queries."""
    first = (
        Identification.objects.filter(participant=OuterRef("pk"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    deadline = ExpressionWrapper(
        F("case__reported_on") + timedelta(days=RULE_DAYS), output_field=DateField()
    )
    ident = (
        _victims(user, f)
        .annotate(first_day=TruncDate(Subquery(first)), deadline=deadline)
        .aggregate(
            within=Count("id", filter=Q(first_day__lte=F("deadline"))),
            late=Count("id", filter=Q(first_day__gt=F("deadline"))),
            pending_late=Count(
                "id",
                filter=Q(
                    first_day__isnull=True,
                    case__reported_on__lt=today - timedelta(days=RULE_DAYS),
                ),
            ),
            pending=Count(
                "id",
                filter=Q(
                    first_day__isnull=True,
                    case__reported_on__gte=today - timedelta(days=RULE_DAYS),
                ),
            ),
        )
    )
    refs = (
        referrals_in_scope(user)
        .filter(case__in=_cases(user, f).values("pk"))
        .exclude(status__in=("declined", "revoked"))
        .order_by()
        .annotate(start_day=TruncDate(Coalesce("started_at", "completed_at")))
        .aggregate(
            within=Count("id", filter=Q(start_day__lte=F("due_on"))),
            late=Count("id", filter=Q(start_day__gt=F("due_on"))),
            pending_late=Count("id", filter=Q(start_day__isnull=True, due_on__lt=today)),
            pending=Count("id", filter=Q(start_day__isnull=True, due_on__gte=today)),
        )
    )

    def rows(d):
        return [
            (_("Within 7 days"), d["within"]),
            (_("Later than 7 days"), d["late"]),
            (_("Not yet, past 7 days"), d["pending_late"]),
            (_("Not yet, within 7 days"), d["pending"]),
        ]

    return (
        Series(
            "identification",
            _("Report to identification"),
            _(
                "Counting rule: victims by the days from the case's report date to their "
                "first identification, against 7 days."
            ),
            (_("Time"), _("Victims")),
            rows(ident),
        ),
        Series(
            "service",
            _("Referral to service"),
            _(
                "Counting rule: referrals (not declined or revoked) by whether the service "
                "started by the due date (7 days, UU 21/2007 Article 52)."
            ),
            (_("Time"), _("Referrals")),
            rows(refs),
        ),
    )


def charts_overdue(user, f: Filters, today: date) -> Series:
    """Open referrals (sent, accepted, in progress) past their due date, by receiving agency,
    ranked: 1 query."""
    rows = list(
        referrals_in_scope(user)
        .filter(case__in=_cases(user, f).values("pk"), status__in=OPEN_STATUSES, due_on__lt=today)
        .order_by()
        .values("to_agency__name")
        .annotate(n=Count("id"))
        .values_list("to_agency__name", "n")
    )
    return Series(
        "overdue",
        _("Overdue referrals by receiving agency"),
        _("Counting rule: referrals still open after their due date, as of today."),
        (_("Agency"), _("Referrals")),
        _ranked(rows, _("Other agencies")),
    )


def charts_justice(user, f: Filters) -> tuple[Series, Series]:
    """Verdicts by outcome, and restitution awarded vs paid (Rupiah) by year of the verdict
    or payment, over the cases in scope: 3 queries."""
    case_ids = _cases(user, f, part="justice").values("pk")
    label = dict(VerdictOutcome.choices)
    grouped = dict(
        Verdict.objects.filter(participant__case__in=case_ids)
        .order_by()
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    outcomes = [(str(label[code]), grouped.get(code, 0)) for code in VerdictOutcome.values]
    awarded = dict(
        RestitutionOrder.objects.filter(verdict__participant__case__in=case_ids)
        .order_by()
        .annotate(y=ExtractYear("verdict__decided_on"))
        .values("y")
        .annotate(s=Sum("amount_rupiah"))
        .values_list("y", "s")
    )
    paid = dict(
        RestitutionPayment.objects.filter(order__verdict__participant__case__in=case_ids)
        .order_by()
        .annotate(y=ExtractYear("paid_on"))
        .values("y")
        .annotate(s=Sum("amount_rupiah"))
        .values_list("y", "s")
    )
    years = sorted(set(awarded) | set(paid))
    restitution = [(str(y), awarded.get(y) or 0, paid.get(y) or 0) for y in years]
    return (
        Series(
            "verdicts",
            _("Court verdicts by outcome"),
            _("Counting rule: verdicts (one per defendant and court level) in the cases."),
            (_("Outcome"), _("Verdicts")),
            outcomes,
        ),
        Series(
            "restitution",
            _("Restitution awarded and paid (Rupiah)"),
            _(
                "Counting rule: restitution ordered by year of the verdict and payments by "
                "year paid."
            ),
            (_("Year"), _("Awarded"), _("Paid")),
            restitution,
            kind="stacked",
        ),
    )


def charts_year_on_year(user, f: Filters, today: date) -> Series:
    """Cases by month of report, this year against last year (the area filter applies, the
    period does not): twelve rows, January first, labelled "Jan" ... "Des" in the active
    language: 1 query."""
    qs = _cases(user, f, period=False).filter(
        reported_on__gte=date(today.year - 1, 1, 1), reported_on__lte=today
    )
    grouped = dict(
        qs.annotate(m=TruncMonth("reported_on"))
        .values("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    rows = [
        (
            date_format(date(today.year, m, 1), "M"),
            grouped.get(date(today.year - 1, m, 1), 0),
            grouped.get(date(today.year, m, 1), 0),
        )
        for m in range(1, 13)
    ]
    return Series(
        "year_on_year",
        _("This year against last year"),
        _("Counting rule: cases by month of report; the goal is zero."),
        (_("Month"), str(today.year - 1), str(today.year)),
        rows,
        kind="line",
    )


def charts_modus_facts(user, f: Filters) -> tuple[Series, Series, Series, Series]:
    """Cases by the structured modus facts (issue 13 §4): visa type, passport holder,
    destination of placement (cases with modus facts, by the case's destination country) and
    recruiter licensed or not (P3MI registry match at saving): 4 GROUP BY queries over the
    dashboard's one scope (``_cases``). Cases without facts are not counted here."""
    from sigap.cases.choices import PassportHolder, VisaType
    from sigap.cases.models import CaseModusFacts

    facts = CaseModusFacts.objects.filter(
        case__in=_cases(user, f, part="full").values("pk")
    ).order_by()

    def grouped(field: str, labels: dict) -> list[tuple[str, int]]:
        return [
            (str(labels.get(code) or _("Not recorded")), n)
            for code, n in facts.values(field).annotate(n=Count("id")).values_list(field, "n")
        ]

    dest = [
        (str(countries.name(code) or code) if code else _("Not recorded"), n)
        for code, n in facts.values("case__destination_country")
        .annotate(n=Count("id"))
        .values_list("case__destination_country", "n")
    ]
    licensed_label = {True: _("Licensed P3MI"), False: _("Not in the P3MI registry")}
    recruiters = [
        (str(licensed_label.get(value) or _("No recruiter recorded")), n)
        for value, n in facts.values("recruiter_licensed")
        .annotate(n=Count("id"))
        .values_list("recruiter_licensed", "n")
    ]
    return (
        Series(
            "visa",
            _("Cases by visa type"),
            _("Counting rule: cases with modus facts, by the visa the victims travelled on."),
            (_("Visa type"), _("Cases")),
            _ranked(grouped("visa_type", dict(VisaType.choices)), _("Other")),
        ),
        Series(
            "passport",
            _("Cases by passport holder"),
            _("Counting rule: cases with modus facts, by who held the passport."),
            (_("Passport held by"), _("Cases")),
            _ranked(grouped("passport_holder", dict(PassportHolder.choices)), _("Other")),
        ),
        Series(
            "placement",
            _("Cases by destination of placement"),
            _("Counting rule: cases with modus facts, by destination country."),
            (_("Destination"), _("Cases")),
            _ranked(dest, _("Other")),
        ),
        Series(
            "recruiter",
            _("Cases by recruiter licence"),
            _(
                "Counting rule: cases with modus facts, by whether the recruiter matched the "
                "registry of licensed placement companies (P3MI) when saved."
            ),
            (_("Recruiter"), _("Cases")),
            _ranked(recruiters, _("Other")),
        ),
    )


def dashboard_charts(*, user, filters: Filters, today: date | None = None) -> list[Series]:
    """Every chart of the dashboard for ``user`` under ``filters``, in display order. About
    20 GROUP BY queries; city-wide results are cached per filters and language
    (:data:`CACHE_SECONDS`), personal scopes never."""
    from django.utils.translation import get_language

    today = today or local_today()
    city_wide = sees_city_wide(user)
    key = f"reports:charts:{filters.key}:{today:%Y%m%d}:{get_language()}"
    if city_wide:
        cached = cache.get(key)
        if cached is not None:
            return cached
    charts = [
        charts_over_time(user, filters),
        *charts_by_area(user, filters),
        charts_by_origin(user, filters),
        *charts_by_kind(user, filters),
        *charts_modus_facts(user, filters),
        *charts_victims(user, filters),
        *charts_times(user, filters, today),
        charts_overdue(user, filters, today),
        *charts_justice(user, filters),
        charts_year_on_year(user, filters, today),
    ]
    if city_wide:
        cache.set(key, charts, CACHE_SECONDS)
    return charts
