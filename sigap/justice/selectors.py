"""Reads of the justice process. Every query starts from ``Case.objects.visible_to(user)`` and
then applies :mod:`sigap.justice.access` (STYLE B2/B3); out of scope is 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.access import identity_mask, identity_visible, is_handling_team
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Case, Participant
from sigap.justice.access import JusticeView, justice_scope_q, justice_view_for
from sigap.justice.choices import VerdictOutcome
from sigap.justice.models import (
    Charge,
    PoliceReport,
    RestitutionOrder,
    StageEvent,
    Verdict,
)
from sigap.referrals.choices import ReferralStatus
from sigap.referrals.models import Referral


def justice_case_get(*, user, case_id) -> tuple[Case, JusticeView]:
    """The visible case ``case_id`` whose justice process ``user`` may read, with the user's
    capabilities on it; Http404 otherwise (out of scope reads like non-existent)."""
    case = (
        Case.objects.visible_to(user)
        .select_related("handling_agency")
        .filter(public_id=case_id)
        .first()
    )
    if case is None:
        raise Http404
    view = justice_view_for(user, case)
    if not view.read:
        raise Http404
    return case, view


def justice_case_list(*, user) -> QuerySet[Case]:
    """Cases whose justice process has started and ``user`` may read, newest first, annotated
    with ``current_stage`` and ``current_stage_on``; a fixed number of queries."""
    q = justice_scope_q(user)
    if q is None:
        return Case.objects.none()
    latest = StageEvent.objects.filter(case=OuterRef("pk")).order_by("-id")
    return (
        Case.objects.visible_to(user)
        .filter(q)
        .filter(Exists(StageEvent.objects.filter(case=OuterRef("pk"))))
        .annotate(
            current_stage=Subquery(latest.values("stage")[:1]),
            current_stage_on=Subquery(latest.values("occurred_on")[:1]),
        )
        .select_related("handling_agency")
        .order_by("-reported_on", "-id")
    )


def _orders_qs():
    return RestitutionOrder.objects.select_related(
        "verdict", "verdict__participant", "victim", "victim__person"
    ).annotate(paid_total=Coalesce(Sum("payments__amount_rupiah"), Value(0)))


def restitution_orders_for_case(*, user, case: Case) -> QuerySet[RestitutionOrder]:
    """Restitution orders of ``case`` (all verdicts), with ``paid_total`` annotated and
    ``due_on`` / ``status`` / ``is_overdue`` as properties; empty for a user who may not read
    the case's justice process (e.g. service providers). For the victims' rights tracker."""
    if not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        return RestitutionOrder.objects.none()
    if not justice_view_for(user, case).read:
        return RestitutionOrder.objects.none()
    return (
        _orders_qs()
        .filter(verdict__participant__case=case)
        .prefetch_related("payments")
        .order_by("verdict__decided_on", "id")
    )


@dataclass
class SuspectRow:
    participant: Participant
    label: str  # "Defendant 1"
    name: str  # the name, or a mask
    also_victim: bool
    roles: list
    charges: list
    verdicts: list


@dataclass
class JusticeRecord:
    case: Case
    view: JusticeView
    police_reports: list
    stages: list
    current: StageEvent | None
    suspects: list[SuspectRow]
    orders: list
    victims: list = field(default_factory=list)  # (victim Participant, name or mask)


def _suspects_qs(case: Case):
    orders = _orders_qs().prefetch_related("payments").order_by("id")
    verdicts = Verdict.objects.order_by("decided_on", "id").prefetch_related(
        Prefetch("restitution_orders", queryset=orders)
    )
    return (
        case.participants.filter(role=ParticipantRole.SUSPECT)
        .select_related("person")
        .prefetch_related(
            "suspect_roles",
            Prefetch("charges", queryset=Charge.objects.select_related("article")),
            Prefetch("verdicts", queryset=verdicts),
        )
        .order_by("id")
    )


def _suspect_name(user, case, suspect, victim_of_person) -> str:
    """A suspect's name for a justice reader: masked when the person is also a victim whose
    identity the user may not see, or a child suspect (handling case team only)."""
    victim = victim_of_person.get(suspect.person_id)
    if victim is not None:
        return victim.person.full_name if identity_visible(user, victim) else identity_mask(victim)
    if suspect.is_child and not is_handling_team(user, case):
        return identity_mask(suspect)
    return suspect.person.full_name


def justice_record(*, user, case: Case) -> JusticeRecord:
    """Everything on the justice page of ``case``; Http404 when ``user`` may not read it.

    Query count does not grow with the number of suspects, verdicts or payments."""
    view = justice_view_for(user, case)
    if not view.read:
        raise Http404
    victims = list(
        case.participants.filter(role=ParticipantRole.VICTIM)
        .select_related("person", "case")
        .order_by("id")
    )
    victim_of_person = {v.person_id: v for v in victims}
    victim_names = [
        (v, v.person.full_name if identity_visible(user, v) else identity_mask(v)) for v in victims
    ]
    suspects, orders = [], []
    for n, p in enumerate(_suspects_qs(case), start=1):
        p.case = case
        verdicts = list(p.verdicts.all())
        for verdict in verdicts:
            orders.extend(verdict.restitution_orders.all())
        suspects.append(
            SuspectRow(
                participant=p,
                label=_("Defendant %(n)s") % {"n": n},
                name=_suspect_name(user, case, p, victim_of_person),
                also_victim=p.person_id in victim_of_person,
                roles=list(p.suspect_roles.all()),
                charges=[c.article for c in p.charges.all()],
                verdicts=verdicts,
            )
        )
    stages = list(StageEvent.objects.filter(case=case).order_by("id"))
    return JusticeRecord(
        case=case,
        view=view,
        police_reports=list(PoliceReport.objects.filter(case=case)),
        stages=stages,
        current=stages[-1] if stages else None,
        suspects=suspects,
        orders=orders,
        victims=victim_names,
    )


# --- The victim's printable progress summary (UU 21/2007 Pasal 36) ---------------------------


@dataclass
class DefendantSummary:
    label: str
    charges: list  # Article
    verdicts: list  # Verdict (court, date, outcome, sentence; no names)


@dataclass
class RestitutionSummary:
    defendant: str
    amount: int
    paid: int
    outstanding: int
    status: str
    status_label: str
    due_on: date | None


@dataclass
class ServiceSummary:
    service: str
    agency: str
    status: str
    sent_on: date
    completed_on: date | None
    delivered_on: list


@dataclass
class VictimSummary:
    case_number: str
    victim: Participant
    victim_name: str
    stages: list  # (stage label, date)
    current_stage: str
    police_reports: list
    defendants: list[DefendantSummary]
    restitution: list[RestitutionSummary]
    services: list[ServiceSummary]
    convicted: bool = False


def victim_summary(*, user, case: Case, victim_id) -> VictimSummary:
    """What one victim may be told about the progress of their case (Pasal 36), and nothing
    else: no other victim's data and no suspect's name (defendants are numbered). A suspect
    who is the victim themself (non-punishment, issue 4 §6) is left out. Http404 when the user
    may not read the process or the victim is not in the case."""
    from sigap.justice.choices import RestitutionStatus

    record = justice_record(user=user, case=case)
    victim = (
        case.participants.filter(public_id=victim_id, role=ParticipantRole.VICTIM)
        .select_related("person", "case")
        .first()
    )
    if victim is None:
        raise Http404
    defendants, restitution = [], []
    n = 0
    for row in record.suspects:
        if row.participant.person_id == victim.person_id:
            continue
        n += 1
        label = _("Defendant %(n)s") % {"n": n}
        defendants.append(DefendantSummary(label, row.charges, row.verdicts))
        for verdict in row.verdicts:
            for order in verdict.restitution_orders.all():
                if order.victim_id != victim.pk:
                    continue
                restitution.append(
                    RestitutionSummary(
                        defendant=label,
                        amount=order.amount_rupiah,
                        paid=order.paid_rupiah,
                        outstanding=order.outstanding_rupiah,
                        status=order.status,
                        status_label=RestitutionStatus(order.status).label,
                        due_on=order.due_on,
                    )
                )
    referrals = (
        Referral.objects.visible_to(user)
        .filter(case=case, victim=victim)
        .exclude(status__in=[ReferralStatus.DECLINED, ReferralStatus.REVOKED])
        .select_related("service", "to_agency")
        .prefetch_related("deliveries")
        .order_by("sent_at", "id")
    )
    services = [
        ServiceSummary(
            service=str(r.service),
            agency=str(r.to_agency),
            status=r.get_status_display(),
            sent_on=timezone.localtime(r.sent_at).date(),
            completed_on=timezone.localtime(r.completed_at).date() if r.completed_at else None,
            delivered_on=sorted(d.delivered_on for d in r.deliveries.all()),
        )
        for r in referrals
    ]
    return VictimSummary(
        case_number=case.number,
        victim=victim,
        victim_name=(
            victim.person.full_name if identity_visible(user, victim) else identity_mask(victim)
        ),
        stages=[(s.get_stage_display(), s.occurred_on) for s in record.stages],
        current_stage=record.current.get_stage_display() if record.current else "",
        police_reports=record.police_reports,
        defendants=defendants,
        restitution=restitution,
        services=services,
        convicted=any(
            v.outcome == VerdictOutcome.CONVICTED for d in defendants for v in d.verdicts
        ),
    )
