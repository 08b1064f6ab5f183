"""Referral services: send, accept, decline, complete (state machine, due dates, audit)."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.agencies.models import Agency, AgencyService, Service
from sigap.audit.models import AuditEvent
from sigap.cases.services import case_close
from sigap.cases.tests.factories import PersonDataFactory, assert_audited, report_case
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.models import Referral, ServiceDelivery
from sigap.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
)

pytestmark = pytest.mark.django_db

# 2026-01-31 17:30 UTC is already 2026-02-01 00:30 in Jakarta (UTC+7).
LATE_EVENING_UTC = datetime(2026, 1, 31, 17, 30, tzinfo=UTC)


def _agency(code):
    return Agency.objects.get(code=code)


def _service(code):
    return Service.objects.get(code=code)


def _names(case):
    return [p.person.full_name for p in case.participants.select_related("person")]


def _send(case, actor, agency_code="sudin-kesehatan-jakpus", service_code="health_rehab", **kw):
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=case,
        actor=actor,
        victim=kw.pop("victim", None) or case.participants.order_by("id").first(),
        to_agency=_agency(agency_code),
        service=_service(service_code),
        **kw,
    )


@pytest.fixture
def referral(open_case, caseworker_a):
    """A referral from UPT PPA to Sudin Kesehatan for health rehabilitation (status sent)."""
    return _send(open_case, caseworker_a, note="Catatan rujukan sintetis.")


# --- referral_send -----------------------------------------------------------------------


def test_handling_agency_refers_a_victim(open_case, caseworker_a, upt_ppa):
    note = "Catatan rujukan sintetis."
    referral = _send(open_case, caseworker_a, note=note)
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert referral.from_agency == upt_ppa
    assert referral.to_agency.code == "sudin-kesehatan-jakpus"
    assert referral.sent_by == caseworker_a
    event = assert_audited(
        action="referral.send",
        actor=caseworker_a,
        target=referral,
        pii=[*_names(open_case), note],
    )
    assert event.changes["case"] == str(open_case.public_id)
    assert event.changes["service"] == "health_rehab"


def test_referral_to_the_cases_own_agency_is_refused(open_case, caseworker_a):
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, caseworker_a, agency_code="upt-ppa-dki", service_code="shelter")
    assert "to_agency" in excinfo.value.message_dict
    assert Referral.objects.count() == 0
    assert not AuditEvent.objects.filter(action="referral.send").exists()


@pytest.mark.parametrize("persona", ["caseworker_b", "reporter_kemayoran", "health_provider"])
def test_only_the_handling_agency_may_refer(open_case, request, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(ApplicationError):
        _send(open_case, actor, agency_code="polres-jakpus-ppa", service_code="law_enforcement")
    assert Referral.objects.count() == 0


def test_a_case_not_yet_opened_cannot_be_referred(reported_case, caseworker_a):
    with pytest.raises(ApplicationError):
        _send(reported_case, caseworker_a)
    assert Referral.objects.count() == 0


def test_a_closed_case_cannot_be_referred(open_case, caseworker_a):
    case_close(case=open_case, actor=caseworker_a, reason="services_completed")
    with pytest.raises(ApplicationError):
        _send(open_case, caseworker_a)
    assert Referral.objects.count() == 0


def test_referral_to_an_inactive_agency_is_refused(open_case, caseworker_a):
    Agency.objects.filter(code="sudin-kesehatan-jakpus").update(is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, caseworker_a)
    assert "to_agency" in excinfo.value.message_dict


def test_referral_of_a_person_from_another_case_is_refused(
    open_case, caseworker_a, reporter_kemayoran, areas
):
    other = report_case(
        actor=reporter_kemayoran, areas=areas, victims=[PersonDataFactory()], journey=[]
    )
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, caseworker_a, victim=other.participants.get())
    assert "victim" in excinfo.value.message_dict


# --- due dates (Asia/Jakarta calendar days) ----------------------------------------------


@pytest.mark.parametrize(
    ("agency_code", "service_code", "due"),
    [
        ("sudin-kesehatan-jakpus", "health_rehab", date(2026, 2, 8)),  # agency limit 7
        ("sudin-sosial-jakpus", "shelter", date(2026, 2, 2)),  # agency limit 1
        ("kejari-jakpus", "restitution", date(2026, 2, 15)),  # agency limit 14 (default)
    ],
)
def test_due_date_counts_from_the_jakarta_date_sent(
    open_case, caseworker_a, agency_code, service_code, due
):
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):
        assert timezone.localdate() == date(2026, 2, 1)
        referral = _send(open_case, caseworker_a, agency_code, service_code)
    assert referral.sent_at == LATE_EVENING_UTC
    assert referral.due_on == due


def test_due_date_follows_the_agencys_own_limit(open_case, caseworker_a):
    AgencyService.objects.filter(
        agency__code="sudin-sosial-jakpus", service__code="social_rehab"
    ).update(days_limit=3)
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):
        referral = _send(open_case, caseworker_a, "sudin-sosial-jakpus", "social_rehab")
    assert referral.due_on == date(2026, 2, 1) + timedelta(days=3)


# --- accept ------------------------------------------------------------------------------


def test_receiving_agency_accepts(referral, health_provider, open_case):
    accepted = referral_accept(referral=referral, actor=health_provider)
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert accepted.responded_by == health_provider
    assert accepted.responded_at is not None
    assert accepted.version == referral.version + 1
    assert_audited(
        action="referral.accept", actor=health_provider, target=referral, pii=_names(open_case)
    )


@pytest.mark.parametrize("persona", ["social_provider", "caseworker_a", "police_officer"])
def test_only_the_receiving_agency_may_accept(referral, request, persona):
    with pytest.raises(ApplicationError):
        referral_accept(referral=referral, actor=request.getfixturevalue(persona))
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert not AuditEvent.objects.filter(action="referral.accept").exists()


def test_receiving_agency_member_without_respond_permission_cannot_accept(referral, make_user):
    clerk = make_user(Role.REPORTER, "sudin-kesehatan-jakpus", "clerk-kesehatan")
    with pytest.raises(ApplicationError):
        referral_accept(referral=referral, actor=clerk)
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_referral_cannot_be_accepted_twice(referral, health_provider):
    referral_accept(referral=referral, actor=health_provider)
    with pytest.raises(ApplicationError):
        referral_accept(referral=referral, actor=health_provider)


def test_accept_with_stale_version_raises_conflict(referral, health_provider):
    with pytest.raises(ConflictError):
        referral_accept(
            referral=referral, actor=health_provider, expected_version=referral.version - 1
        )
    referral.refresh_from_db()
    assert referral.status == "sent"


# --- decline -----------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_decline_needs_a_reason(referral, health_provider, reason):
    with pytest.raises(ValidationError) as excinfo:
        referral_decline(referral=referral, actor=health_provider, reason=reason)
    assert "reason" in excinfo.value.message_dict
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert not AuditEvent.objects.filter(action="referral.decline").exists()


def test_decline_with_reason_is_recorded_and_audited_without_the_text(
    referral, health_provider, open_case
):
    reason = "Kapasitas layanan penuh (alasan sintetis)."
    declined = referral_decline(referral=referral, actor=health_provider, reason=reason)
    declined.refresh_from_db()
    assert declined.status == "declined"
    assert declined.decline_reason == reason
    assert_audited(
        action="referral.decline",
        actor=health_provider,
        target=referral,
        pii=[reason, *_names(open_case)],
    )


def test_accepted_referral_cannot_be_declined(referral, health_provider):
    referral_accept(referral=referral, actor=health_provider)
    with pytest.raises(ApplicationError):
        referral_decline(referral=referral, actor=health_provider, reason="Terlambat.")
    referral.refresh_from_db()
    assert referral.status == "accepted"


# --- complete ----------------------------------------------------------------------------


def test_sent_referral_cannot_be_completed(referral, health_provider):
    with pytest.raises(ApplicationError):
        referral_complete(
            referral=referral,
            actor=health_provider,
            delivered_on=timezone.localdate(),
            description="Pemeriksaan kesehatan.",
        )
    assert ServiceDelivery.objects.count() == 0


@pytest.fixture
def accepted(referral, health_provider):
    return referral_accept(referral=referral, actor=health_provider)


def test_completion_records_the_delivery(accepted, health_provider, open_case):
    description = "Pemeriksaan kesehatan menyeluruh (uraian sintetis)."
    done = referral_complete(
        referral=accepted,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description=description,
    )
    done.refresh_from_db()
    assert done.status == "completed"
    assert done.completed_at is not None
    delivery = ServiceDelivery.objects.get(referral=done)
    assert delivery.delivered_on == timezone.localdate()
    assert delivery.recorded_by == health_provider
    event = assert_audited(
        action="referral.complete",
        actor=health_provider,
        target=accepted,
        pii=[description, *_names(open_case)],
    )
    assert event.changes["status"] == ["accepted", "completed"]


@pytest.mark.parametrize(
    ("delivered_offset", "description", "field"),
    [
        (1, "Pemeriksaan kesehatan.", "delivered_on"),  # tomorrow: in the future
        (-400, "Pemeriksaan kesehatan.", "delivered_on"),  # before the referral was sent
        (0, "  ", "description"),
    ],
)
def test_completion_validates_date_and_description(
    accepted, health_provider, delivered_offset, description, field
):
    with pytest.raises(ValidationError) as excinfo:
        referral_complete(
            referral=accepted,
            actor=health_provider,
            delivered_on=timezone.localdate() + timedelta(days=delivered_offset),
            description=description,
        )
    assert field in excinfo.value.message_dict
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert ServiceDelivery.objects.count() == 0
    assert not AuditEvent.objects.filter(action="referral.complete").exists()


def test_completed_referral_cannot_be_completed_again(accepted, health_provider):
    referral_complete(
        referral=accepted,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Pemeriksaan kesehatan.",
    )
    with pytest.raises(ApplicationError):
        referral_complete(
            referral=accepted,
            actor=health_provider,
            delivered_on=timezone.localdate(),
            description="Lagi.",
        )
    assert ServiceDelivery.objects.count() == 1


def test_outsider_cannot_complete(accepted, social_provider):
    with pytest.raises(ApplicationError):
        referral_complete(
            referral=accepted,
            actor=social_provider,
            delivered_on=timezone.localdate(),
            description="Bukan urusan kami.",
        )
    assert ServiceDelivery.objects.count() == 0
