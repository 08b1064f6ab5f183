"""Model constraints and representations that must hold whatever code path writes the rows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sigap.agencies.models import Agency, Service
from sigap.cases.models import Case, CaseExploitation, Person
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db


def test_closed_case_needs_a_closing_date(open_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=open_case.pk).update(status="closed", closed_at=None)


def test_exploitation_form_is_unique_per_case(reported_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseExploitation.objects.create(case=reported_case, form="forced_labour")


def test_case_number_is_unique(reported_case, reporter_kemayoran, areas):
    from sigap.cases.tests.factories import report_case

    second = report_case(actor=reporter_kemayoran, areas=areas)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=second.pk).update(number=reported_case.number)


def test_referral_to_own_agency_is_refused_by_the_database(open_case, caseworker_a):
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        type(referral).objects.filter(pk=referral.pk).update(to_agency=referral.from_agency)


@pytest.mark.parametrize("nik", ["123", "12345678901234567", "12345678901234ab"])
def test_person_nik_must_be_16_digits(nik):
    person = Person(full_name="Nama Sintetis", nik=nik)
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    assert "nik" in excinfo.value.message_dict


def test_person_estimated_age_is_bounded():
    with pytest.raises(ValidationError) as excinfo:
        Person(full_name="Nama Sintetis", estimated_age=121).full_clean()
    assert "estimated_age" in excinfo.value.message_dict


def test_string_forms_carry_no_personal_data(open_case):
    participant = open_case.participants.select_related("person").first()
    name = participant.person.full_name
    assert str(open_case) == open_case.number
    assert name not in str(participant.person)
    assert name not in str(participant)
    assert str(participant.person.public_id) in str(participant.person)


def test_open_queryset_excludes_closed_cases(open_case, caseworker_a):
    from sigap.cases.services import case_close

    assert Case.objects.open().filter(pk=open_case.pk).exists()
    case_close(case=open_case, actor=caseworker_a, reason="services_completed")
    assert not Case.objects.open().filter(pk=open_case.pk).exists()
