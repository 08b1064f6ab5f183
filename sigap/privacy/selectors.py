"""Reads for the data-protection officer: break-glass grants, the data-subject request register."""

from datetime import timedelta

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from sigap.privacy.choices import RequestStatus
from sigap.privacy.models import BreakGlassGrant, DataSubjectRequest


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
        DataSubjectRequest.objects.select_related("participant").filter(public_id=public_id).first()
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
