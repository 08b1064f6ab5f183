"""Reads of referrals. Every query starts from ``Referral.objects.visible_to(user)`` (STYLE B3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Case as CaseExpr
from django.db.models import IntegerField, QuerySet, Value, When
from django.http import Http404

from sigap.agencies.choices import Role
from sigap.cases.access import (
    identity_visible,
    membership_of,
)
from sigap.cases.models import Case
from sigap.referrals.choices import TransferStatus
from sigap.referrals.models import CaseTransfer, Referral

RELATED = (
    "case",
    "victim",
    "victim__person",
    "from_agency",
    "to_agency",
    "service",
)

# Inbox orders, served by ``referral_inbox_idx`` / ``referral_sent_idx``; keyset pages seek on
# them (sigap.core.pagination.keyset_page).
INBOX_RECEIVED_ORDER = ["open_rank", "-sent_at", "-id"]
INBOX_SENT_ORDER = ["-sent_at", "-id"]
INBOX_RECEIVED = "received"
INBOX_SENT = "sent"


def referral_get(*, user, public_id) -> Referral:
    """The visible referral with ``public_id`` (case, victim, agencies, service selected).

    Raises Http404 when it does not exist or is outside the user's scope (never 403). Who
    sent and who answered are read without their password hash.
    """
    referral = (
        Referral.objects.visible_to(user)
        .select_related(*RELATED, "sent_by", "responded_by")
        .defer("sent_by__password", "responded_by__password")  # issue 8: no hashes
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
    # ``open_rank`` is a stored column (0 open, 1 closed) so ``referral_inbox_idx`` /
    # ``referral_sent_idx`` serve these orders: a page reads its rows, not the agency's all.
    qs = qs.select_related(*RELATED)
    return qs.order_by(*inbox_order(box))


def inbox_order(box: str) -> list[str]:
    """The order of the inbox ``box`` (``"received"``: open first, then newest; ``"sent"``:
    newest first), ending with ``id`` so that it is unique (keyset pagination)."""
    return INBOX_SENT_ORDER if box == INBOX_SENT else INBOX_RECEIVED_ORDER


def referral_victim_visible(*, user, referral: Referral) -> bool:
    """Whether ``user`` may see the name of the referral's victim: exactly the one identity
    rule, ``sigap.cases.access.identity_visible`` (issue 7 finding 1: this used to check agency
    and open status without the role, so a case manager at the receiving agency saw names).

    In effect: the handling agency's case team; a service provider or police user while the
    victim's referral to their agency is open (adults only); a child's identity only the
    handling agency's case team.
    """
    if membership_of(user) is None:
        return False
    return identity_visible(user, referral.victim, referral=referral)


# --- Escalations (secretariat) -------------------------------------------------------------------


@dataclass
class Escalations:
    """Open referrals escalated to the secretariat: a city-wide count, and rows (case number,
    service, receiving agency, due date) only for cases the user may see."""

    count: int = 0
    rows: list = field(default_factory=list)


ESCALATION_ROWS = 50


def referral_escalations(*, user) -> Escalations:
    """For the secretariat only (others: empty). Two queries whatever the data."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.SECRETARIAT:
        return Escalations()
    escalated = Referral.objects.open().filter(escalated_at__isnull=False)
    rows = list(
        escalated.filter(case__in=Case.objects.visible_to(user))
        .select_related("case", "service", "to_agency")
        .order_by("due_on", "id")[:ESCALATION_ROWS]
    )
    return Escalations(count=escalated.count(), rows=rows)


# --- Case transfers ------------------------------------------------------------------------------


def transfer_list(*, user) -> QuerySet[CaseTransfer]:
    """Transfers requested by or addressed to the user's agency, for its case managers and
    supervisors (who request and accept them); everyone else: none. Pending first. Who asked
    and who answered are read without their password hash."""
    return (
        CaseTransfer.objects.visible_to(user)
        .select_related("case", "from_agency", "to_agency", "requested_by", "responded_by")
        .defer("requested_by__password", "responded_by__password")  # issue 8: no hashes
        .annotate(
            pending_rank=CaseExpr(
                When(status=TransferStatus.REQUESTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending_rank", "-requested_at", "-id")
    )


def transfer_get(*, user, public_id) -> CaseTransfer:
    """A transfer of the user's agency (either side); else Http404, never 403."""
    transfer = transfer_list(user=user).filter(public_id=public_id).first()
    if transfer is None:
        raise Http404
    return transfer


@dataclass
class HandoverItems:
    """What stays open on a case when it changes hands: listed, confirmed and audited."""

    referrals: list = field(default_factory=list)
    tasks: list = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return sorted(str(x.public_id) for x in [*self.referrals, *self.tasks])


def case_handover_items(*, case) -> HandoverItems:
    """Open referrals and open tasks of ``case`` (two queries; the tasks' assignees without
    their password hash). Callers check access."""
    Task = apps.get_model("casework", "Task")  # noqa: N806 - lazy: casework is rightward
    referrals = list(
        Referral.objects.open()
        .filter(case=case)
        .select_related("service", "to_agency")
        .order_by("due_on", "id")
    )
    tasks = list(
        Task.objects.open()
        .filter(case=case)
        .select_related("assignee_agency", "assignee_user")
        .defer("assignee_user__password")  # issue 8: no hashes
        .order_by("due_on", "id")
    )
    return HandoverItems(referrals=referrals, tasks=tasks)
