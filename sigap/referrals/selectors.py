"""Reads of referrals. Every query starts from ``Referral.objects.visible_to(user)`` (STYLE B3)."""

from __future__ import annotations

from django.db.models import Case as CaseExpr
from django.db.models import IntegerField, QuerySet, Value, When
from django.http import Http404

from sigap.cases.access import (
    CASE_TEAM_ROLES,
    is_handling_team,
    is_protected_child,
    membership_of,
)
from sigap.referrals.choices import OPEN_STATUSES
from sigap.referrals.models import Referral

RELATED = (
    "case",
    "victim",
    "victim__person",
    "from_agency",
    "to_agency",
    "service",
)

INBOX_RECEIVED = "received"
INBOX_SENT = "sent"


def referral_get(*, user, public_id) -> Referral:
    """The visible referral with ``public_id`` (case, victim, agencies, service selected).

    Raises Http404 when it does not exist or is outside the user's scope (never 403).
    """
    referral = (
        Referral.objects.visible_to(user)
        .select_related(*RELATED, "sent_by", "responded_by")
        .prefetch_related("deliveries")
        .filter(public_id=public_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def referral_inbox(*, user, box: str = INBOX_RECEIVED, status: str = "") -> QuerySet[Referral]:
    """Referrals received by (``box="received"``) or sent by (``"sent"``) the user's agency.

    Received ones list open referrals first, then newest first. Related rows are selected, so
    a page costs a bounded number of queries whatever its size.
    """
    membership = membership_of(user)
    qs = Referral.objects.visible_to(user)
    if membership is None:
        return qs.none()
    if box == INBOX_SENT:
        qs = qs.filter(from_agency=membership.agency)
    else:
        qs = qs.filter(to_agency=membership.agency)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related(*RELATED).annotate(
        open_rank=CaseExpr(
            When(status__in=OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    if box == INBOX_SENT:
        return qs.order_by("-sent_at", "-id")
    return qs.order_by("open_rank", "-sent_at", "-id")


def referral_victim_visible(*, user, referral: Referral) -> bool:
    """Whether ``user`` may see the name of the referral's victim.

    The receiving agency sees it while the referral is open (sent, accepted, in progress); the
    case team of the sending or handling agency always does. Nobody else does. A child's (or
    a victim of unknown age's) identity only the handling agency's case team sees
    (``sigap.cases.access.identity_visible``); no query beyond the user's membership.
    """
    membership = membership_of(user)
    if membership is None:
        return False
    if is_protected_child(referral.victim):
        return is_handling_team(user, referral.case)
    if membership.role in CASE_TEAM_ROLES and membership.agency_id in (
        referral.from_agency_id,
        referral.case.handling_agency_id,
    ):
        return True
    return membership.agency_id == referral.to_agency_id and referral.status in OPEN_STATUSES
