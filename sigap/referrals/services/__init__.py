"""Writes for referrals: send, accept (one or many), decline, start, complete (with service
delivery), revoke. Deadline reminders and escalation: ``services.reminders``; case transfers:
``services.transfers``.

UU 21/2007 Pasal 51–52: health rehabilitation, social rehabilitation, repatriation and social
reintegration are provided within 7 days of the request; ``due_on`` counts calendar days in
Asia/Jakarta from the day the referral is sent.

Sharing a victim's data with another agency needs a recorded basis (UU 27/2022 PDP Pasal 20;
Pasal 25–26 for children): see :func:`referral_sharing_basis_check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.agencies.models import Agency, AgencyService, Service
from sigap.audit.services import audit_record
from sigap.cases.access import CASE_TEAM_ROLES, REFERRAL_RECEIVER_ROLES, membership_of
from sigap.cases.choices import CaseStatus, ParticipantRole
from sigap.cases.models import Case, Participant
from sigap.core.dates import DateKind, date_collect, date_problems, user_today
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.choices import BULK_ACCEPT_MAX, OPEN_STATUSES, ReferralStatus
from sigap.referrals.models import (
    CONSENT_BASES,
    LAWFUL_BASES,
    OVERRIDE_REASON_MIN_CHARS,
    Referral,
    ServiceDelivery,
    SharingBasis,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
REASON_MAX_CHARS = 2000


def jakarta_today(now=None) -> date:
    """Today's date in the Asia/Jakarta calendar, whatever the server's time zone."""
    return (now or timezone.now()).astimezone(JAKARTA).date()


def _check_version(referral: Referral, expected: int | None) -> None:
    if expected is not None and referral.version != expected:
        raise ConflictError(
            _(
                "This referral has been changed by another user since you "
                "opened it. Reload the page and try again."
            ),
            extra={"current_version": referral.version},
        )


def agency_users(agency: Agency, roles):
    """Active users of ``agency`` with one of ``roles`` (recipients of notifications)."""
    return get_user_model().objects.filter(
        membership__agency=agency, membership__role__in=list(roles), is_active=True
    )


# Who at a receiving agency sees its referrals (``referral_scope_q``: service providers and
# police answer them; a case manager or the secretariat of that agency does not see them) and
# so is notified. Notifying anyone else would show them a case number outside their scope.
RECEIVING_ROLES = tuple(sorted(REFERRAL_RECEIVER_ROLES))


def _notify(**kwargs) -> None:
    """Notifications belong to ``casework``, which sits to the right of ``referrals`` in the
    dependency order: imported when called (like ``cases.access`` reading referrals)."""
    from sigap.casework.services import notify  # lazy: casework depends on referrals

    notify(**kwargs)


def _referral_link(referral: Referral) -> str:
    return reverse("referrals:referral-detail", args=[referral.public_id])


def _case_managers_of(referral: Referral) -> list:
    """Who hears the receiving agency's answer: the user who sent the referral while they
    are still on the case's handling team; else (transferred case, user moved or
    deactivated) the handling agency's case managers and supervisors."""
    sender = referral.sent_by
    case = referral.case
    membership = membership_of(sender) if sender is not None and sender.is_active else None
    if (
        membership is not None
        and membership.role in CASE_TEAM_ROLES
        and membership.agency_id == case.handling_agency_id
    ):
        return [sender]
    if case.handling_agency_id is None:
        return []
    return list(agency_users(case.handling_agency, CASE_TEAM_ROLES))


def _notify_sender(referral: Referral, *, verb: str, actor) -> None:
    _notify(
        recipients=_case_managers_of(referral),
        verb=verb,
        case=referral.case,
        about=referral,
        exclude=actor,
        detail=str(referral.service),
        link=_referral_link(referral),
    )


def _clean_reason(reason: str, *, field: str, required: str, too_long: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: [required]})
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError({field: [too_long]})
    return reason


def referral_service_check(*, to_agency: Agency, service: Service) -> AgencyService:
    """The one rule for where a referral may go: ``to_agency`` must offer ``service``.

    A referral to an agency that does not offer the service (e.g. a kelurahan office asked for
    health rehabilitation) would sit as ``sent`` with nobody able to act on it, so it is
    refused. The services an agency offers are its ``AgencyService`` rows (reference data,
    editable in the admin). UU 21/2007 Pasal 51–52: the victim must receive the service within
    the time limit, which only an agency offering it can meet.

    Returns the ``AgencyService`` row (its ``days_limit`` gives the due date). Raises
    ValidationError keyed ``to_agency`` with a message naming the agency and the service.
    Called by :func:`referral_send`, which the referral form and the API both use.
    """
    link = AgencyService.objects.filter(agency=to_agency, service=service).first()
    if link is None:
        raise ValidationError(
            {
                "to_agency": [
                    _(
                        "%(agency)s does not offer the service “%(service)s”. Choose an agency "
                        "that offers it (the list shows each agency's services)."
                    )
                    % {"agency": to_agency, "service": service.name}
                ]
            }
        )
    return link


def referral_due_on(*, sent_on: date, agency: Agency, service: Service) -> date:
    """Due date: ``sent_on`` plus the agency's time limit for the service (else the default)."""
    link = AgencyService.objects.filter(agency=agency, service=service).first()
    days = link.days_limit if link else service.default_days
    return sent_on + timedelta(days=days)


@dataclass(frozen=True)
class SharingBasisData:
    """The recorded basis for one act of sharing, as stored on the referral."""

    sharing_basis: str
    consent_given_by: str = ""
    consent_recorded_on: date | None = None
    legal_reference: str = ""
    override_reason: str = ""


def referral_sharing_basis_check(
    *,
    case: Case,
    victim: Participant,
    actor,
    sharing_basis: str,
    consent_given_by: str = "",
    consent_recorded_on: date | None = None,
    legal_reference: str = "",
    override_reason: str = "",
) -> SharingBasisData:
    """Check the basis for sharing ``victim``'s data outside the handling agency.

    - a basis is required;
    - ``victim_consent``: only for a victim not known to be a child;
    - ``guardian_consent``: who consented (a role, e.g. "ibu kandung") is required, and it is
      refused when a suspect in the case is marked as a victim's parent or guardian;
    - consent needs the date it was recorded (not in the future);
    - ``legal_obligation`` / ``public_task``: the legal reference is required;
    - ``override``: the permission ``referrals.override_consent`` and a written reason of at
      least 20 characters.

    Returns the normalised values (fields that do not belong to the basis are emptied).
    Raises ValidationError keyed by field, or ApplicationError for a missing permission.
    Written for referrals; a case transfer should call the same rules.
    """
    basis = (sharing_basis or "").strip()
    consent_given_by = (consent_given_by or "").strip()
    legal_reference = (legal_reference or "").strip()
    override_reason = (override_reason or "").strip()
    if basis not in SharingBasis.values:
        raise ValidationError(
            {"sharing_basis": [_("Record the consent or lawful basis for sharing.")]}
        )
    errors: dict[str, list[str]] = {}
    if basis in CONSENT_BASES:
        # Read the child flag from the database, not from a possibly stale instance.
        is_child = (
            Participant.objects.filter(pk=victim.pk).values_list("is_child", flat=True).first()
        )
        if basis == SharingBasis.VICTIM_CONSENT and is_child:
            errors["sharing_basis"] = [
                _(
                    "The victim is a child: record the consent of a parent or guardian, "
                    "or a lawful basis."
                )
            ]
        if basis == SharingBasis.GUARDIAN_CONSENT:
            if not consent_given_by:
                errors["consent_given_by"] = [
                    _("Record who gave consent (their role, e.g. mother), not their name.")
                ]
            guardian_suspect = case.participants.filter(
                role=ParticipantRole.SUSPECT, is_victim_guardian=True
            ).exists()
            if guardian_suspect:
                errors["sharing_basis"] = [
                    _(
                        "A parent or guardian of the victim is a suspect in this case, so "
                        "guardian consent is not valid: record a lawful basis instead."
                    )
                ]
        if consent_recorded_on is None:
            errors["consent_recorded_on"] = [_("Record the date consent was given.")]
        else:
            date_collect(
                errors,
                "consent_recorded_on",
                consent_recorded_on,
                kind=DateKind.RECORD,
                today=user_today(actor),
            )
        legal_reference = override_reason = ""
    elif basis in LAWFUL_BASES:
        if not legal_reference:
            errors["legal_reference"] = [_("Record the legal reference, e.g. UU 21/2007 Pasal 51.")]
        consent_given_by, consent_recorded_on, override_reason = "", None, ""
    else:  # override
        if not actor.has_perm("referrals.override_consent"):
            raise ApplicationError(
                _("You are not authorised to share without consent or a lawful basis.")
            )
        if len(override_reason) < OVERRIDE_REASON_MIN_CHARS:
            errors["override_reason"] = [
                _("Explain in at least %(n)d characters why sharing cannot wait for a basis.")
                % {"n": OVERRIDE_REASON_MIN_CHARS}
            ]
        consent_given_by, consent_recorded_on, legal_reference = "", None, ""
    if errors:
        raise ValidationError(errors)
    return SharingBasisData(
        sharing_basis=basis,
        consent_given_by=consent_given_by,
        consent_recorded_on=consent_recorded_on,
        legal_reference=legal_reference,
        override_reason=override_reason,
    )


@transaction.atomic
def referral_send(
    *,
    case: Case,
    actor,
    victim: Participant,
    to_agency: Agency,
    service: Service,
    note: str = "",
    sharing_basis: str = "",
    consent_given_by: str = "",
    consent_recorded_on: date | None = None,
    legal_reference: str = "",
    override_reason: str = "",
) -> Referral:
    """Refer ``victim`` of ``case`` to ``to_agency`` for ``service``.

    Only the agency handling the case may refer. Raises ApplicationError for a referral to the
    case's own agency, to an inactive agency, to an agency that does not offer ``service``
    (:func:`referral_service_check`), for a closed case, or for a non-victim. The
    basis for sharing is checked by :func:`referral_sharing_basis_check`; an override writes
    a second audit row, ``referral.consent_override``.
    """
    membership = membership_of(actor)
    if membership is None or membership.role not in CASE_TEAM_ROLES:
        raise ApplicationError(_("Only a case manager can make a referral."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.handling_agency_id != membership.agency_id:
        raise ApplicationError(_("Only the case's handling agency can make a referral."))
    if case.status == CaseStatus.CLOSED:
        raise ApplicationError(_("The case is already closed."))
    if to_agency.pk == case.handling_agency_id:
        raise ValidationError(
            {"to_agency": [_("A referral cannot be sent to the case's own handling agency.")]}
        )
    if not to_agency.is_active:
        raise ValidationError({"to_agency": [_("The receiving agency is not active.")]})
    referral_service_check(to_agency=to_agency, service=service)
    if victim.case_id != case.pk or victim.role != ParticipantRole.VICTIM:
        raise ValidationError({"victim": [_("Select a victim from this case.")]})
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
    now = timezone.now()
    referral = Referral(
        case=case,
        victim=victim,
        from_agency=membership.agency,
        to_agency=to_agency,
        service=service,
        note=note.strip(),
        sent_at=now,
        due_on=referral_due_on(sent_on=jakarta_today(now), agency=to_agency, service=service),
        sent_by=actor,
        sharing_basis=basis.sharing_basis,
        consent_given_by=basis.consent_given_by,
        consent_recorded_on=basis.consent_recorded_on,
        legal_reference=basis.legal_reference,
        override_reason=basis.override_reason,
    )
    referral.full_clean()
    referral.save()
    audit_record(
        actor=actor,
        action="referral.send",
        target=referral,
        changes={
            "case": str(case.public_id),
            "to_agency": str(to_agency.public_id),
            "service": service.code,
            "sharing_basis": basis.sharing_basis,
        },
    )
    if basis.sharing_basis == SharingBasis.OVERRIDE:
        audit_record(
            actor=actor,
            action="referral.consent_override",
            target=referral,
            changes={
                "case": str(case.public_id),
                "to_agency": str(to_agency.public_id),
                "fields": ["override_reason"],
            },
        )
    _notify(
        recipients=agency_users(to_agency, RECEIVING_ROLES),
        verb="referral_received",
        case=case,
        about=referral,
        exclude=actor,
        detail=str(service),
        link=_referral_link(referral),
    )
    return referral


# At most this many victim × service referrals in one form (a case has a handful of victims
# and the form offers ``REFERRAL_FORM_ROWS`` services).
REFERRAL_BATCH_MAX = 60


@dataclass(frozen=True)
class ReferralItem:
    """One service of a batch referral and the agency asked to provide it."""

    service: Service
    to_agency: Agency


class ReferralBatchError(ValidationError):
    """A refused combination of :func:`referral_send_many`: the ValidationError of
    :func:`referral_send`, messages prefixed with the victim (as the identity rule lets the
    actor see them) and the service, plus ``item_index`` (which ``items`` row failed) so a
    form can show the error beside that row's fields."""

    def __init__(self, exc: ValidationError, *, item_index: int, prefix: str):
        errors = {
            field: [f"{prefix}: {m}" for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
        super().__init__(errors)
        self.item_index = item_index


def _victim_label(actor, victim: Participant) -> str:
    """The victim as the one identity rule lets ``actor`` see them (a mask otherwise, e.g. a
    protected child's initials)."""
    from sigap.cases.access import identity_mask, identity_visible

    if identity_visible(actor, victim):
        return victim.person.full_name
    return identity_mask(victim)


@transaction.atomic
def referral_send_many(
    *,
    case: Case,
    actor,
    victims: list[Participant],
    items: list[ReferralItem],
    note: str = "",
    sharing_basis: str = "",
    consent_given_by: str = "",
    consent_recorded_on: date | None = None,
    legal_reference: str = "",
    override_reason: str = "",
) -> list[Referral]:
    """Refer each of ``victims`` of ``case`` for each service of ``items`` (issue 13 §5).

    One :class:`Referral` per victim × item, each made by :func:`referral_send` (so each is
    checked, audited ``referral.send`` and announced to the receiving agency exactly as a
    single referral) in ONE transaction: if any combination is refused, none is sent and the
    notifications and e-mails of the others are rolled back with them. The same basis for
    sharing applies to every victim (a child still needs a guardian's consent or a lawful
    basis: :func:`referral_sharing_basis_check`).

    Returns the referrals in order (victim by victim, items in order). Raises
    ValidationError for no victim, no service, a service listed twice or more than
    ``REFERRAL_BATCH_MAX`` referrals; :class:`ReferralBatchError` (a ValidationError) for the
    first refused combination; ApplicationError as :func:`referral_send` does.
    """
    if not victims:
        raise ValidationError({"victim": [_("Select at least one victim.")]})
    if not items:
        raise ValidationError({"service": [_("Choose at least one service.")]})
    codes = [item.service.code for item in items]
    if len(set(codes)) != len(codes):
        raise ValidationError(
            {"service": [_("Choose each service once (one agency per service).")]}
        )
    if len({v.pk for v in victims}) != len(victims):
        raise ValidationError({"victim": [_("Select each victim once.")]})
    if len(victims) * len(items) > REFERRAL_BATCH_MAX:
        raise ValidationError(
            {
                "victim": [
                    _("At most %(n)d referrals can be sent at once.") % {"n": REFERRAL_BATCH_MAX}
                ]
            }
        )
    sent = []
    for victim in victims:
        for index, item in enumerate(items):
            try:
                sent.append(
                    referral_send(
                        case=case,
                        actor=actor,
                        victim=victim,
                        to_agency=item.to_agency,
                        service=item.service,
                        note=note,
                        sharing_basis=sharing_basis,
                        consent_given_by=consent_given_by,
                        consent_recorded_on=consent_recorded_on,
                        legal_reference=legal_reference,
                        override_reason=override_reason,
                    )
                )
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    raise
                prefix = _("%(victim)s, %(service)s") % {
                    "victim": _victim_label(actor, victim),
                    "service": item.service.name,
                }
                raise ReferralBatchError(exc, item_index=index, prefix=prefix) from exc
    return sent


def _lock_for_receiver(referral: Referral, actor) -> Referral:
    membership = membership_of(actor)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if membership is None or membership.agency_id != referral.to_agency_id:
        raise ApplicationError(_("Only the receiving agency can respond to this referral."))
    if not actor.has_perm("referrals.respond_referral"):
        raise ApplicationError(_("You are not authorised to respond to referrals."))
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, actor, expected_version: int | None = None) -> Referral:
    """Accept a ``sent`` referral on behalf of the receiving agency."""
    referral = _lock_for_receiver(referral, actor)
    _check_version(referral, expected_version)
    if referral.status != ReferralStatus.SENT:
        raise ApplicationError(_("Only a sent referral can be accepted."))
    referral.status = ReferralStatus.ACCEPTED
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    referral.version += 1
    referral.save(update_fields=["status", "responded_at", "responded_by", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="referral.accept",
        target=referral,
        changes={"status": ["sent", "accepted"]},
    )
    _notify_sender(referral, verb="referral_accepted", actor=actor)
    return referral


@transaction.atomic
def referral_decline(
    *, referral: Referral, actor, reason: str, expected_version: int | None = None
) -> Referral:
    """Decline a ``sent`` referral; a written ``reason`` is required."""
    referral = _lock_for_receiver(referral, actor)
    _check_version(referral, expected_version)
    if referral.status != ReferralStatus.SENT:
        raise ApplicationError(_("Only a sent referral can be declined."))
    if not reason or not reason.strip():
        raise ValidationError({"reason": [_("A reason for declining is required.")]})
    if len(reason) > 2000:
        raise ValidationError(
            {"reason": [_("The reason for declining may be at most 2,000 characters.")]}
        )
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = reason.strip()
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    referral.version += 1
    referral.save(
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
        action="referral.decline",
        target=referral,
        changes={"status": ["sent", "declined"], "fields": ["decline_reason"]},
    )
    _notify_sender(referral, verb="referral_declined", actor=actor)
    return referral


@transaction.atomic
def referral_complete(
    *,
    referral: Referral,
    actor,
    delivered_on: date,
    description: str,
    expected_version: int | None = None,
) -> Referral:
    """Complete an accepted referral, recording the service delivered (date, description)."""
    referral = _lock_for_receiver(referral, actor)
    _check_version(referral, expected_version)
    if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS):
        raise ApplicationError(_("The referral must be accepted before it can be completed."))
    errors = {}
    if delivered_on is None:
        errors["delivered_on"] = [_("Service date is required.")]
    elif problems := date_problems(delivered_on, kind=DateKind.RECORD, today=user_today(actor)):
        errors["delivered_on"] = problems
    elif delivered_on < timezone.localdate(referral.sent_at, JAKARTA):
        errors["delivered_on"] = [_("Service date cannot be before the referral was sent.")]
    if not description or not description.strip():
        errors["description"] = [_("Service description is required.")]
    if errors:
        raise ValidationError(errors)
    ServiceDelivery.objects.create(
        referral=referral,
        delivered_on=delivered_on,
        description=description.strip(),
        recorded_by=actor,
    )
    previous = referral.status
    referral.status = ReferralStatus.COMPLETED
    referral.completed_at = timezone.now()
    referral.version += 1
    referral.save(update_fields=["status", "completed_at", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="referral.complete",
        target=referral,
        changes={"status": [previous, "completed"], "fields": ["description"]},
    )
    _notify_sender(referral, verb="referral_completed", actor=actor)
    return referral


@transaction.atomic
def referral_start(*, referral: Referral, actor, expected_version: int | None = None) -> Referral:
    """The receiving agency starts providing the service: ``accepted`` → ``in_progress``."""
    referral = _lock_for_receiver(referral, actor)
    _check_version(referral, expected_version)
    if referral.status != ReferralStatus.ACCEPTED:
        raise ApplicationError(_("Only an accepted referral can be started."))
    referral.status = ReferralStatus.IN_PROGRESS
    referral.started_at = timezone.now()
    referral.version += 1
    referral.save(update_fields=["status", "started_at", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="referral.start",
        target=referral,
        changes={"status": ["accepted", "in_progress"]},
    )
    return referral


def referral_can_revoke(*, referral: Referral, user) -> bool:
    """Whether ``user`` may revoke ``referral``: a case manager or supervisor of the sending
    agency, i.e. the agency now handling the case (the sender, unless the case was
    transferred since), with ``referrals.add_referral``. No query beyond the membership."""
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role in CASE_TEAM_ROLES
        and membership.agency_id == referral.case.handling_agency_id
        and user.has_perm("referrals.add_referral")
    )


@transaction.atomic
def referral_revoke(
    *, referral: Referral, actor, reason: str, expected_version: int | None = None
) -> Referral:
    """The sending agency withdraws a referral that is not completed (sent, accepted or in
    progress); a written ``reason`` is required. The receiving agency is notified (case
    number and service only). Declined, completed or already revoked: ApplicationError.
    """
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "service", "to_agency")
        .get(pk=referral.pk)
    )
    if not referral_can_revoke(referral=referral, user=actor):
        raise ApplicationError(_("Only the sending agency can revoke this referral."))
    _check_version(referral, expected_version)
    if referral.status not in OPEN_STATUSES:
        raise ApplicationError(
            _("Only a referral that is sent, accepted or in progress can be revoked.")
        )
    reason = _clean_reason(
        reason,
        field="reason",
        required=_("A reason for revoking is required."),
        too_long=_("The reason for revoking may be at most 2,000 characters."),
    )
    previous = referral.status
    referral.status = ReferralStatus.REVOKED
    referral.revoke_reason = reason
    referral.revoked_at = timezone.now()
    referral.revoked_by = actor
    referral.version += 1
    referral.save(
        update_fields=[
            "status",
            "revoke_reason",
            "revoked_at",
            "revoked_by",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="referral.revoke",
        target=referral,
        changes={"status": [previous, "revoked"], "fields": ["revoke_reason"]},
    )
    _notify(
        recipients=agency_users(referral.to_agency, RECEIVING_ROLES),
        verb="referral_revoked",
        case=referral.case,
        about=referral,
        exclude=actor,
        detail=str(referral.service),
        link=_referral_link(referral),
    )
    return referral


@dataclass(frozen=True)
class BulkResult:
    """One row of "accept selected": the referral and, when refused, why (a user message)."""

    referral: Referral
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def referral_accept_many(
    *, referrals: list[Referral], actor, versions: dict[str, int] | None = None
) -> list[BulkResult]:
    """Accept several referrals, each through :func:`referral_accept` in its own transaction
    (one refusal does not undo the others). ``versions`` maps a referral's public_id (str)
    to the version the user saw (stale: that row is refused as a conflict). At most
    ``BULK_ACCEPT_MAX`` referrals; returns one result per referral, in order.
    """
    if not referrals:
        raise ValidationError({"selected": [_("Select at least one referral.")]})
    if len(referrals) > BULK_ACCEPT_MAX:
        raise ValidationError(
            {"selected": [_("Select at most %(n)d referrals at a time.") % {"n": BULK_ACCEPT_MAX}]}
        )
    versions = versions or {}
    results = []
    for referral in referrals:
        try:
            accepted = referral_accept(
                referral=referral,
                actor=actor,
                expected_version=versions.get(str(referral.public_id)),
            )
        except ApplicationError as exc:  # includes ConflictError
            results.append(BulkResult(referral=referral, error=exc.message))
        except ValidationError as exc:
            results.append(BulkResult(referral=referral, error=" ".join(exc.messages)))
        else:
            referral.status, referral.version = accepted.status, accepted.version
            results.append(BulkResult(referral=referral))
    return results
