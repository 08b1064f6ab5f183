"""Carrying out data-subject requests with four eyes (issue 7 finding 12): correction,
restriction (and its lift), erasure and refusal are prepared by one data-protection officer
and take effect only when a second one with ``privacy.approve_subjectaction`` approves."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sigap.agencies.choices import Role
from sigap.audit.history import MASK
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, Person
from sigap.cases.selectors import case_list
from sigap.cases.services import ERASED, PersonData
from sigap.core import crypto
from sigap.core.exceptions import ApplicationError
from sigap.privacy.choices import ActionStatus, RequestStatus
from sigap.privacy.models import SubjectAction
from sigap.privacy.services import (
    subject_action_approve,
    subject_action_prepare,
    subject_action_reject,
    subject_request_register,
)

pytestmark = pytest.mark.django_db

MARKER = "Rahasiaterbatas"  # unique surname searched for in every answer
NIK = "3171034101980042"


@pytest.fixture
def dpo(make_user):
    return make_user(Role.AUDITOR, "pemkot-jakpus", "dpo-one")


@pytest.fixture
def dpo2(make_user):
    return make_user(Role.AUDITOR, "pemkot-jakpus", "dpo-two")


@pytest.fixture
def case(caseworker_a, areas):
    from sigap.cases.services import case_open, case_report

    reported = case_report(
        actor=caseworker_a,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic case for subject actions.",
        victims=[
            PersonData(
                full_name=f"Seruni {MARKER}",
                nik=NIK,
                sex="F",
                date_of_birth=date(1995, 4, 2),
                phone="081200000042",
                address="Jalan Sintetis 42",
                origin_area=areas["33.01.01.2001"],
            )
        ],
    )
    return case_open(case=reported, actor=caseworker_a)


@pytest.fixture
def participant(case):
    return case.participants.select_related("person").get()


def _request(dpo, case, participant, kind):
    return subject_request_register(
        actor=dpo, kind=kind, case_number=case.number, participant=participant
    )


def _person(participant) -> Person:
    return Person.objects.get(pk=participant.person_id)


# --- Four eyes ----------------------------------------------------------------------------------


def test_preparer_cannot_approve_and_nothing_changes(dpo, case, participant):
    dsr = _request(dpo, case, participant, "correction")
    action = subject_action_prepare(
        actor=dpo, request=dsr, kind="correct", values={"full_name": "Seruni Benar"}
    )
    with pytest.raises(ApplicationError):
        subject_action_approve(actor=dpo, action=action)
    assert _person(participant).full_name == f"Seruni {MARKER}"
    action.refresh_from_db()
    assert action.status == ActionStatus.PENDING


def test_preparer_gets_an_error_on_the_page_and_no_change(client, dpo, case, participant):
    dsr = _request(dpo, case, participant, "restriction")
    action = subject_action_prepare(actor=dpo, request=dsr, kind="restrict")
    client.force_login(dpo)
    response = client.post(reverse("privacy:action-approve", args=[action.public_id]), follow=True)
    assert response.status_code == 200
    assert "Prinsip empat mata" in response.content.decode()  # the message, in Indonesian
    assert _person(participant).identity_restricted is False


def test_auditor_without_the_approval_permission_gets_403(client, dpo, dpo2, case, participant):
    dsr = _request(dpo, case, participant, "restriction")
    action = subject_action_prepare(actor=dpo, request=dsr, kind="restrict")
    perm = Permission.objects.get(codename="approve_subjectaction")
    Group.objects.get(name=Role.AUDITOR).permissions.remove(perm)
    client.force_login(dpo2)
    url = reverse("privacy:action-approve", args=[action.public_id])
    assert client.post(url).status_code == 403
    assert client.post(reverse("privacy:action-reject", args=[action.public_id])).status_code == 403
    assert _person(participant).identity_restricted is False


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CASE_MANAGER, Role.LEADERSHIP])
def test_other_roles_get_403_on_every_action_route(client, make_user, dpo, case, participant, role):
    dsr = _request(dpo, case, participant, "restriction")
    action = subject_action_prepare(actor=dpo, request=dsr, kind="restrict")
    client.force_login(make_user(role, "upt-ppa-dki"))
    for url in (
        reverse("privacy:request-action", args=[dsr.public_id]),
        reverse("privacy:action-approve", args=[action.public_id]),
        reverse("privacy:action-reject", args=[action.public_id]),
    ):
        assert client.post(url, {"kind": "restrict"}).status_code == 403, url


def test_second_person_approves_a_correction(dpo, dpo2, case, participant, caseworker_a):
    dsr = _request(dpo, case, participant, "correction")
    action = subject_action_prepare(
        actor=dpo,
        request=dsr,
        kind="correct",
        values={"full_name": "Seruni Kembang", "nik": "3171034101980043"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT proposed FROM privacy_subjectaction WHERE id = %s", [action.pk])
        stored = cursor.fetchone()[0]
    assert "Kembang" not in stored  # the proposed values are encrypted at rest
    subject_action_approve(actor=dpo2, action=action)
    person = _person(participant)
    assert (person.full_name, person.nik) == ("Seruni Kembang", "3171034101980043")
    assert person.nik_hash == crypto.nik_hash("3171034101980043")
    # The search hashes follow: the new name is found, the old surname no longer.
    assert list(case_list(user=caseworker_a, search="Kembang")) == [case]
    assert list(case_list(user=caseworker_a, search=MARKER)) == []
    dsr.refresh_from_db()
    assert dsr.status == RequestStatus.COMPLETED
    event = AuditEvent.objects.filter(action="person.correct").get()
    assert event.actor_id == dpo2.pk
    assert event.changes["diff"]["full_name"] == {"old": MASK, "new": MASK}
    assert event.changes["diff"]["nik"] == {"old": MASK, "new": MASK}
    assert MARKER not in str(event.changes) and "Kembang" not in str(event.changes)
    assert AuditEvent.objects.filter(action="privacy.action_prepare", actor=dpo).exists()


def test_correction_with_a_bad_nik_changes_nothing(dpo, dpo2, case, participant):
    from django.core.exceptions import ValidationError

    dsr = _request(dpo, case, participant, "correction")
    action = subject_action_prepare(actor=dpo, request=dsr, kind="correct", values={"nik": "12"})
    with pytest.raises(ValidationError):
        subject_action_approve(actor=dpo2, action=action)
    assert _person(participant).nik == NIK


def test_reject_needs_a_comment_and_changes_nothing(dpo, dpo2, case, participant):
    dsr = _request(dpo, case, participant, "restriction")
    action = subject_action_prepare(actor=dpo, request=dsr, kind="restrict")
    subject_action_reject(actor=dpo2, action=action, comment="Not enough evidence of identity.")
    action.refresh_from_db()
    assert action.status == ActionStatus.REJECTED
    assert _person(participant).identity_restricted is False
    dsr.refresh_from_db()
    assert dsr.is_open


def test_refusal_records_its_legal_basis(dpo, dpo2, case, participant):
    from django.core.exceptions import ValidationError

    dsr = _request(dpo, case, participant, "deletion")
    with pytest.raises(ValidationError):
        subject_action_prepare(actor=dpo, request=dsr, kind="refuse")
    action = subject_action_prepare(
        actor=dpo, request=dsr, kind="refuse", refusal_basis="law_enforcement"
    )
    subject_action_approve(actor=dpo2, action=action)
    dsr.refresh_from_db()
    assert dsr.status == RequestStatus.REFUSED
    assert "Pasal 15" in dsr.outcome
    assert _person(participant).full_name == f"Seruni {MARKER}"


def test_page_flow_prepare_then_second_person_approves(client, dpo, dpo2, case, participant):
    dsr = _request(dpo, case, participant, "restriction")
    client.force_login(dpo)
    response = client.post(
        reverse("privacy:request-action", args=[dsr.public_id]), {"kind": "restrict"}
    )
    assert response.status_code == 302
    action = SubjectAction.objects.get(request=dsr)
    client.force_login(dpo2)
    page = client.get(reverse("privacy:request-detail", args=[dsr.public_id])).content.decode()
    assert 'id="approve-form"' in page
    client.post(reverse("privacy:action-approve", args=[action.public_id]))
    assert _person(participant).identity_restricted is True


# --- Restriction hides the identity from everyone, the case team included ------------------------


@pytest.fixture
def restricted(dpo, dpo2, case, participant):
    dsr = _request(dpo, case, participant, "restriction")
    subject_action_approve(
        actor=dpo2, action=subject_action_prepare(actor=dpo, request=dsr, kind="restrict")
    )
    return dsr


def test_restriction_hides_the_identity_from_the_case_team(
    client, caseworker_a, supervisor_a, case, participant, restricted
):
    for user in (caseworker_a, supervisor_a):
        client.force_login(user)
        detail = client.get(reverse("cases:case-detail", args=[case.public_id]))
        assert detail.status_code == 200
        assert MARKER not in detail.content.decode()
        assert case.number in detail.content.decode()  # the case itself stays visible
        listing = client.get(reverse("cases:case-list"))
        assert MARKER not in listing.content.decode()
    # Search: neither the name nor the NIK finds the case any more.
    assert list(case_list(user=caseworker_a, search=f"Seruni {MARKER}")) == []
    assert list(case_list(user=caseworker_a, search=NIK)) == []
    assert list(case_list(user=caseworker_a, search=case.number)) == [case]


def test_restriction_hides_the_identity_in_the_api(caseworker_a, case, restricted):
    api = APIClient()
    api.force_authenticate(caseworker_a)
    detail = api.get(f"/api/v1/cases/{case.public_id}/")
    assert detail.status_code == 200
    assert MARKER not in detail.content.decode()
    assert detail.json()["victims"][0]["identity_masked"] is True
    found = api.post("/api/v1/cases/search/", {"name": f"Seruni {MARKER}"}, format="json")
    assert found.status_code == 200 and found.json()["count"] == 0
    listing = api.get("/api/v1/cases/")
    assert MARKER not in listing.content.decode()


def test_restriction_masks_identity_in_the_export(supervisor_a, case, restricted):
    from sigap.cases.access import identity_visible

    participant = case.participants.select_related("person", "case").get()
    assert identity_visible(supervisor_a, participant) is False


def test_lifting_the_restriction_shows_the_identity_again(
    client, dpo, dpo2, caseworker_a, case, restricted
):
    lift = subject_action_prepare(actor=dpo2, request=restricted, kind="lift")
    with pytest.raises(ApplicationError):
        subject_action_approve(actor=dpo2, action=lift)
    subject_action_approve(actor=dpo, action=lift)
    client.force_login(caseworker_a)
    detail = client.get(reverse("cases:case-detail", args=[case.public_id]))
    assert MARKER in detail.content.decode()
    assert list(case_list(user=caseworker_a, search=MARKER)) == [case]
    actions = list(AuditEvent.objects.filter(action__startswith="person.restrict").order_by("id"))
    assert [e.action for e in actions] == ["person.restrict", "person.restrict_lift"]


# --- Erasure ------------------------------------------------------------------------------------


def test_erasure_is_refused_while_the_case_is_open(dpo, case, participant):
    dsr = _request(dpo, case, participant, "deletion")
    with pytest.raises(ApplicationError):
        subject_action_prepare(actor=dpo, request=dsr, kind="erase")
    assert not SubjectAction.objects.exists()


def test_erasure_leaves_a_tombstone_and_the_audit_chain_valid(dpo, dpo2, case, participant, capsys):
    dsr = _request(dpo, case, participant, "deletion")
    # The case has been closed (the criminal process has ended).
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=timezone.now())
    action = subject_action_prepare(actor=dpo, request=dsr, kind="erase")
    subject_action_approve(actor=dpo2, action=action)
    person = _person(participant)
    assert person.full_name == ERASED
    assert (person.nik, person.phone, person.address, person.date_of_birth) == ("", "", "", None)
    assert (person.nik_hash, person.name_index) == ("", "")
    assert person.erased_at is not None
    assert person.sex == "F"  # non-identifying facts stay
    assert person.origin_area_id == "33.01"  # coarsened to the kabupaten
    case.refresh_from_db()
    assert case.participants.count() == 1
    assert case.summary == "Synthetic case for subject actions."
    event = AuditEvent.objects.get(action="person.erase")
    assert MARKER not in str(event.changes)
    call_command("audit_seal")
    call_command("audit_verify")  # raises CommandError naming the first broken row
    rows = AuditEvent.objects.count()
    assert f"{rows} audit rows verified" in capsys.readouterr().out


def test_correction_through_the_page_updates_the_date_of_birth_and_child_flag(
    client, dpo, dpo2, case, participant
):
    dsr = _request(dpo, case, participant, "correction")
    client.force_login(dpo)
    page = client.get(reverse("privacy:request-detail", args=[dsr.public_id])).content.decode()
    assert 'id="prepare-form"' in page and MARKER not in page  # no current values shown
    response = client.post(
        reverse("privacy:request-action", args=[dsr.public_id]),
        {"kind": "correct", "date_of_birth": "02-04-2012"},
    )
    assert response.status_code == 302
    assert not participant.is_child
    client.force_login(dpo2)
    action = SubjectAction.objects.get(request=dsr)
    client.post(reverse("privacy:action-approve", args=[action.public_id]))
    participant.refresh_from_db()
    assert _person(participant).date_of_birth == date(2012, 4, 2)
    assert participant.is_child is True  # re-derived from the corrected date of birth
    assert _person(participant).full_name == f"Seruni {MARKER}"  # untouched fields stay


def test_correction_form_refuses_a_future_date_of_birth(client, dpo, case, participant):
    dsr = _request(dpo, case, participant, "correction")
    client.force_login(dpo)
    response = client.post(
        reverse("privacy:request-action", args=[dsr.public_id]),
        {"kind": "correct", "date_of_birth": "01-01-2999"},
    )
    assert response.status_code == 200
    assert not SubjectAction.objects.exists()


def test_erasure_rewrites_the_name_and_nik_in_the_cases_free_text(
    dpo, dpo2, case, participant, caseworker_a
):
    """Issue 7 #12: the name typed into notes and the summary goes too, not only the fields."""
    from sigap.cases.erasure import REDACTED, text_fields
    from sigap.cases.models import CaseNote
    from sigap.cases.services import case_note_add

    Case.objects.filter(pk=case.pk).update(
        summary=f"Korban Seruni {MARKER.upper()} (NIK {NIK}) ditampung di Kemayoran."
    )
    case_note_add(case=case, actor=caseworker_a, body=f"Ibu dari seruni menelepon; {MARKER} aman.")
    case_note_add(case=case, actor=caseworker_a, body="Catatan tanpa nama.")
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=timezone.now())
    dsr = _request(dpo, case, participant, "deletion")
    action = subject_action_prepare(actor=dpo, request=dsr, kind="erase")
    subject_action_approve(actor=dpo2, action=action)
    case.refresh_from_db()
    assert case.summary == f"Korban {REDACTED} (NIK {REDACTED}) ditampung di Kemayoran."
    bodies = sorted(CaseNote.objects.filter(case=case).values_list("body", flat=True))
    assert bodies == ["Catatan tanpa nama.", f"Ibu dari {REDACTED} menelepon; {REDACTED} aman."]
    with connection.cursor() as cursor:  # the stored text, not only what the ORM returns
        cursor.execute("SELECT body FROM cases_casenote WHERE case_id = %s", [case.pk])
        assert not any(MARKER in (row[0] or "") for row in cursor.fetchall())
    event = AuditEvent.objects.get(action="person.erase")
    assert event.changes["free_text_redacted"] == {
        "cases.case.summary": 1,
        "cases.casenote.body": 1,
    }
    assert MARKER not in str(event.changes)
    covered = {(m._meta.label_lower, f) for m, _p, fields in text_fields() for f in fields}
    assert {("casework.assessment", "summary"), ("referrals.referral", "note")} <= covered
    assert not any(label.startswith(("audit.", "privacy.")) for label, _f in covered)
