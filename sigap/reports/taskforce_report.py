"""The task-force report upward (Laporan Gugus Tugas, issue 11 §4): aggregate numbers for a
year or a quarter from cases, referrals, justice, rights and prevention, with small counts
suppressed. This module is the *selector*: it returns a data structure
(:class:`TaskforceReport`); ``taskforce_render`` turns it into PDF or XLSX.

Every number carries its period, its source (the SIGAP module and records it counts) and its
counting rule. Every count goes through ``sigap.analytics.disclosure.suppress_table``: counts
from 1 to 4 are never shown, and where a total is shown next to its parts, a second part is
hidden too so the total cannot give a hidden count away (complementary suppression). A Rupiah
amount is shown only when at least :data:`DEFAULT_THRESHOLD` records make it up.

Scope: the task force's whole area (city-wide aggregates, as on the dashboard for roles with
``cases.view_aggregates``); :func:`taskforce_report_build` refuses a user without them.

Adding a section (e.g. coordination: meetings and action items from ``sigap.taskforce``):
write a function ``(period: Period, threshold: int) -> Section`` and pass it to
:func:`register_section`; the renderers draw any section made of figures and tables, so
nothing else changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sigap.analytics.disclosure import (
    AGE_BANDS,
    DEFAULT_THRESHOLD,
    SuppressedTable,
    age_band,
    suppress_counts,
    suppress_table,
)
from sigap.cases.choices import CaseStatus, ParticipantRole, Sex
from sigap.cases.models import Case, Participant
from sigap.justice.choices import VerdictOutcome
from sigap.justice.models import PoliceReport, RestitutionOrder, RestitutionPayment, Verdict
from sigap.prevention.models import CommunityReport, ReportStatus
from sigap.referrals.choices import OPEN_STATUSES
from sigap.referrals.models import Referral
from sigap.reports.selectors import sees_city_wide
from sigap.rights.choices import LpskDecision
from sigap.rights.models import LpskProtection

WIB = ZoneInfo("Asia/Jakarta")
SERVICE_DAYS = 7  # UU 21/2007 Pasal 52: services within 7 days of the request
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
Text = str | Promise


@dataclass(frozen=True)
class Period:
    """A calendar year, or one quarter of it, in the Asia/Jakarta calendar; ``end`` is the
    last day (inclusive)."""

    year: int
    quarter: int | None = None

    def __post_init__(self):
        if not 2007 <= self.year <= 2100:
            raise ValueError("year out of range")
        if self.quarter is not None and self.quarter not in ROMAN:
            raise ValueError("quarter must be 1 to 4")

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def start_at(self) -> datetime:
        """The first instant of the period (00:00 WIB on ``start``)."""
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=WIB)

    @property
    def end_before(self) -> datetime:
        """The first instant after the period (00:00 WIB the day after ``end``)."""
        after = self.end + timedelta(days=1)
        return datetime(after.year, after.month, after.day, tzinfo=WIB)

    @property
    def label(self) -> str:
        """e.g. "Triwulan III 2026 (2026-07-01 s.d. 2026-09-30)" in the active language."""
        span = f"{self.start.isoformat()} – {self.end.isoformat()}"
        if self.quarter is None:
            return str(_("Year %(year)s (%(span)s)") % {"year": self.year, "span": span})
        return str(
            _("Quarter %(q)s %(year)s (%(span)s)")
            % {"q": ROMAN[self.quarter], "year": self.year, "span": span}
        )


@dataclass(frozen=True)
class Figure:
    """One published number. ``value`` is None when suppressed; ``unit`` is "count" or
    "rupiah"."""

    key: str
    label: Text
    value: int | None
    source: Text
    rule: Text
    unit: str = "count"


@dataclass(frozen=True)
class Table:
    """A breakdown: ``data`` is the suppressed table (cells, totals); a one-way breakdown has
    one row (``row_labels`` empty) and its total as ``data.row_totals[0]``."""

    key: str
    title: Text
    row_labels: tuple[Text, ...]
    col_labels: tuple[Text, ...]
    data: SuppressedTable
    source: Text
    rule: Text


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class TaskforceReport:
    """The whole report: the period, when it was made, the suppression threshold and the
    sections in order."""

    period: Period
    generated_at: datetime
    threshold: int
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> Table:
        return next(t for s in self.sections for t in s.tables if t.key == key)

    def figure(self, key: str) -> Figure:
        return next(f for s in self.sections for f in s.figures if f.key == key)

    def counts(self) -> list[int | None]:
        """Every count the report publishes (None for hidden ones); amounts left out."""
        values: list[int | None] = []
        for s in self.sections:
            values += [f.value for f in s.figures if f.unit == "count"]
            for t in s.tables:
                values += [v for row in t.data.cells for v in row]
                values += list(t.data.row_totals or ()) + list(t.data.col_totals or ())
                if t.data.has_grand_total:
                    values.append(t.data.grand_total)
        return values


SectionBuilder = Callable[[Period, int], Section]
SECTIONS: list[SectionBuilder] = []


def register_section(builder: SectionBuilder) -> SectionBuilder:
    """Add a section builder at the end of the report (usable as a decorator)."""
    if builder not in SECTIONS:
        SECTIONS.append(builder)
    return builder


def _breakdown(key, title, labels, counts, *, source, rule, threshold) -> Table:
    return Table(
        key=key,
        title=title,
        row_labels=(),
        col_labels=tuple(labels),
        data=suppress_counts(counts, threshold=threshold),
        source=source,
        rule=rule,
    )


def _count(key, label, value, *, source, rule, threshold) -> Figure:
    shown = suppress_counts([value], total=False, threshold=threshold).cells[0][0]
    return Figure(key=key, label=label, value=shown, source=source, rule=rule)


def _amount(key, label, amount, records, *, source, rule, threshold) -> Figure:
    shown = int(amount or 0) if records == 0 or records >= threshold else None
    return Figure(key=key, label=label, value=shown, source=source, rule=rule, unit="rupiah")


# ---------------------------------------------------------------------------------------------
# Sections


@register_section
def cases_section(period: Period, threshold: int) -> Section:
    """Cases reported in the period by current status, and their victims by age band × sex."""
    cases = Case.objects.filter(reported_on__gte=period.start, reported_on__lte=period.end)
    by_status = dict(
        cases.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    statuses = [CaseStatus.REPORTED, CaseStatus.OPEN, CaseStatus.CLOSED]
    source = _("SIGAP, Cases module (case records)")
    status_table = _breakdown(
        "cases_by_status",
        _("Cases reported in the period, by status today"),
        [s.label for s in statuses],
        [by_status.get(s, 0) for s in statuses],
        source=source,
        rule=_(
            "Cases whose report date falls in the period, each counted once under its status "
            "on the day this report was made; the total is all cases reported in the period."
        ),
        threshold=threshold,
    )
    bands = [label for label, _low, _high in AGE_BANDS] + ["unknown"]
    sexes = [Sex.FEMALE, Sex.MALE, ""]
    grid = Counter()
    victims = Participant.objects.filter(
        role=ParticipantRole.VICTIM, case__in=cases.values("pk")
    ).values_list("age_at_exploitation", "person__estimated_age", "person__sex")
    for age, estimated, sex in victims.order_by().iterator(chunk_size=2000):
        grid[(age_band(age if age is not None else estimated), sex or "")] += 1
    victim_table = Table(
        key="victims_by_age_sex",
        title=_("Victims in cases reported in the period, by age band and sex"),
        row_labels=tuple(_("unknown") if b == "unknown" else b for b in bands),
        col_labels=(Sex.FEMALE.label, Sex.MALE.label, _("Sex not recorded")),
        data=suppress_table([[grid[(b, s)] for s in sexes] for b in bands], threshold=threshold),
        source=source,
        rule=_(
            "People recorded as victims in cases reported in the period, one count per victim "
            "per case; age at exploitation (else the estimated age) in the SIMFONI-PPA age "
            "bands."
        ),
    )
    return Section("cases", _("Cases and victims"), tables=(status_table, victim_table))


@register_section
def referrals_section(period: Period, threshold: int) -> Section:
    """Referrals sent in the period by whether the service came within 7 days."""
    rows = (
        Referral.objects.filter(sent_at__gte=period.start_at, sent_at__lt=period.end_before)
        .order_by()
        .annotate(first_service=Min("deliveries__delivered_on"))
        .values_list("sent_at", "status", "first_service")
    )
    within = late = waiting = ended = 0
    for sent_at, status, first in rows.iterator(chunk_size=2000):
        if first is not None:
            sent_on = timezone.localtime(sent_at, WIB).date()
            if first <= sent_on + timedelta(days=SERVICE_DAYS):
                within += 1
            else:
                late += 1
        elif status in OPEN_STATUSES:
            waiting += 1
        else:
            ended += 1
    table = _breakdown(
        "referrals_by_service",
        _("Referrals sent in the period, by when the service was delivered"),
        [
            _("Served within 7 days"),
            _("Served after 7 days"),
            _("Not served yet (referral open)"),
            _("Not served (declined, revoked or closed)"),
        ],
        [within, late, waiting, ended],
        source=_("SIGAP, Referrals module (referrals and services delivered)"),
        rule=_(
            "Referrals sent in the period (date sent in WIB). Served within 7 days: the first "
            "service delivered is dated no later than 7 calendar days after the day the "
            "referral was sent (UU 21/2007 Pasal 52); status as on the day this report was "
            "made."
        ),
        threshold=threshold,
    )
    return Section("referrals", _("Referrals and services"), tables=(table,))


@register_section
def justice_section(period: Period, threshold: int) -> Section:
    """Police reports made and verdicts given in the period."""
    source = _("SIGAP, Justice module (police reports and verdicts)")
    reports = PoliceReport.objects.filter(
        reported_on__gte=period.start, reported_on__lte=period.end
    ).count()
    verdicts = dict(
        Verdict.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
        .order_by()
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    outcomes = list(VerdictOutcome)
    return Section(
        "justice",
        _("Law enforcement"),
        figures=(
            _count(
                "police_reports",
                _("Police reports made"),
                reports,
                source=source,
                rule=_("Police reports (laporan polisi) on TPPO cases dated in the period."),
                threshold=threshold,
            ),
        ),
        tables=(
            _breakdown(
                "verdicts_by_outcome",
                _("Court verdicts in the period, by outcome"),
                [o.label for o in outcomes],
                [verdicts.get(o, 0) for o in outcomes],
                source=source,
                rule=_(
                    "Verdicts dated in the period, one per suspect per court level (first "
                    "instance, appeal, cassation)."
                ),
                threshold=threshold,
            ),
        ),
    )


@register_section
def rights_section(period: Period, threshold: int) -> Section:
    """Restitution awarded and paid, and LPSK protection decisions, in the period."""
    source = _("SIGAP, Justice and Victims' rights modules (restitution, LPSK protection)")
    orders = (
        RestitutionOrder.objects.filter(
            verdict__decided_on__gte=period.start, verdict__decided_on__lte=period.end
        )
        .order_by()
        .annotate(paid=Sum("payments__amount_rupiah"))
        .values_list("amount_rupiah", "paid")
    )
    full = partly = unpaid = awarded_amount = 0
    for amount, paid in orders:
        awarded_amount += amount
        paid = paid or 0
        if paid >= amount:
            full += 1
        elif paid:
            partly += 1
        else:
            unpaid += 1
    awarded_n = full + partly + unpaid
    payments = RestitutionPayment.objects.filter(
        paid_on__gte=period.start, paid_on__lte=period.end
    ).aggregate(n=Count("id"), total=Sum("amount_rupiah"))
    lpsk = dict(
        LpskProtection.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
        .order_by()
        .values("decision")
        .annotate(n=Count("id"))
        .values_list("decision", "n")
    )
    decisions = list(LpskDecision)
    amount_rule = format_lazy(
        _("Shown only when at least {n} records make up the amount (whole Rupiah)."), n=threshold
    )
    return Section(
        "rights",
        _("Victims' rights: restitution and protection"),
        figures=(
            _amount(
                "restitution_awarded_rupiah",
                _("Restitution awarded (Rupiah)"),
                awarded_amount,
                awarded_n,
                source=source,
                rule=format_lazy(
                    "{} {}",
                    _("Sum of restitution ordered by verdicts dated in the period."),
                    amount_rule,
                ),
                threshold=threshold,
            ),
            _amount(
                "restitution_paid_rupiah",
                _("Restitution paid (Rupiah)"),
                payments["total"],
                payments["n"],
                source=source,
                rule=format_lazy(
                    "{} {}", _("Sum of restitution payments dated in the period."), amount_rule
                ),
                threshold=threshold,
            ),
            _count(
                "restitution_payments",
                _("Restitution payments received"),
                payments["n"],
                source=source,
                rule=_("Payments of restitution dated in the period."),
                threshold=threshold,
            ),
        ),
        tables=(
            _breakdown(
                "restitution_orders_by_payment",
                _("Restitution orders of verdicts in the period, by payment today"),
                [_("Paid in full"), _("Partly paid"), _("Not paid")],
                [full, partly, unpaid],
                source=source,
                rule=_(
                    "Restitution orders (one per victim per verdict) of verdicts dated in the "
                    "period, by the payments recorded up to the day this report was made."
                ),
                threshold=threshold,
            ),
            _breakdown(
                "lpsk_decisions",
                _("LPSK protection decisions in the period"),
                [d.label for d in decisions],
                [lpsk.get(d, 0) for d in decisions],
                source=source,
                rule=_(
                    "Decisions of LPSK on victims' applications for protection dated in the "
                    "period, one per victim."
                ),
                threshold=threshold,
            ),
        ),
    )


@register_section
def prevention_section(period: Period, threshold: int) -> Section:
    """Community reports received in the period, by triage state today."""
    by_status = dict(
        CommunityReport.objects.filter(
            created_at__gte=period.start_at, created_at__lt=period.end_before
        )
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    states = [
        ReportStatus.RECEIVED,
        ReportStatus.IN_REVIEW,
        ReportStatus.FORWARDED,
        ReportStatus.CONVERTED,
        ReportStatus.CLOSED,
    ]
    labels = [
        _("Not triaged yet"),
        _("Triaged: under review"),
        _("Triaged: forwarded to the police"),
        _("Triaged: handled as a case"),
        _("Triaged: closed"),
    ]
    table = _breakdown(
        "community_reports_by_triage",
        _("Community reports received in the period, by triage"),
        labels,
        [by_status.get(s, 0) for s in states],
        source=_("SIGAP, Prevention module (community reports)"),
        rule=_(
            "Reports from the public, hotline, kelurahan and schools received in the period "
            "(WIB), by their status on the day this report was made; every status but "
            "'received' counts as triaged."
        ),
        threshold=threshold,
    )
    return Section("prevention", _("Prevention: community reports"), tables=(table,))


def taskforce_report_build(
    *,
    year: int,
    quarter: int | None = None,
    user=None,
    threshold: int = DEFAULT_THRESHOLD,
    now: datetime | None = None,
) -> TaskforceReport:
    """The task-force report for ``year`` (or its ``quarter``, 1–4): every registered section
    (:data:`SECTIONS`) in order. ``user`` None means the system (management command, task);
    a user must get city-wide aggregates (``cases.view_aggregates`` with a membership), else
    PermissionDenied. ValueError for a year or quarter out of range. A handful of aggregate
    queries per section; no personal data leaves the database."""
    if user is not None and not sees_city_wide(user):
        raise PermissionDenied
    period = Period(year, quarter)
    return TaskforceReport(
        period=period,
        generated_at=now or timezone.now(),
        threshold=threshold,
        sections=tuple(builder(period, threshold) for builder in SECTIONS),
    )
