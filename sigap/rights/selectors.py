"""Reads of the victims' rights tracker. Every query starts from ``Case.objects.visible_to``
(STYLE B3) and then applies :mod:`sigap.rights.access`; out of scope is 404.

Statuses are *derived* where SIGAP holds the data, and then shown with their source:

- health / social rehabilitation, repatriation, social reintegration, legal aid: the
  victim's referrals for the service of the same code (completed → fulfilled; accepted or in
  progress → in progress; sent → requested; declined or revoked referrals count for nothing);
  repatriation also from the repatriation record;
- restitution: the justice app's restitution orders (paid in full → fulfilled; awarded →
  in progress), else the claim (claimed → requested; assessed or in the indictment → in
  progress);
- protection: the LPSK decision (granted → fulfilled; refused → refused; applied →
  requested).

Confidential identity and information on the case's progress are always typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.access import CASE_TEAM_ROLES, identity_mask, identity_visible, membership_of
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Case, Participant
from sigap.justice import rules as justice_rules
from sigap.justice.choices import RestitutionStatus
from sigap.justice.models import RestitutionOrder
from sigap.justice.selectors import restitution_orders_for_case
from sigap.referrals.choices import ReferralStatus
from sigap.referrals.models import Referral
from sigap.rights.access import RightsView, referred_victim_ids, rights_view_for
from sigap.rights.choices import (
    RIGHT_BASIS,
    SERVICE_RIGHTS,
    LpskDecision,
    RepatriationStatus,
    RightCode,
    RightStatus,
)
from sigap.rights.models import LpskProtection, Repatriation, RestitutionClaim, RightRecord

RANK = {
    RightStatus.REQUESTED: 1,
    RightStatus.IN_PROGRESS: 2,
    RightStatus.FULFILLED: 3,
}
REFERRAL_STATUS_TO_RIGHT = {
    ReferralStatus.SENT: RightStatus.REQUESTED,
    ReferralStatus.ACCEPTED: RightStatus.IN_PROGRESS,
    ReferralStatus.IN_PROGRESS: RightStatus.IN_PROGRESS,
    ReferralStatus.COMPLETED: RightStatus.FULFILLED,
}
REPATRIATION_TO_RIGHT = {
    RepatriationStatus.PLANNED: RightStatus.REQUESTED,
    RepatriationStatus.IN_PROGRESS: RightStatus.IN_PROGRESS,
    RepatriationStatus.COMPLETED: RightStatus.FULFILLED,
}


@dataclass
class Derived:
    """A status SIGAP knows from other data, and where it comes from."""

    status: str
    source: str
    on: date | None = None
    referral: Referral | None = None

    @property
    def status_label(self) -> str:
        return RightStatus(self.status).label


@dataclass
class RightRow:
    code: str
    label: str
    basis: str
    record: RightRecord | None
    derived: Derived | None

    @property
    def status(self) -> str:
        if self.derived is not None:
            return self.derived.status
        return self.record.status if self.record else ""

    @property
    def status_label(self) -> str:
        return RightStatus(self.status).label if self.status else ""

    @property
    def editable(self) -> bool:
        return self.derived is None

    @property
    def version(self) -> int:
        return self.record.version if self.record else 0


@dataclass
class RestitutionState:
    claim: RestitutionClaim | None
    orders: list = field(default_factory=list)  # justice RestitutionOrder, paid_total annotated

    @property
    def awarded(self) -> int:
        return sum(o.amount_rupiah for o in self.orders)

    @property
    def paid(self) -> int:
        return sum(o.paid_rupiah for o in self.orders)

    @property
    def outstanding(self) -> int:
        return sum(o.outstanding_rupiah for o in self.orders)

    @property
    def overdue_orders(self) -> list:
        return [o for o in self.orders if o.is_overdue]

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_orders)


@dataclass
class VictimRights:
    victim: Participant
    name: str
    show_identity: bool
    rights: list[RightRow] = field(default_factory=list)
    repatriation: Repatriation | None = None
    restitution: RestitutionState | None = None
    protection: LpskProtection | None = None
    referrals: list = field(default_factory=list)  # this victim's referrals (full readers)
    # What the page offers for this victim: the case team everything (``RightsView.edit``);
    # Kejari and LPSK only for a victim referred to them (``rights_view_for(..., victim)``).
    edit_claim: bool = False
    edit_protection: bool = False


def _one(obj, name):
    """A reverse one-to-one loaded by select_related, or None when there is none."""
    try:
        return getattr(obj, name)
    except (
        Repatriation.DoesNotExist,
        RestitutionClaim.DoesNotExist,
        LpskProtection.DoesNotExist,
    ):
        return None


def _rank(status: str) -> int:
    return RANK.get(status, 0)


def _referral_label(referral: Referral) -> str:
    return _("Referral to %(agency)s: %(status)s") % {
        "agency": referral.to_agency,
        "status": referral.get_status_display(),
    }


def _from_referrals(referrals: list[Referral]) -> Derived | None:
    best = None
    for r in referrals:
        status = REFERRAL_STATUS_TO_RIGHT.get(r.status)
        if status is None or (best is not None and _rank(status) <= _rank(best.status)):
            continue
        deliveries = [d.delivered_on for d in r.deliveries.all()]
        on = max(deliveries) if deliveries else timezone.localdate(r.sent_at)
        best = Derived(status=status, source=_referral_label(r), on=on, referral=r)
    return best


def derive_rights(
    *,
    referrals: list[Referral],
    restitution: RestitutionState | None,
    protection: LpskProtection | None,
    repatriation: Repatriation | None,
) -> dict[str, Derived]:
    """The rights of one victim whose status follows from data SIGAP holds (see module doc).
    No query: everything comes in prefetched."""
    derived: dict[str, Derived] = {}
    for code in SERVICE_RIGHTS:
        found = _from_referrals([r for r in referrals if r.service.code == code])
        if found is not None:
            derived[code] = found
    if repatriation is not None and repatriation.status in REPATRIATION_TO_RIGHT:
        status = REPATRIATION_TO_RIGHT[repatriation.status]
        current = derived.get(RightCode.REPATRIATION)
        if current is None or _rank(status) > _rank(current.status):
            derived[RightCode.REPATRIATION] = Derived(
                status=status,
                source=_("Repatriation record: %(status)s")
                % {"status": repatriation.get_status_display()},
                on=repatriation.travel_on,
            )
    if restitution is not None and restitution.orders:
        paid_in_full = all(o.status == RestitutionStatus.PAID for o in restitution.orders)
        derived[RightCode.RESTITUTION] = Derived(
            status=RightStatus.FULFILLED if paid_in_full else RightStatus.IN_PROGRESS,
            source=_("Paid in full (justice process)")
            if paid_in_full
            else _("Awarded by the court, not paid in full (justice process)"),
            on=max(o.verdict.decided_on for o in restitution.orders),
        )
    elif restitution is not None and restitution.claim is not None:
        claim = restitution.claim
        if claim.amount_assessed is not None or claim.amount_in_indictment is not None:
            derived[RightCode.RESTITUTION] = Derived(
                status=RightStatus.IN_PROGRESS,
                source=_("Assessed by LPSK or in the indictment"),
                on=claim.assessed_on,
            )
        elif claim.amount_claimed is not None:
            derived[RightCode.RESTITUTION] = Derived(
                status=RightStatus.REQUESTED, source=_("Claimed"), on=claim.claimed_on
            )
    if protection is not None:
        status = {
            LpskDecision.GRANTED: RightStatus.FULFILLED,
            LpskDecision.REFUSED: RightStatus.REFUSED,
        }.get(protection.decision, RightStatus.REQUESTED)
        derived[RightCode.PROTECTION] = Derived(
            status=status,
            source=_("LPSK: %(decision)s")
            % {"decision": protection.get_decision_display() or _("applied, not yet decided")},
            on=protection.decided_on or protection.applied_on,
        )
    return derived


# --- One case ------------------------------------------------------------------------------


def rights_case_get(*, user, case_id) -> tuple[Case, RightsView]:
    """The visible case ``case_id`` whose rights ``user`` may read, with the user's
    capabilities; Http404 otherwise (out of scope reads like non-existent)."""
    case = (
        Case.objects.visible_to(user)
        .select_related("handling_agency")
        .filter(public_id=case_id)
        .first()
    )
    if case is None:
        raise Http404
    view = rights_view_for(user, case)
    if not view.read:
        raise Http404
    return case, view


def rights_victim_get(*, case: Case, victim_id) -> Participant:
    """A victim of ``case`` by public_id (Http404 for anyone else)."""
    victim = (
        case.participants.filter(public_id=victim_id, role=ParticipantRole.VICTIM)
        .select_related("person", "person__origin_area")
        .first()
    )
    if victim is None:
        raise Http404
    victim.case = case
    return victim


def _victims(case: Case, victim_id=None):
    qs = case.participants.filter(role=ParticipantRole.VICTIM).select_related(
        "person",
        "person__origin_area",
        "repatriation",
        "repatriation__destination_area",
        "restitution_claim",
        "lpsk_protection",
    )
    if victim_id is not None:
        qs = qs.filter(public_id=victim_id)
    return list(qs.order_by("id"))


def case_rights(*, user, case: Case, view: RightsView, victim_id=None) -> list[VictimRights]:
    """Every victim of ``case`` (or only ``victim_id``) with what ``view`` lets the user read.

    A fixed number of queries whatever the number of victims, referrals or orders (plus one
    per victim for police, whose right to see a name depends on that victim's referral).
    """
    if not view.read:
        raise Http404
    victims = _victims(case, victim_id)
    ids = [v.pk for v in victims]
    orders = list(restitution_orders_for_case(user=user, case=case)) if ids else []
    records: dict[int, dict[str, RightRecord]] = {}
    referrals: dict[int, list[Referral]] = {}
    if view.read_all and ids:
        for rec in RightRecord.objects.filter(participant_id__in=ids).select_related(
            "referral", "delivery"
        ):
            records.setdefault(rec.participant_id, {})[rec.right] = rec
        for ref in (
            Referral.objects.visible_to(user)
            .filter(case=case, victim_id__in=ids)
            .select_related("service", "to_agency")
            .prefetch_related("deliveries")
            .order_by("sent_at", "id")
        ):
            referrals.setdefault(ref.victim_id, []).append(ref)
    result = []
    referred = (
        referred_victim_ids(user, case)
        if not view.edit and (view.edit_claim or view.edit_protection)
        else set()
    )
    for v in victims:
        v.case = case
        shown = identity_visible(user, v)
        row = VictimRights(
            victim=v,
            name=v.person.full_name if shown else identity_mask(v),
            show_identity=shown,
            restitution=RestitutionState(
                claim=_one(v, "restitution_claim"),
                orders=[o for o in orders if o.victim_id == v.pk],
            ),
            protection=_one(v, "lpsk_protection"),
            edit_claim=view.edit_claim and (view.edit or v.pk in referred),
            edit_protection=view.edit_protection and (view.edit or v.pk in referred),
        )
        if view.read_all:
            row.repatriation = _one(v, "repatriation")
            row.referrals = referrals.get(v.pk, [])
            derived = derive_rights(
                referrals=row.referrals,
                restitution=row.restitution,
                protection=row.protection,
                repatriation=row.repatriation,
            )
            mine = records.get(v.pk, {})
            row.rights = [
                RightRow(
                    code=code,
                    label=label,
                    basis=RIGHT_BASIS[code],
                    record=mine.get(code),
                    derived=derived.get(code),
                )
                for code, label in RightCode.choices
            ]
        result.append(row)
    return result


def derived_right(*, user, case: Case, victim: Participant, right: str) -> Derived | None:
    """The derived status of one right of one victim (services use it to refuse editing)."""
    view = rights_view_for(user, case)
    if not view.read_all:
        return None
    rows = case_rights(user=user, case=case, view=view, victim_id=victim.public_id)
    for row in rows[0].rights if rows else []:
        if row.code == right:
            return row.derived
    return None


def victim_open_items(*, victim: Participant) -> tuple[list[Referral], list]:
    """The victim's open referrals and open tasks: what stays where it is when the victim
    moves to another area (shown on the confirmation page)."""
    from sigap.casework.choices import TaskStatus
    from sigap.casework.models import Task
    from sigap.referrals.choices import OPEN_STATUSES

    referrals = list(
        Referral.objects.filter(victim=victim, status__in=OPEN_STATUSES)
        .select_related("service", "to_agency")
        .order_by("id")
    )
    tasks = list(
        Task.objects.filter(participant=victim, status=TaskStatus.OPEN)
        .select_related("assignee_agency", "assignee_user")
        .order_by("id")
    )
    return referrals, tasks


# --- My work: overdue restitution ------------------------------------------------------------

OVERDUE_LIMIT = 100


def overdue_restitution(*, user, today: date | None = None) -> list[RestitutionOrder]:
    """Restitution orders of cases the user's agency handles that are unpaid after the
    justice app's due date (notice of the final verdict + 14 days, Asia/Jakarta): for the
    handling case team (case managers and supervisors who read the justice process).

    One query. The date filter only narrows the rows; whether an order is overdue is the
    justice app's rule (``justice.rules.restitution_status``).
    """
    membership = membership_of(user)
    if (
        membership is None
        or membership.role not in CASE_TEAM_ROLES
        or not user.has_perm("justice.view_justice")
    ):
        return []
    today = today or justice_rules.jakarta_today()
    cutoff = today - timedelta(days=justice_rules.RESTITUTION_PAYMENT_DAYS)
    cases = Case.objects.visible_to(user).filter(handling_agency=membership.agency)
    qs = (
        RestitutionOrder.objects.filter(
            verdict__participant__case__in=cases,
            verdict__final_notice_on__lt=cutoff,
        )
        .select_related("verdict", "verdict__participant__case")
        .annotate(paid_total=Coalesce(Sum("payments__amount_rupiah"), Value(0)))
        .filter(paid_total__lt=F("amount_rupiah"))
        .order_by("verdict__final_notice_on", "id")[:OVERDUE_LIMIT]
    )
    return [
        o
        for o in qs
        if justice_rules.restitution_status(
            amount=o.amount_rupiah,
            paid=o.paid_rupiah,
            notice_on=o.verdict.final_notice_on,
            today=today,
        )
        == RestitutionStatus.OVERDUE
    ]
