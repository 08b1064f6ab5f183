"""Retention: closed cases are anonymised after SIGAP_RETENTION_YEARS (issue 3 §8)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseNote, Participant, Person
from sigap.cases.services import (
    ANONYMISED,
    PersonData,
    case_anonymise,
    case_close,
    case_note_add,
    case_open,
)
from sigap.cases.tests.factories import report_case
from sigap.core.exceptions import ApplicationError
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

NAME = "Cempaka Rahasiaretensi"  # synthetic
NIK = "3171014404100005"
NOTE = "Catatan sintetis: Cempaka tinggal di Jalan Rahasia 9."


def _victim(areas):
    return PersonData(
        full_name=NAME,
        sex="F",
        date_of_birth=date(2010, 4, 4),
        nik=NIK,
        phone="081200000009",
        address="Jalan Rahasia 9",
        origin_area=areas["33.01.01.2001"],
    )


def _closed_case(reporter, caseworker, areas, *, years_ago: float) -> Case:
    case = case_open(
        case=report_case(actor=reporter, areas=areas, victims=[_victim(areas)]), actor=caseworker
    )
    case_note_add(case=case, actor=caseworker, body=NOTE)
    referral_send(
        case=case,
        actor=caseworker,
        victim=case.participants.get(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
        note=NOTE,
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
    )
    case_close(case=case, actor=caseworker, reason="services_completed", note=NOTE)
    closed_at = timezone.now() - timedelta(days=int(365.25 * years_ago))
    Case.objects.filter(pk=case.pk).update(closed_at=closed_at)
    case.refresh_from_db()
    return case


@pytest.fixture
def old_case(reporter_kemayoran, caseworker_a, areas):
    return _closed_case(reporter_kemayoran, caseworker_a, areas, years_ago=6)


def _run(*args):
    out = StringIO()
    call_command("retention_anonymise", *args, stdout=out)
    return out.getvalue()


def _raw(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return repr(cursor.fetchall())


def test_dry_run_lists_due_cases_and_changes_nothing(old_case):
    output = _run("--dry-run")
    assert f"due: {old_case.number}" in output
    person = Person.objects.get()
    assert person.full_name == NAME
    assert not AuditEvent.objects.filter(action="case.anonymise").exists()


def test_due_case_is_anonymised_keeping_statistics(old_case):
    participant = old_case.participants.select_related("person").get()
    age, child = participant.age_at_exploitation, participant.is_child
    output = _run()
    assert f"anonymised: {old_case.number}" in output
    person = Person.objects.get()
    assert (person.full_name, person.nik, person.phone, person.address) == (ANONYMISED, "", "", "")
    assert person.date_of_birth is None
    assert (person.nik_hash, person.name_index) == ("", "")
    assert person.sex == "F"
    assert person.origin_area_id == "33.01"  # kabupaten kept, desa dropped
    participant.refresh_from_db()
    assert (participant.age_at_exploitation, participant.is_child) == (age, child)
    old_case.refresh_from_db()
    assert old_case.summary == ANONYMISED
    assert old_case.closure_note == ""
    assert old_case.closure_reason == "services_completed"
    assert list(CaseNote.objects.values_list("body", flat=True)) == [""]
    assert list(Referral.objects.values_list("note", flat=True)) == [""]
    assert all(not j.place_note for j in old_case.journey.all())
    # nothing of the victim is left anywhere in these tables, encrypted or not
    for plain in (NAME, "Rahasiaretensi", NIK, "Jalan Rahasia"):
        for table in ("cases_person", "cases_casenote", "referrals_referral", "cases_case"):
            assert plain not in _raw(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
    event = AuditEvent.objects.get(action="case.anonymise")
    assert event.target_public_id == old_case.public_id
    assert event.actor_id is None
    assert event.changes["persons_anonymised"] == 1
    assert NAME not in repr(event.changes)


def test_running_twice_changes_nothing_more(old_case):
    _run()
    version = Case.objects.get(pk=old_case.pk).version
    output = _run()
    assert "0 case(s)" in output
    case_anonymise(case=old_case)  # the service itself is idempotent too
    assert AuditEvent.objects.filter(action="case.anonymise").count() == 1
    assert Case.objects.get(pk=old_case.pk).version == version


def test_recently_closed_and_open_cases_are_never_touched(
    old_case, reporter_kemayoran, caseworker_a, areas
):
    recent = _closed_case(reporter_kemayoran, caseworker_a, areas, years_ago=1)
    still_open = case_open(
        case=report_case(actor=reporter_kemayoran, areas=areas), actor=caseworker_a
    )
    _run()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.summary != ANONYMISED
    assert still_open.summary != ANONYMISED
    names = sorted(p.person.full_name for p in Participant.objects.select_related("person"))
    assert names.count(ANONYMISED) == 1
    with pytest.raises(ApplicationError):
        case_anonymise(case=still_open)
    assert Case.objects.get(pk=still_open.pk).summary != ANONYMISED


def test_retention_period_comes_from_settings(old_case):
    with override_settings(SIGAP_RETENTION_YEARS=10):
        assert "0 case(s)" in _run()
    assert Person.objects.get().full_name == NAME
    with override_settings(SIGAP_RETENTION_YEARS=5):
        assert "1 case(s)" in _run()
    assert Person.objects.get().full_name == ANONYMISED


def test_person_also_in_an_open_case_is_kept(old_case, reporter_kemayoran, caseworker_a, areas):
    other = case_open(case=report_case(actor=reporter_kemayoran, areas=areas), actor=caseworker_a)
    person = old_case.participants.get().person
    Participant.objects.create(case=other, person=person, role="witness")  # same person
    _run()
    person.refresh_from_db()
    assert person.full_name == NAME  # the open case still needs it
    assert Case.objects.get(pk=old_case.pk).summary == ANONYMISED
    assert AuditEvent.objects.get(action="case.anonymise").changes["persons_kept"] == 1


def test_case_work_and_rights_free_text_is_cleared(old_case, caseworker_a):
    from sigap.casework.models import Assessment, CasePlan, Task
    from sigap.rights.models import RightRecord

    victim = old_case.participants.get()
    Assessment.objects.create(
        case=old_case,
        participant=victim,
        summary=NAME,
        assessed_by=caseworker_a,
        assessed_on=old_case.reported_on,
    )
    CasePlan.objects.create(
        case=old_case, participant=victim, goals=f"Pulang bersama {NAME}", created_by=caseworker_a
    )
    Task.objects.create(
        case=old_case,
        title=f"Kunjungi {NAME}",
        kind="other",
        due_on=old_case.reported_on,
        created_by=caseworker_a,
        assignee_agency=old_case.handling_agency,
    )
    RightRecord.objects.create(
        case=old_case,
        participant=victim,
        right="legal_aid",
        evidence_note=NAME,
        updated_by=caseworker_a,
    )
    _run()
    assert Assessment.objects.get().summary == ""
    assert NAME not in CasePlan.objects.get().goals
    assert NAME not in Task.objects.get().title
    assert RightRecord.objects.get().evidence_note == ""
