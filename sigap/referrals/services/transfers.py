"""Case transfer: the handling agency asks another agency to take the whole case over.

- :func:`transfer_request`: a case manager or supervisor of the handling agency of an open
  case; the receiving agency must be active and have a case manager or supervisor; a reason
  and a basis for sharing every victim's data (the referral rules, checked per victim) are
  required; one request per case at a time. The receiving agency's case team is notified.
- :func:`transfer_accept`: a case manager or supervisor of the receiving agency. The page
  lists the case's open referrals and tasks; ``confirmed_ids`` must be exactly that list
  (else ConflictError, nothing moves). Ownership moves through
  :func:`sigap.cases.services.case_handover` (audit row ``case.transfer`` naming the items);
  the referrals and tasks stay as they are: never silently moved to other users.
- :func:`transfer_decline` (receiving agency, with a reason) and :func:`transfer_cancel`
  (requesting agency).

Audit rows carry public ids, codes and field names only (``reason`` is free text).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.agencies.models import Agency
from sigap.audit.services import audit_record
from sigap.cases.access import CASE_TEAM_ROLES, membership_of
from sigap.cases.choices import CaseStatus, ParticipantRole
from sigap.cases.models import Case
from sigap.cases.services import case_handover
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.choices import TransferStatus
from sigap.referrals.models import CaseTransfer, SharingBasis
from sigap.referrals.selectors import case_handover_items
from sigap.referrals.services import (
    _clean_reason,
    _notify,
    agency_users,
    referral_sharing_basis_check,
)


def _check_version(transfer: CaseTransfer, expected: int | None) -> None:
    if expected is not None and transfer.version != expected:
        raise ConflictError(
            _(
                "This transfer has been changed by another user since you opened it. "
                "Reload the page and try again."
            ),
            extra={"current_version": transfer.version},
        )


def _closure_waiting(case: Case) -> bool:
    ClosureRequest = apps.get_model("casework", "ClosureRequest")  # noqa: N806 - rightward
    return ClosureRequest.objects.pending().filter(case=case).exists()


def transfer_can_request(*, case: Case, user) -> bool:
    """Whether ``user`` is on the handling team of open ``case`` (no query)."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role in CASE_TEAM_ROLES
        and case.status == CaseStatus.OPEN
        and case.handling_agency_id == membership.agency_id
    )


@transaction.atomic
def transfer_request(
    *,
    case: Case,
    actor,
    to_agency: Agency,
    reason: str,
    sharing_basis: str = "",
    consent_given_by: str = "",
    consent_recorded_on: date | None = None,
    legal_reference: str = "",
    override_reason: str = "",
) -> CaseTransfer:
    """Ask ``to_agency`` to take over ``case`` (see the module docstring for the rules)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not transfer_can_request(case=case, user=actor):
        raise ApplicationError(_("Only the handling agency of an open case can transfer it."))
    from_agency_id = case.handling_agency_id
    if to_agency.pk == from_agency_id:
        raise ValidationError({"to_agency": [_("The case is already handled by this agency.")]})
    if not to_agency.is_active:
        raise ValidationError({"to_agency": [_("The receiving agency is not active.")]})
    if not agency_users(to_agency, CASE_TEAM_ROLES).exists():
        raise ValidationError(
            {"to_agency": [_("This agency has no case manager who could accept the case.")]}
        )
    if CaseTransfer.objects.pending().filter(case=case).exists():
        raise ApplicationError(_("A transfer of this case is already waiting for an answer."))
    if _closure_waiting(case):
        raise ApplicationError(_("A closure request for this case is waiting: decide it first."))
    reason = _clean_reason(
        reason,
        field="reason",
        required=_("Explain why the case should be transferred."),
        too_long=_("The reason may be at most 2,000 characters."),
    )
    victims = list(case.participants.filter(role=ParticipantRole.VICTIM).order_by("id"))
    if not victims:
        raise ApplicationError(_("The case has no victim to transfer."))
    for victim in victims:  # one act of sharing per victim: every one needs the basis
        basis = referral_sharing_basis_check(
            case=case,
            victim=victim,
            actor=actor,
            sharing_basis=sharing_basis,
            consent_given_by=consent_given_by,
            consent_recorded_on=consent_recorded_on,
            legal_reference=legal_reference,
            override_reason=override_reason,
        )
    transfer = CaseTransfer(
        case=case,
        from_agency_id=from_agency_id,
        to_agency=to_agency,
        reason=reason,
        requested_at=timezone.now(),
        requested_by=actor,
        sharing_basis=basis.sharing_basis,
        consent_given_by=basis.consent_given_by,
        consent_recorded_on=basis.consent_recorded_on,
        legal_reference=basis.legal_reference,
        override_reason=basis.override_reason,
    )
    transfer.full_clean()
    transfer.save()
    audit_record(
        actor=actor,
        action="case_transfer.request",
        target=transfer,
        changes={
            "case": str(case.public_id),
            "to_agency": str(to_agency.public_id),
            "sharing_basis": basis.sharing_basis,
            "victims": len(victims),
            "fields": ["reason"],
        },
    )
    if basis.sharing_basis == SharingBasis.OVERRIDE:
        audit_record(
            actor=actor,
            action="case_transfer.consent_override",
            target=transfer,
            changes={"case": str(case.public_id), "fields": ["override_reason"]},
        )
    _notify(
        recipients=agency_users(to_agency, CASE_TEAM_ROLES),
        verb="transfer_requested",
        case=case,
        exclude=actor,
        link=reverse("referrals:transfer-detail", args=[transfer.public_id]),
        about=transfer,
    )
    return transfer


def _lock(transfer: CaseTransfer) -> CaseTransfer:
    transfer = (
        CaseTransfer.objects.select_for_update(of=("self",))
        .select_related("case", "from_agency", "to_agency", "requested_by")
        .get(pk=transfer.pk)
    )
    if transfer.status != TransferStatus.REQUESTED:
        raise ApplicationError(_("This transfer has already been answered or cancelled."))
    return transfer


def transfer_can_respond(*, transfer: CaseTransfer, user) -> bool:
    """A case manager or supervisor of the receiving agency (no query)."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role in CASE_TEAM_ROLES
        and membership.agency_id == transfer.to_agency_id
    )


def transfer_can_cancel(*, transfer: CaseTransfer, user) -> bool:
    """A case manager or supervisor of the requesting agency (no query)."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role in CASE_TEAM_ROLES
        and membership.agency_id == transfer.from_agency_id
    )


@transaction.atomic
def transfer_accept(
    *,
    transfer: CaseTransfer,
    actor,
    confirmed_ids: Collection,
    expected_version: int | None = None,
) -> CaseTransfer:
    """The receiving agency takes the case over (see the module docstring)."""
    transfer = _lock(transfer)
    if not transfer_can_respond(transfer=transfer, user=actor):
        raise ApplicationError(_("Only a case manager of the receiving agency can accept."))
    _check_version(transfer, expected_version)
    case = Case.objects.select_for_update().get(pk=transfer.case_id)
    if case.status != CaseStatus.OPEN or case.handling_agency_id != transfer.from_agency_id:
        raise ApplicationError(
            _("The case is no longer open at the requesting agency: it cannot be transferred.")
        )
    if _closure_waiting(case):
        raise ApplicationError(_("A closure request for this case is waiting: decide it first."))
    items = case_handover_items(case=case)
    if sorted(str(i) for i in confirmed_ids) != items.ids:
        raise ConflictError(
            _(
                "The open referrals or tasks of the case changed since you opened the page. "
                "Nothing was transferred: review the list and accept again."
            ),
            extra={"items": items.ids},
        )
    case_handover(
        case=case,
        to_agency=transfer.to_agency,
        actor=actor,
        handover={
            "transfer": str(transfer.public_id),
            "open_referrals": [str(r.public_id) for r in items.referrals],
            "open_tasks": [str(t.public_id) for t in items.tasks],
        },
    )
    transfer.status = TransferStatus.ACCEPTED
    transfer.responded_at = timezone.now()
    transfer.responded_by = actor
    transfer.version += 1
    transfer.save(update_fields=["status", "responded_at", "responded_by", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case_transfer.accept",
        target=transfer,
        changes={
            "status": ["requested", "accepted"],
            "case": str(case.public_id),
            "open_referrals": len(items.referrals),
            "open_tasks": len(items.tasks),
        },
    )
    _notify(
        recipients=[transfer.requested_by],
        verb="transfer_accepted",
        case=case,
        exclude=actor,
        link=reverse("referrals:transfer-detail", args=[transfer.public_id]),
        about=transfer,
    )
    return transfer


@transaction.atomic
def transfer_decline(
    *, transfer: CaseTransfer, actor, reason: str, expected_version: int | None = None
) -> CaseTransfer:
    """The receiving agency declines, with a reason; the case stays where it is."""
    transfer = _lock(transfer)
    if not transfer_can_respond(transfer=transfer, user=actor):
        raise ApplicationError(_("Only a case manager of the receiving agency can decline."))
    _check_version(transfer, expected_version)
    transfer.decline_reason = _clean_reason(
        reason,
        field="reason",
        required=_("A reason for declining is required."),
        too_long=_("The reason for declining may be at most 2,000 characters."),
    )
    transfer.status = TransferStatus.DECLINED
    transfer.responded_at = timezone.now()
    transfer.responded_by = actor
    transfer.version += 1
    transfer.save(
        update_fields=[
            "status",
            "decline_reason",
            "responded_at",
            "responded_by",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="case_transfer.decline",
        target=transfer,
        changes={"status": ["requested", "declined"], "fields": ["decline_reason"]},
    )
    _notify(
        recipients=[transfer.requested_by],
        verb="transfer_declined",
        case=transfer.case,
        exclude=actor,
        link=reverse("referrals:transfer-detail", args=[transfer.public_id]),
        about=transfer,
    )
    return transfer


@transaction.atomic
def transfer_cancel(
    *, transfer: CaseTransfer, actor, expected_version: int | None = None
) -> CaseTransfer:
    """The requesting agency withdraws its request while it waits."""
    transfer = _lock(transfer)
    if not transfer_can_cancel(transfer=transfer, user=actor):
        raise ApplicationError(_("Only the requesting agency can cancel this transfer."))
    _check_version(transfer, expected_version)
    transfer.status = TransferStatus.CANCELLED
    transfer.responded_at = timezone.now()
    transfer.responded_by = actor
    transfer.version += 1
    transfer.save(update_fields=["status", "responded_at", "responded_by", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case_transfer.cancel",
        target=transfer,
        changes={"status": ["requested", "cancelled"]},
    )
    return transfer
