"""Merging two records of one person, with history and undo (issue 10 §2)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import TEST_PASSWORD
from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseNote, Participant
from sigap.cases.services import PersonData, case_note_add, case_open, case_report
from sigap.people.merge import person_merge, person_merge_undo
from sigap.people.models import PersonKey
from sigap.people.selectors import MatchQuery, find_candidates


def _case(actor, areas, name):
    case = case_report(
        actor=actor,
        intake_channel="walk_in",
        report_area=areas["31.71.03.1001"],
        summary="Sintetis.",
        victims=[PersonData(name, sex="F", date_of_birth=date(2004, 3, 4))],
    )
    return case_open(case=case, actor=actor)


@pytest.fixture
def twins(caseworker_a, areas):
    """Two records of one woman in two cases of UPT PPA, a note on the second case."""
    first = _case(caseworker_a, areas, "Siti Nurhaliza")
    second = _case(caseworker_a, areas, "Siti Nurhalizah")
    case_note_add(case=second, actor=caseworker_a, body="Catatan sintetis.")
    return first.participants.get().person, second.participants.get().person, second


def test_merge_moves_participations_keeps_notes_and_audit_then_undo_restores(twins, caseworker_a):
    survivor, merged, second = twins
    audit_before = AuditEvent.objects.count()
    merge = person_merge(actor=caseworker_a, survivor=survivor, merged=merged, reason="Sama.")
    assert Participant.objects.filter(person=survivor).count() == 2
    assert not Participant.objects.filter(person=merged).exists()
    assert not PersonKey.objects.filter(person=merged).exists()
    assert CaseNote.objects.filter(case=second).count() == 1
    rows = AuditEvent.objects.filter(action="person.merge").order_by("pk")
    assert rows.count() == 2
    assert rows[0].changes["participations_moved"] == 1
    assert "Sama." not in str(rows[0].changes)
    assert AuditEvent.objects.count() == audit_before + 2  # nothing removed
    # The merged record is no candidate of its own any more.
    query = MatchQuery(full_name="Siti Nurhalizah", date_of_birth=date(2004, 3, 4))
    assert [c.person_public_id for c in find_candidates(caseworker_a, query)] == [
        survivor.public_id
    ]

    person_merge_undo(actor=caseworker_a, merge=merge, reason="Ternyata berbeda.")
    assert Participant.objects.filter(person=merged).get().case == second
    assert Participant.objects.filter(person=survivor).count() == 1
    assert PersonKey.objects.filter(person=merged).exists()
    assert AuditEvent.objects.filter(action="person.merge_undo").count() == 2
    with pytest.raises(ValidationError):
        person_merge_undo(actor=caseworker_a, merge=merge, reason="lagi")


def test_merge_across_agencies_needs_the_secretariat(
    twins, caseworker_a, caseworker_b, secretariat_user, areas
):
    survivor, _merged, _second = twins
    other = _case(caseworker_b, areas, "Siti Nurhaliza").participants.get().person
    with pytest.raises(PermissionDenied):
        person_merge(actor=caseworker_a, survivor=survivor, merged=other, reason="Sama.")
    with pytest.raises(PermissionDenied):
        person_merge(actor=caseworker_b, survivor=survivor, merged=other, reason="Sama.")
    merge = person_merge(actor=secretariat_user, survivor=survivor, merged=other, reason="Sama.")
    assert merge.across_agencies


def test_merge_needs_a_reason_and_two_records(twins, caseworker_a):
    survivor, merged, _second = twins
    with pytest.raises(ValidationError):
        person_merge(actor=caseworker_a, survivor=survivor, merged=merged, reason=" ")
    with pytest.raises(ValidationError):
        person_merge(actor=caseworker_a, survivor=survivor, merged=survivor, reason="x")


def test_api_merge_and_undo(client, twins, caseworker_a, police_officer):
    survivor, merged, _second = twins
    body = {"survivor": str(survivor.public_id), "merged": str(merged.public_id), "reason": "Sama."}
    assert client.login(username=police_officer.username, password=TEST_PASSWORD)
    url = reverse("api:person-merge")
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert client.login(username=caseworker_a.username, password=TEST_PASSWORD)
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["participations_moved"] == 1
    undo = reverse("api:person-merge-undo", args=[made.json()["public_id"]])
    done = client.post(undo, {"reason": "Salah."}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["undone_at"]
    again = client.post(undo, {"reason": "Salah."}, content_type="application/json")
    assert again.status_code == 400
