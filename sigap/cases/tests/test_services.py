"""Case services: report, open, identify, notes, close (rules, nothing stored on error, audit)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseCounter, CaseNote, Identification, Participant, Person
from sigap.cases.services import (
    JourneyData,
    case_close,
    case_note_add,
    case_open,
    identification_record,
    journey_event_add,
)
from sigap.cases.tests.factories import PersonDataFactory, assert_audited, report_case
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_accept, referral_send

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "case": Case.objects.count(),
        "person": Person.objects.count(),
        "participant": Participant.objects.count(),
        "counter_last": sum(CaseCounter.objects.values_list("last", flat=True)),
        "audit": AuditEvent.objects.count(),
    }


def _victim_names(case):
    return [p.person.full_name for p in case.participants.select_related("person")]


# --- case_report -------------------------------------------------------------------------


def test_report_issues_sequential_numbers_per_kota_and_year(reporter_kemayoran, areas):
    year = timezone.localdate().year
    first = report_case(actor=reporter_kemayoran, areas=areas)
    second = report_case(actor=reporter_kemayoran, areas=areas)
    assert first.number == f"TPPO-3171-{year}-0001"
    assert second.number == f"TPPO-3171-{year}-0002"


def test_report_numbers_restart_for_an_earlier_report_year(reporter_kemayoran, areas):
    report_case(actor=reporter_kemayoran, areas=areas)
    old = report_case(
        actor=reporter_kemayoran, areas=areas, reported_on=date(2025, 12, 30), journey=[]
    )
    assert old.number == "TPPO-3171-2025-0001"


def test_report_stores_the_case_as_reported_by_the_actors_agency(
    reporter_kemayoran, kelurahan_kemayoran, areas
):
    victim = PersonDataFactory(origin_area=areas["33.01.01.2001"])
    case = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[victim],
        exploitation_forms=["forced_labour", "sexual", "forced_labour"],
    )
    case.refresh_from_db()
    assert case.status == "reported"
    assert case.reporting_agency == kelurahan_kemayoran
    assert case.handling_agency is None
    assert case.report_area_id == "31.71.03.1001"
    assert sorted(case.exploitations.values_list("form", flat=True)) == ["forced_labour", "sexual"]
    participant = case.participants.get()
    assert participant.role == "victim"
    assert participant.person.origin_area_id == "33.01.01.2001"
    event = assert_audited(
        action="case.report",
        actor=reporter_kemayoran,
        target=case,
        pii=[victim.full_name, victim.date_of_birth.isoformat()],
    )
    assert event.changes["victims_added"] == 1


def test_report_derives_child_flag_from_age_at_exploitation(reporter_kemayoran, areas):
    child = PersonDataFactory(date_of_birth=date(2010, 5, 1))
    adult = PersonDataFactory(date_of_birth=date(1995, 5, 1))
    case = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[child, adult],
        journey=[
            JourneyData(stage="recruitment", occurred_on=date(2026, 1, 5)),
            JourneyData(stage="exploitation", country="MY", occurred_on=date(2026, 3, 1)),
        ],
    )
    flags = {
        p.person.full_name: (p.is_child, p.age_at_exploitation)
        for p in case.participants.select_related("person")
    }
    assert flags[child.full_name] == (True, 15)
    assert flags[adult.full_name] == (False, 30)
    assert_audited(
        action="case.report", actor=reporter_kemayoran, target=case, pii=[child.full_name]
    )


def test_report_victim_without_any_age_has_unknown_child_flag(reporter_kemayoran, areas):
    case = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[PersonDataFactory(date_of_birth=None, estimated_age=None)],
    )
    participant = case.participants.get()
    assert participant.is_child is None
    assert participant.age_at_exploitation is None


def test_report_uses_estimated_age_when_no_birth_date(reporter_kemayoran, areas):
    case = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[PersonDataFactory(date_of_birth=None, estimated_age=16)],
    )
    assert case.participants.get().is_child is True


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("date_of_birth", {"victims": "future_dob"}),
        ("report_area", {"report_area": "31.71.03"}),
        ("summary", {"summary": "   "}),
        ("exploitation_forms", {"exploitation_forms": ["not-a-form"]}),
        ("full_name", {"victims": "blank_name"}),
        ("nik", {"victims": "bad_nik"}),
    ],
)
def test_report_bad_input_raises_and_stores_nothing(reporter_kemayoran, areas, field, overrides):
    tomorrow = timezone.localdate() + timedelta(days=1)
    victims = {
        "future_dob": [PersonDataFactory(date_of_birth=tomorrow)],
        "blank_name": [PersonDataFactory(full_name="  ")],
        "bad_nik": [PersonDataFactory(nik="12345")],
    }
    kwargs = {}
    for key, value in overrides.items():
        if key == "victims":
            kwargs[key] = victims[value]
        elif key == "report_area":
            kwargs[key] = areas[value]  # a kecamatan, not a kelurahan
        else:
            kwargs[key] = value
    # One valid victim first: it must not be stored either.
    if "victims" in kwargs:
        kwargs["victims"] = [PersonDataFactory(), *kwargs["victims"]]
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        report_case(actor=reporter_kemayoran, areas=areas, **kwargs)
    assert field in excinfo.value.message_dict
    assert _counts() == before


def test_report_refused_for_user_without_agency(django_user_model, areas, reference):
    from sigap.accounts.services import user_create

    user = user_create(username="no-agency", password="x-synthetic-password-1")
    before = _counts()
    with pytest.raises(ApplicationError):
        report_case(actor=user, areas=areas)
    assert _counts() == before


def test_report_error_message_does_not_echo_personal_data(reporter_kemayoran, areas):
    victim = PersonDataFactory(date_of_birth=date(2099, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        report_case(actor=reporter_kemayoran, areas=areas, victims=[victim])
    assert victim.full_name not in str(excinfo.value)
    assert "2099" not in str(excinfo.value)


# --- case_open ---------------------------------------------------------------------------


def test_case_manager_opens_a_reported_case(reported_case, caseworker_a, upt_ppa):
    case = case_open(case=reported_case, actor=caseworker_a)
    case.refresh_from_db()
    assert case.status == "open"
    assert case.handling_agency == upt_ppa
    assert case.opened_at is not None
    assert case.version == reported_case.version + 1
    assert_audited(
        action="case.open", actor=caseworker_a, target=case, pii=_victim_names(reported_case)
    )


def test_reporter_cannot_open_a_case(reported_case, reporter_kemayoran):
    audits = AuditEvent.objects.count()
    with pytest.raises(ApplicationError):
        case_open(case=reported_case, actor=reporter_kemayoran)
    reported_case.refresh_from_db()
    assert reported_case.status == "reported"
    assert reported_case.handling_agency is None
    assert AuditEvent.objects.count() == audits


def test_an_open_case_cannot_be_opened_again(open_case, supervisor_a):
    with pytest.raises(ApplicationError):
        case_open(case=open_case, actor=supervisor_a)


# --- identification_record ---------------------------------------------------------------


@pytest.fixture
def mixed_age_case(reporter_kemayoran, caseworker_a, areas):
    """Open case with a child victim (15 at exploitation) and an adult victim."""
    case = report_case(
        actor=reporter_kemayoran,
        areas=areas,
        victims=[
            PersonDataFactory(date_of_birth=date(2010, 5, 1)),
            PersonDataFactory(date_of_birth=date(1996, 2, 29)),
        ],
        journey=[JourneyData(stage="exploitation", country="MY", occurred_on=date(2026, 3, 1))],
    )
    return case_open(case=case, actor=caseworker_a)


def test_identification_gives_child_and_adult_their_own_result(mixed_age_case, caseworker_a):
    child, adult = mixed_age_case.participants.order_by("id")
    results = identification_record(
        case=mixed_age_case,
        actor=caseworker_a,
        victims=[child, adult],
        process=["recruitment", "harbouring"],
        means=[],
        purpose=["forced_labour"],
        notes="Catatan sintetis.",
    )
    by_participant = {r.participant_id: r for r in results}
    assert by_participant[child.pk].result == "indicated"
    assert by_participant[child.pk].is_child is True
    assert by_participant[adult.pk].result == "needs_information"
    assert by_participant[adult.pk].is_child is False
    assert Identification.objects.count() == 2
    events = AuditEvent.objects.filter(
        action="identification.record", target_public_id=mixed_age_case.public_id
    )
    assert sorted(e.changes["result"] for e in events) == ["indicated", "needs_information"]
    assert {e.changes["participant"] for e in events} == {
        str(child.public_id),
        str(adult.public_id),
    }
    assert all(e.actor_id == caseworker_a.pk for e in events)
    assert_audited(
        action="identification.record",
        actor=caseworker_a,
        target=mixed_age_case,
        pii=[*_victim_names(mixed_age_case), "Catatan sintetis."],
    )


def test_identification_with_all_elements_indicates_adult(open_case, caseworker_a):
    victim = open_case.participants.first()
    [ident] = identification_record(
        case=open_case,
        actor=caseworker_a,
        victims=[victim],
        process=["recruitment", "harbouring"],
        means=["deception", "debt_bondage"],
        purpose=["forced_labour"],
    )
    assert ident.result == "indicated"
    assert_audited(
        action="identification.record",
        actor=caseworker_a,
        target=open_case,
        pii=_victim_names(open_case),
    )


def test_identification_refused_for_outsider(open_case, caseworker_b):
    with pytest.raises(ApplicationError):
        identification_record(
            case=open_case,
            actor=caseworker_b,
            victims=list(open_case.participants.all()),
            process=["recruitment"],
            means=["deception"],
            purpose=["forced_labour"],
        )
    assert Identification.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "codes"),
    [("process", ["teleportation"]), ("means", ["magic"]), ("purpose", ["fun"])],
)
def test_identification_rejects_unknown_codes(open_case, caseworker_a, field, codes):
    elements = {"process": ["recruitment"], "means": ["deception"], "purpose": ["forced_labour"]}
    elements[field] = codes
    with pytest.raises(ValidationError) as excinfo:
        identification_record(
            case=open_case, actor=caseworker_a, victims=[open_case.participants.first()], **elements
        )
    assert field in excinfo.value.message_dict
    assert Identification.objects.count() == 0


def test_identification_rejects_a_victim_of_another_case(open_case, mixed_age_case, caseworker_a):
    stranger = mixed_age_case.participants.first()
    with pytest.raises(ValidationError) as excinfo:
        identification_record(
            case=open_case,
            actor=caseworker_a,
            victims=[stranger],
            process=["recruitment"],
            means=["deception"],
            purpose=["forced_labour"],
        )
    assert "victims" in excinfo.value.message_dict
    assert Identification.objects.count() == 0


def test_journey_event_rederives_child_flag(open_case, caseworker_a):
    victim = open_case.participants.order_by("id").first()
    born = victim.person.date_of_birth
    assert victim.is_child is False
    journey_event_add(
        case=open_case,
        actor=caseworker_a,
        data=JourneyData(
            stage="exploitation",
            country="MY",
            occurred_on=born.replace(year=born.year + 16),
        ),
    )
    victim.refresh_from_db()
    assert victim.is_child is True
    assert victim.age_at_exploitation == 16
    assert_audited(
        action="journey.add", actor=caseworker_a, target=open_case, pii=_victim_names(open_case)
    )


# --- case_note_add -----------------------------------------------------------------------


def test_note_is_added_and_audited_without_its_body(open_case, caseworker_a):
    body = "Korban sintetis menerima konseling awal."
    note = case_note_add(case=open_case, actor=caseworker_a, body=body)
    assert CaseNote.objects.get(pk=note.pk).body == body
    event = assert_audited(
        action="case_note.add",
        actor=caseworker_a,
        target=open_case,
        pii=[body, *_victim_names(open_case)],
    )
    assert event.changes["fields"] == ["body"]


def test_note_of_10_mb_is_refused_and_nothing_stored(open_case, caseworker_a):
    before = (CaseNote.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        case_note_add(case=open_case, actor=caseworker_a, body="x" * (10 * 1024 * 1024))
    assert "body" in excinfo.value.message_dict
    assert (CaseNote.objects.count(), AuditEvent.objects.count()) == before


def test_empty_note_is_refused(open_case, caseworker_a):
    with pytest.raises(ValidationError):
        case_note_add(case=open_case, actor=caseworker_a, body="  \n ")
    assert CaseNote.objects.count() == 0


# --- case_close --------------------------------------------------------------------------


def _send(case, actor, agency_code, service_code):
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=case,
        actor=actor,
        victim=case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code=agency_code),
        service=Service.objects.get(code=service_code),
    )


def test_close_revokes_open_referrals(open_case, caseworker_a, health_provider):
    sent = _send(open_case, caseworker_a, "sudin-sosial-jakpus", "shelter")
    accepted = _send(open_case, caseworker_a, "sudin-kesehatan-jakpus", "health_rehab")
    referral_accept(referral=accepted, actor=health_provider)
    case = case_close(case=open_case, actor=caseworker_a, reason="services_completed")
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closed_at is not None
    assert case.closure_reason == "services_completed"
    assert set(Referral.objects.values_list("status", flat=True)) == {"revoked"}
    for referral in (sent, accepted):
        assert_audited(action="referral.revoke", actor=caseworker_a, target=referral)
    event = assert_audited(
        action="case.close", actor=caseworker_a, target=case, pii=_victim_names(case)
    )
    assert event.changes["referrals_revoked"] == 2


def test_outsider_cannot_close_a_case(open_case, caseworker_b):
    with pytest.raises(ApplicationError):
        case_close(case=open_case, actor=caseworker_b, reason="services_completed")
    open_case.refresh_from_db()
    assert open_case.status == "open"
    assert not AuditEvent.objects.filter(action="case.close").exists()


def test_close_with_stale_version_raises_conflict(reported_case, caseworker_a):
    seen_version = reported_case.version  # the form was loaded before the case was opened
    case = case_open(case=reported_case, actor=caseworker_a)
    assert case.version != seen_version
    with pytest.raises(ConflictError):
        case_close(
            case=case,
            actor=caseworker_a,
            reason="services_completed",
            expected_version=seen_version,
        )
    case.refresh_from_db()
    assert case.status == "open"
    assert not AuditEvent.objects.filter(action="case.close").exists()


def test_close_with_current_version_succeeds(open_case, caseworker_a):
    case = case_close(
        case=open_case,
        actor=caseworker_a,
        reason="services_completed",
        expected_version=open_case.version,
    )
    assert case.status == "closed"
    assert_audited(action="case.close", actor=caseworker_a, target=case)


@pytest.mark.parametrize(
    ("reason", "note", "field"), [("bogus", "", "reason"), ("other", "", "note")]
)
def test_close_needs_a_known_reason_and_a_note_for_other(
    open_case, caseworker_a, reason, note, field
):
    with pytest.raises(ValidationError) as excinfo:
        case_close(case=open_case, actor=caseworker_a, reason=reason, note=note)
    assert field in excinfo.value.message_dict
    open_case.refresh_from_db()
    assert open_case.status == "open"


def test_closed_case_takes_no_more_notes(open_case, caseworker_a):
    case_close(case=open_case, actor=caseworker_a, reason="services_completed")
    open_case.refresh_from_db()
    with pytest.raises(ApplicationError):
        case_note_add(case=open_case, actor=caseworker_a, body="Terlambat.")
