"""Reads for the data-protection officer: break-glass grants, the data-subject request register."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from sigap.privacy.choices import ActionStatus, BreachStatus, RequestStatus
from sigap.privacy.models import (
    BreachIncident,
    BreakGlassGrant,
    DataSubjectRequest,
    ProcessingActivity,
    SubjectAction,
)


def breakglass_recent(*, hours: int = 24) -> QuerySet[BreakGlassGrant]:
    """Grants created in the last ``hours`` hours, with user and case selected."""
    since = timezone.now() - timedelta(hours=hours)
    return (
        BreakGlassGrant.objects.filter(created_at__gte=since)
        .select_related("user", "case")
        .order_by("created_at")
    )


def active_grant_case_ids(*, user):
    """Subquery of case ids the user holds an unexpired break-glass grant for."""
    return BreakGlassGrant.objects.active().filter(user=user).values("case_id")


def subject_request_list() -> QuerySet[DataSubjectRequest]:
    """The data-subject request register: open requests first by due date, then closed ones
    (most recently due first). For the data-protection officer; no case content."""
    open_first = Case(
        When(status__in=[RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return DataSubjectRequest.objects.annotate(closed=open_first).order_by("closed", "due_on", "id")


def subject_request_get(*, public_id) -> DataSubjectRequest:
    """One request by its public id, else Http404."""
    request = (
        DataSubjectRequest.objects.select_related("participant__person")
        .filter(public_id=public_id)
        .first()
    )
    if request is None:
        raise Http404
    return request


def subject_participant_find(*, case_number: str, nik: str = "", reference=None):
    """The participant of the case numbered ``case_number`` who is the data subject: matched
    by the NIK the subject shows (keyed hash, ``Person.nik_hash``; the NIK itself is never
    stored in the register) or by the participant reference (``public_id``) the handling case
    team gives. Reads the cases models directly: the DPO has no case scope, and this touches
    nothing but the one named participant. None when nothing matches."""
    from sigap.cases.models import Participant
    from sigap.core import crypto

    qs = Participant.objects.filter(case__number=(case_number or "").strip().upper())
    if reference:
        qs = qs.filter(public_id=reference)
    elif nik:
        qs = qs.filter(person__nik_hash=crypto.nik_hash(nik.strip()))
    else:
        return None
    return qs.select_related("case", "person").order_by("id").first()


def subject_action_get(*, public_id) -> SubjectAction:
    """One prepared action by its public id (request and users selected), else Http404."""
    action = (
        SubjectAction.objects.select_related(
            "request", "request__participant__person", "prepared_by", "decided_by"
        )
        .filter(public_id=public_id)
        .first()
    )
    if action is None:
        raise Http404
    return action


def subject_action_list(*, request: DataSubjectRequest) -> QuerySet[SubjectAction]:
    """The actions prepared for ``request``, newest first, with their users."""
    return request.actions.select_related("prepared_by", "decided_by").order_by("-created_at")


def breach_list() -> QuerySet[BreachIncident]:
    """The breach register: open (not notified) first, newest discovery first. For the DPO;
    served by the (status, notified_at, discovered_at) index."""
    return BreachIncident.objects.order_by(
        F("notified_at").asc(nulls_first=True), "-discovered_at", "-id"
    )


def breach_get(*, public_id) -> BreachIncident:
    """One incident by its public id, else Http404."""
    incident = BreachIncident.objects.filter(public_id=public_id).first()
    if incident is None:
        raise Http404
    return incident


BREACH_CLOCK_LIMIT = 50


def breach_clock_open(*, user) -> list[BreachIncident]:
    """Breaches whose written notice (UU 27/2022 PDP Pasal 46: within 3 × 24 hours of
    discovery) is not yet recorded as sent, earliest deadline first, at most
    :data:`BREACH_CLOCK_LIMIT`; for "My work" and the daily digest. Empty unless ``user`` holds
    ``privacy.view_breachincident`` with the auditor / data-protection officer role."""
    from sigap.agencies.choices import Role
    from sigap.cases.access import membership_of

    membership = membership_of(user)
    if membership is None or membership.role != Role.AUDITOR:
        return []
    if not user.has_perm("privacy.view_breachincident"):
        return []
    return list(
        BreachIncident.objects.filter(notified_at__isnull=True)
        .exclude(status=BreachStatus.CLOSED)
        .order_by("discovered_at", "id")[:BREACH_CLOCK_LIMIT]
    )


@dataclass(frozen=True)
class NoticeEntry:
    """One purpose of the privacy notice, read from a ProcessingActivity."""

    purpose: str
    lawful_basis: str
    legal_reference: str
    data_categories: str
    data_subjects: str
    recipients: str
    retention: str


def privacy_notice_entries() -> list[NoticeEntry]:
    """The privacy notice's purposes, one per ProcessingActivity, in the register's order
    (UU 27/2022 PDP Pasal 5 and Pasal 21 [verify]: the subject is informed of the legal basis,
    purpose, kind of data, retention and recipients); the lawful basis as its label in the
    active language. Public information: no personal data."""
    return [
        NoticeEntry(
            purpose=a.purpose,
            lawful_basis=str(a.get_lawful_basis_display()),
            legal_reference=a.legal_reference,
            data_categories=a.data_categories,
            data_subjects=a.data_subjects,
            recipients=a.recipients,
            retention=a.retention,
        )
        for a in ProcessingActivity.objects.order_by("purpose", "id")
    ]


def subject_actions_waiting(*, user) -> QuerySet[SubjectAction]:
    """Actions waiting for a second person's approval that ``user`` may approve (holds
    ``privacy.approve_subjectaction``; never their own), oldest first."""
    if not user.has_perm("privacy.approve_subjectaction"):
        return SubjectAction.objects.none()
    return (
        SubjectAction.objects.filter(status=ActionStatus.PENDING)
        .exclude(prepared_by=user)
        .select_related("request")
        .order_by("created_at", "id")
    )


def breach_digest_rows(*, user, items, today) -> None:
    """Daily-digest rows (registered with ``sigap.casework.selectors.DIGEST_CONTRIBUTORS``):
    for the data-protection officer, each breach without its notice; past the 3 × 24 hours
    under ``items.overdue``, the others (clock running) under ``items.due_today``. The label
    names the deadline, never the content of the breach. ``today`` is unused: the clock runs
    in hours from now."""
    from django.utils.translation import gettext as _

    from sigap.privacy.clock import breach_clock

    now = timezone.now()
    for incident in breach_clock_open(user=user):
        clock = breach_clock(incident, now=now)
        when = timezone.localtime(clock.notify_by).strftime("%d-%m-%Y %H:%M")
        row = (_("Data breach"), _("notice due by %(when)s") % {"when": when})
        (items.overdue if clock.state == "overdue" else items.due_today).append(row)
