"""Every write of the victims' rights tracker (STYLE B2).

Each service is keyword-only, runs in one transaction, checks its rules (``ValidationError``
with field → messages, ``ApplicationError``, or ``ConflictError`` for a stale version: the
second of two users editing the same record is refused and nothing is saved) and writes its
audit row in the same transaction. Audit rows carry codes, public ids and field *names*,
never free text, amounts or places (they may identify a victim).

Only the handling agency's case team of an open case may write (``casework.access.can_work``);
the selectors have already checked that the case is in the user's scope.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Case, Participant
from sigap.casework.access import can_work
from sigap.core.dates import DateKind, date_collect, user_today
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.models import Referral, ServiceDelivery
from sigap.rights.access import CLAIM_FIELDS, rights_view_for
from sigap.rights.choices import (
    LpskDecision,
    ProtectionForm,
    RepatriationKind,
    RepatriationStatus,
    RightCode,
    RightStatus,
)
from sigap.rights.models import LpskProtection, Repatriation, RestitutionClaim, RightRecord


def _stale() -> str:
    return _(
        "This record has been changed by another user since you opened it. Nothing was "
        "saved. Reload the page, review the changes, then save again."
    )


class RelocationNotConfirmed(ApplicationError):
    """Moving a victim to another area while referrals or tasks are open needs the user to
    confirm exactly those (``extra``: their public ids); nothing is moved either way."""


# --- Shared rules -----------------------------------------------------------------------------


def _require_team(case: Case, actor) -> None:
    if not can_work(actor, case):
        raise ApplicationError(
            _("Only the handling agency's case team can change this, while the case is open.")
        )


def _victim_of(case: Case, victim: Participant) -> None:
    if victim.case_id != case.pk or victim.role != ParticipantRole.VICTIM:
        raise ValidationError({"victim": [_("Choose a victim of this case.")]})


def _check_version(current, expected: int | None) -> None:
    have = current.version if current is not None else 0
    if expected is not None and have != expected:
        raise ConflictError(_stale(), extra={"current_version": have})


def _plausible_date(errors: dict, name: str, value: date | None, actor) -> None:
    """The one date rule (``sigap.core.dates``): not after the actor's today, not before
    UU 21/2007 took effect."""
    date_collect(errors, name, value, kind=DateKind.RECORD, today=user_today(actor))


def _lock(model, victim: Participant):
    return model.objects.select_for_update().filter(participant=victim).first()


def _upsert(model, current, *, case, victim, actor, values: dict):
    """Create or update the victim's row; returns (row, names of the fields that changed)."""
    if current is None:
        try:
            with transaction.atomic():
                row = model.objects.create(
                    case=case, participant=victim, updated_by=actor, **values
                )
        except IntegrityError as exc:  # created by someone else meanwhile
            raise ConflictError(_stale()) from exc
        return row, sorted(k for k, v in values.items() if v not in (None, "", []))
    changed = sorted(k for k, v in values.items() if getattr(current, k) != v)
    if not changed:
        return current, []
    for key in changed:
        setattr(current, key, values[key])
    current.updated_by = actor
    current.version += 1
    current.save(update_fields=[*changed, "updated_by", "version", "updated_at"])
    return current, changed


def _audit(actor, action: str, row, *, case, victim, changed: list[str], **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=row,
        changes={
            "case": str(case.public_id),
            "participant": str(victim.public_id),
            "fields": changed,
            "version": row.version,
            **extra,
        },
    )


# --- Rights ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RightChange:
    """One right as typed in: ``expected_version`` is the version the user loaded (0: the
    right had no record yet)."""

    right: str
    status: str
    evidence_note: str = ""
    evidence_on: date | None = None
    referral: Referral | None = None
    delivery: ServiceDelivery | None = None
    expected_version: int | None = None


def _save_right(*, case: Case, victim: Participant, actor, change: RightChange) -> RightRecord:
    from sigap.rights.selectors import derived_right

    errors: dict[str, list[str]] = {}
    if change.right not in RightCode.values:
        raise ValidationError({"right": [_("Unknown right.")]})
    if change.status not in RightStatus.values:
        errors["status"] = [_("Choose a status.")]
    _plausible_date(errors, "evidence_on", change.evidence_on, actor)
    if change.referral is not None and (
        change.referral.case_id != case.pk or change.referral.victim_id != victim.pk
    ):
        errors["referral"] = [_("Choose a referral of this victim.")]
    if change.delivery is not None and (
        change.delivery.referral.case_id != case.pk
        or change.delivery.referral.victim_id != victim.pk
    ):
        errors["delivery"] = [_("Choose a service delivered to this victim.")]
    if errors:
        raise ValidationError(errors)
    current = (
        RightRecord.objects.select_for_update()
        .filter(participant=victim, right=change.right)
        .first()
    )
    _check_version(current, change.expected_version)
    if derived_right(user=actor, case=case, victim=victim, right=change.right) is not None:
        raise ApplicationError(
            _(
                "The status of this right comes from other records (referrals, the justice "
                "process, LPSK or the repatriation); change it there."
            ),
            extra={"right": change.right},
        )
    before = current.status if current else None
    row, changed = _upsert(
        RightRecord,
        current,
        case=case,
        victim=victim,
        actor=actor,
        values={
            "right": change.right,
            "status": change.status,
            "evidence_note": (change.evidence_note or "").strip(),
            "evidence_on": change.evidence_on,
            "referral": change.referral,
            "delivery": change.delivery,
        },
    )
    if changed:
        _audit(
            actor,
            "right.update",
            row,
            case=case,
            victim=victim,
            changed=changed,
            right=change.right,
            status=[before, row.status],
        )
    return row


@transaction.atomic
def rights_update(
    *, case: Case, victim: Participant, actor, changes: Iterable[RightChange]
) -> list[RightRecord]:
    """Save the rights of one victim that the user changed, all or nothing: one stale
    version (another user saved meanwhile) refuses the whole save. One audit row per right
    that changed (``right.update``, with the old and new status)."""
    _require_team(case, actor)
    _victim_of(case, victim)
    return [_save_right(case=case, victim=victim, actor=actor, change=c) for c in changes]


@transaction.atomic
def right_update(*, case: Case, victim: Participant, actor, change: RightChange) -> RightRecord:
    """Save one right of one victim (the API's ``PUT``)."""
    _require_team(case, actor)
    _victim_of(case, victim)
    return _save_right(case=case, victim=victim, actor=actor, change=change)


# --- Repatriation ---------------------------------------------------------------------------


def relocation_open_items(*, victim: Participant) -> dict[str, list[str]]:
    """Public ids of the victim's open referrals and open tasks (what a move leaves behind)."""
    from sigap.rights.selectors import victim_open_items

    referrals, tasks = victim_open_items(victim=victim)
    return {
        "referrals": [str(r.public_id) for r in referrals],
        "tasks": [str(t.public_id) for t in tasks],
    }


@transaction.atomic
def repatriation_set(
    *,
    case: Case,
    victim: Participant,
    actor,
    kind: str,
    destination_area=None,
    country: str = "",
    mission: str = "",
    travel_on: date | None = None,
    status: str = RepatriationStatus.PLANNED,
    expected_version: int | None = None,
    confirmed_ids: Collection[str] | None = None,
) -> Repatriation:
    """Record or change the victim's repatriation.

    Domestic: to ``destination_area`` (any Kemendagri area, usually the area of origin).
    International: from ``country`` through the Indonesian ``mission`` (KBRI/KJRI).

    Moving the victim to another area never moves their open referrals or tasks: when there
    are any, ``confirmed_ids`` must list exactly their public ids (what the confirmation page
    showed), else ``RelocationNotConfirmed`` with the ids in ``extra``. The audit row names
    the referrals and tasks that stay where they are.
    """
    _require_team(case, actor)
    _victim_of(case, victim)
    errors: dict[str, list[str]] = {}
    mission = (mission or "").strip()
    country = (country or "").strip().upper()
    if kind not in RepatriationKind.values:
        errors["kind"] = [_("Choose within Indonesia or from abroad.")]
    if status not in RepatriationStatus.values:
        errors["status"] = [_("Choose a status.")]
    if kind == RepatriationKind.DOMESTIC:
        if destination_area is None:
            errors["destination_area"] = [_("Choose the area the victim returns to.")]
        country, mission = "", ""
    elif kind == RepatriationKind.INTERNATIONAL:
        if not country or country == "ID":
            errors["country"] = [_("Choose the country the victim returns from.")]
        if not mission:
            errors["mission"] = [_("Name the Indonesian mission (KBRI or KJRI).")]
        destination_area = None
    if status == RepatriationStatus.COMPLETED:
        if travel_on is None:
            errors.setdefault("travel_on", []).append(_("A completed return needs its date."))
        _plausible_date(errors, "travel_on", travel_on, actor)
    if errors:
        raise ValidationError(errors)
    current = _lock(Repatriation, victim)
    _check_version(current, expected_version)
    before_area = current.destination_area_id if current else None
    moves = destination_area is not None and destination_area.pk != before_area
    kept: dict[str, list[str]] = {"referrals": [], "tasks": []}
    if moves:
        kept = relocation_open_items(victim=victim)
        expected = sorted(kept["referrals"] + kept["tasks"])
        if expected and sorted(str(i) for i in (confirmed_ids or [])) != expected:
            raise RelocationNotConfirmed(
                _(
                    "The victim has open referrals or tasks. They stay with their current "
                    "agencies and assignees: review them and confirm."
                ),
                extra=kept,
            )
    before_status = current.status if current else None
    row, changed = _upsert(
        Repatriation,
        current,
        case=case,
        victim=victim,
        actor=actor,
        values={
            "kind": kind,
            "destination_area": destination_area,
            "country": country,
            "mission": mission,
            "travel_on": travel_on,
            "status": status,
        },
    )
    if changed:
        extra = {"status": [before_status, row.status], "kind": kind}
        if moves:
            extra["relocation"] = {
                "kept_open": kept,
                "confirmed": bool(kept["referrals"] or kept["tasks"]),
            }
        _audit(actor, "repatriation.set", row, case=case, victim=victim, changed=changed, **extra)
    return row


# --- Restitution (claim side) ---------------------------------------------------------------


@transaction.atomic
def restitution_claim_set(
    *,
    case: Case,
    victim: Participant,
    actor,
    claimed_on: date | None = None,
    amount_claimed: int | None = None,
    assessed_on: date | None = None,
    amount_assessed: int | None = None,
    amount_in_indictment: int | None = None,
    expected_version: int | None = None,
) -> RestitutionClaim:
    """Record the claim (date, amount), the LPSK assessment (date, amount) and the amount in
    the indictment, in whole Rupiah. Awarded and paid amounts come from the justice app.

    Who writes which field is ``rights_view_for(actor, case).claim_fields`` (the case team all,
    the prosecutor the indictment amount, LPSK the assessment; issue 13 §7). For a user who
    may write only some fields, a field left ``None`` keeps its stored value and a value
    given for another field that differs from the stored one is refused (ValidationError);
    a user who may write none gets ApplicationError.
    """
    allowed = rights_view_for(actor, case, victim=victim).claim_fields
    if not allowed:
        _require_team(case, actor)  # raises with the usual message
    _victim_of(case, victim)
    errors: dict[str, list[str]] = {}
    given = {
        "claimed_on": claimed_on,
        "amount_claimed": amount_claimed,
        "assessed_on": assessed_on,
        "amount_assessed": amount_assessed,
        "amount_in_indictment": amount_in_indictment,
    }
    if allowed != CLAIM_FIELDS:
        stored = RestitutionClaim.objects.filter(participant=victim).first()
        for name, value in given.items():
            if name in allowed:
                continue
            kept = getattr(stored, name) if stored is not None else None
            if value is not None and value != kept:
                errors[name] = [_("Your role does not record this part of the claim.")]
            given[name] = kept
        claimed_on, amount_claimed = given["claimed_on"], given["amount_claimed"]
        assessed_on, amount_assessed = given["assessed_on"], given["amount_assessed"]
        amount_in_indictment = given["amount_in_indictment"]
    if (claimed_on is None) != (amount_claimed is None):
        errors["amount_claimed"] = [_("Give both the date and the amount claimed.")]
    if (assessed_on is None) != (amount_assessed is None):
        errors["amount_assessed"] = [_("Give both the date and the amount of the assessment.")]
    for name, value in (
        ("amount_claimed", amount_claimed),
        ("amount_assessed", amount_assessed),
        ("amount_in_indictment", amount_in_indictment),
    ):
        if value is not None and value <= 0:
            errors.setdefault(name, []).append(_("The amount must be more than zero."))
    _plausible_date(errors, "claimed_on", claimed_on, actor)
    _plausible_date(errors, "assessed_on", assessed_on, actor)
    if claimed_on and assessed_on and assessed_on < claimed_on:
        errors.setdefault("assessed_on", []).append(_("The assessment cannot be before the claim."))
    if amount_claimed is None and amount_assessed is None and amount_in_indictment is None:
        errors.setdefault("amount_claimed", []).append(_("Enter at least one amount."))
    if errors:
        raise ValidationError(errors)
    current = _lock(RestitutionClaim, victim)
    _check_version(current, expected_version)
    row, changed = _upsert(
        RestitutionClaim,
        current,
        case=case,
        victim=victim,
        actor=actor,
        values={
            "claimed_on": claimed_on,
            "amount_claimed": amount_claimed,
            "assessed_on": assessed_on,
            "amount_assessed": amount_assessed,
            "amount_in_indictment": amount_in_indictment,
        },
    )
    if changed:
        _audit(actor, "restitution_claim.set", row, case=case, victim=victim, changed=changed)
    return row


# --- LPSK protection ------------------------------------------------------------------------


@transaction.atomic
def protection_set(
    *,
    case: Case,
    victim: Participant,
    actor,
    applied_on: date | None,
    decided_on: date | None = None,
    decision: str = "",
    forms: Iterable[str] = (),
    expected_version: int | None = None,
) -> LpskProtection:
    """Record an application to LPSK and, later, its decision (granted with the forms of
    protection, or refused). Written by the handling case team or, on a case referred to it,
    by LPSK (``rights_view_for(actor, case).edit_protection``; UU 31/2014 Pasal 28-29)."""
    if not rights_view_for(actor, case, victim=victim).edit_protection:
        _require_team(case, actor)  # raises with the usual message
    _victim_of(case, victim)
    forms = sorted(set(forms or []))
    decision = decision or ""
    errors: dict[str, list[str]] = {}
    if applied_on is None:
        errors["applied_on"] = [_("Give the date of the application.")]
    _plausible_date(errors, "applied_on", applied_on, actor)
    _plausible_date(errors, "decided_on", decided_on, actor)
    if decision and decision not in LpskDecision.values:
        errors["decision"] = [_("Unknown decision.")]
    if bool(decision) != (decided_on is not None):
        errors.setdefault("decided_on", []).append(
            _("Give both the decision and its date, or neither.")
        )
    if applied_on and decided_on and decided_on < applied_on:
        errors.setdefault("decided_on", []).append(
            _("The decision cannot be before the application.")
        )
    if any(f not in ProtectionForm.values for f in forms):
        errors["forms"] = [_("Unknown form of protection.")]
    elif decision == LpskDecision.GRANTED and not forms:
        errors["forms"] = [_("Choose the forms of protection granted.")]
    elif decision != LpskDecision.GRANTED and forms:
        errors["forms"] = [_("Forms of protection go with a decision to grant it.")]
    if errors:
        raise ValidationError(errors)
    current = _lock(LpskProtection, victim)
    _check_version(current, expected_version)
    before = current.decision if current else None
    row, changed = _upsert(
        LpskProtection,
        current,
        case=case,
        victim=victim,
        actor=actor,
        values={
            "applied_on": applied_on,
            "decided_on": decided_on,
            "decision": decision,
            "forms": forms,
        },
    )
    if changed:
        _audit(
            actor,
            "lpsk_protection.set",
            row,
            case=case,
            victim=victim,
            changed=changed,
            decision=[before, row.decision],
            protection_forms=forms,
        )
    return row
