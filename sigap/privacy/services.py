"""Writes for break-glass access and the data-protection registers, and the export that
answers a data-subject access request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.cases.access import BREAKGLASS_ROLES, membership_of
from sigap.cases.models import Case
from sigap.core.dates import DateKind, date_check, user_today
from sigap.core.exceptions import ApplicationError
from sigap.privacy.choices import RequestKind, RequestStatus
from sigap.privacy.models import BreakGlassGrant, DataSubjectRequest

REASON_MIN_CHARS = 20


def breakglass_allowed(user) -> bool:
    """True when the user's role may request emergency access to an out-of-scope case."""
    membership = membership_of(user)
    return membership is not None and membership.role in BREAKGLASS_ROLES


@transaction.atomic
def breakglass_open(*, user, case_number: str, reason: str) -> BreakGlassGrant:
    """Grant ``user`` access to the case numbered ``case_number`` for
    ``SIGAP_BREAKGLASS_HOURS`` hours (default 4), with a written ``reason`` of at least 20
    characters. Audited as ``case.break_glass``; listed in the DPO's daily report.

    Raises ApplicationError for a role that may not break glass; ValidationError for an
    unknown case number or a reason that is too short.
    """
    if not breakglass_allowed(user):
        raise ApplicationError(_("Your role may not request emergency access."))
    errors = {}
    if len((reason or "").strip()) < REASON_MIN_CHARS:
        errors["reason"] = [
            _("Explain the reason in at least %(n)d characters.") % {"n": REASON_MIN_CHARS}
        ]
    case = Case.objects.filter(number=(case_number or "").strip().upper()).first()
    if case is None:
        errors["case_number"] = [_("No case has this number.")]
    if errors:
        raise ValidationError(errors)
    hours = getattr(settings, "SIGAP_BREAKGLASS_HOURS", 4)
    grant = BreakGlassGrant.objects.create(
        user=user,
        case=case,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    audit_record(
        actor=user,
        action="case.break_glass",
        target=case,
        changes={"grant": str(grant.public_id), "hours": hours},
    )
    return grant


@transaction.atomic
def subject_request_register(
    *,
    actor,
    kind: str,
    case_number: str = "",
    received_on=None,
    participant=None,
) -> DataSubjectRequest:
    """Register a data-subject request with its deadline (``SIGAP_DSR_DAYS`` days after
    receipt, default 3: the 3 × 24-hour response of UU 27/2022 PDP Pasal 32–33 [verify]).

    ``participant`` is the data subject in the case numbered ``case_number`` (see
    ``privacy.selectors.subject_participant_find``); an access request needs one, since its
    answer is the export of that one person's data. Audited as ``privacy.request_register``
    (kind and whether a participant is named; never who).
    """
    case_number = (case_number or "").strip().upper()
    if participant is not None and participant.case.number != case_number:
        raise ValidationError({"case_number": [_("The person is not in this case.")]})
    if kind == RequestKind.ACCESS and participant is None:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _("An access request needs the person: give their NIK or reference.")
                ]
            }
        )
    received_on = received_on or user_today(actor)
    date_check(received_on, field="received_on", kind=DateKind.RECORD, user=actor)
    days = getattr(settings, "SIGAP_DSR_DAYS", 3)
    request = DataSubjectRequest(
        kind=kind,
        case_number=case_number,
        participant=participant,
        received_on=received_on,
        due_on=received_on + timedelta(days=days),
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="privacy.request_register",
        target=request,
        changes={"kind": kind, "participant": participant is not None},
    )
    return request


CLOSING_STATUSES = (RequestStatus.COMPLETED, RequestStatus.REFUSED)


@transaction.atomic
def subject_request_close(
    *, actor, request: DataSubjectRequest, status: str, outcome: str
) -> DataSubjectRequest:
    """Record the outcome of ``request`` (what was corrected or restricted, the copy handed
    over, or the legal exception for a refusal) and close it as ``completed`` or ``refused``.
    Audited as ``privacy.request_close`` with the status, not the outcome text."""
    if not request.is_open:
        raise ApplicationError(_("This request is already closed."))
    errors = {}
    if status not in CLOSING_STATUSES:
        errors["status"] = [_("Choose completed or refused.")]
    if not (outcome or "").strip():
        errors["outcome"] = [_("Record the outcome.")]
    if errors:
        raise ValidationError(errors)
    request.status = status
    request.outcome = outcome.strip()
    request.closed_on = timezone.localdate()
    request.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    audit_record(
        actor=actor,
        action="privacy.request_close",
        target=request,
        changes={"kind": request.kind, "status": status},
    )
    return request


PERSON_FIELDS = (
    "full_name",
    "nik",
    "sex",
    "date_of_birth",
    "estimated_age",
    "nationality",
    "phone",
    "address",
)


def _iso(value):
    return value.isoformat() if value else None


def _person_data(person) -> dict:
    data = {name: getattr(person, name) for name in PERSON_FIELDS}
    data["date_of_birth"] = _iso(person.date_of_birth)
    data["nationality"] = str(person.nationality.code) if person.nationality else ""
    area = person.origin_area
    data["origin_area"] = {"code": area.code, "label": area.label} if area else None
    return data


@transaction.atomic
def subject_data_export(*, actor, request: DataSubjectRequest) -> dict:
    """The answer to an access request (UU 27/2022 PDP Pasal 7): everything SIGAP holds about
    the one person named in ``request``, as a JSON-ready dict: their personal fields, their
    participations (with case numbers), the identifications recorded for them, the referrals
    of them and the services delivered under those referrals. Nothing of other people: no
    case summary, journey, notes, other participants or identification notes (these are shared
    by the victims of one identification); free text that is the person's own (a referral
    note, a service description) is included for the DPO to review before handing it over.

    Reads the cases and referrals models directly, filtered on this person only. Audited as
    ``privacy.subject_export`` with counts and field names, never the data.
    """
    if request.kind != RequestKind.ACCESS or request.participant_id is None:
        raise ApplicationError(_("Only an access request naming a person can be exported."))
    from django.apps import apps

    Participant = apps.get_model("cases", "Participant")  # noqa: N806
    Referral = apps.get_model("referrals", "Referral")  # noqa: N806 - lazy: referrals is rightward
    person = (
        Participant.objects.select_related("person", "person__origin_area")
        .get(pk=request.participant_id)
        .person
    )
    participations = list(
        Participant.objects.filter(person=person)
        .select_related("case")
        .prefetch_related("identifications")
        .order_by("id")
    )
    referrals = list(
        Referral.objects.filter(victim__person=person)
        .select_related("case", "victim", "service", "from_agency", "to_agency")
        .prefetch_related("deliveries")
        .order_by("sent_at", "id")
    )
    data = {
        "request": {
            "public_id": str(request.public_id),
            "kind": request.kind,
            "received_on": _iso(request.received_on),
            "generated_at": timezone.now().isoformat(),
        },
        "person": _person_data(person),
        "participations": [
            {
                "public_id": str(p.public_id),
                "case_number": p.case.number,
                "role": p.role,
                "is_child": p.is_child,
                "age_at_exploitation": p.age_at_exploitation,
                "case_status": p.case.status,
                "case_reported_on": _iso(p.case.reported_on),
            }
            for p in participations
        ],
        "identifications": [
            {
                "case_number": p.case.number,
                "result": ident.result,
                "reason": ident.reason,
                "process": ident.process,
                "means": ident.means,
                "purpose": ident.purpose,
                "recorded_at": _iso(ident.created_at),
            }
            for p in participations
            for ident in p.identifications.all()
        ],
        "referrals": [
            {
                "public_id": str(r.public_id),
                "case_number": r.case.number,
                "service": str(r.service),
                "from_agency": str(r.from_agency),
                "to_agency": str(r.to_agency),
                "status": r.status,
                "sharing_basis": r.sharing_basis,
                "sent_at": _iso(r.sent_at),
                "due_on": _iso(r.due_on),
                "completed_at": _iso(r.completed_at),
                "note": r.note,
            }
            for r in referrals
        ],
        "services_delivered": [
            {
                "referral": str(r.public_id),
                "service": str(r.service),
                "delivered_on": _iso(d.delivered_on),
                "description": d.description,
            }
            for r in referrals
            for d in r.deliveries.all()
        ],
    }
    audit_record(
        actor=actor,
        action="privacy.subject_export",
        target=request,
        changes={
            "fields": list(PERSON_FIELDS) + ["origin_area"],
            "participations": len(data["participations"]),
            "identifications": len(data["identifications"]),
            "referrals": len(data["referrals"]),
            "services_delivered": len(data["services_delivered"]),
        },
    )
    return data
