import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sigap.audit.models import AuditEvent
from sigap.taskforce import services
from sigap.taskforce.choices import ActionItemStatus
from sigap.taskforce.models import ActionItem, Attendance, Meeting
from sigap.taskforce.tests.conftest import agency

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def item(meeting, secretariat_user):
    return services.action_item_create(
        actor=secretariat_user,
        meeting=meeting,
        owner_agency=agency("sudin-kesehatan-jakpus"),
        description="Skrining kesehatan calon pekerja migran",
        due_on=date(2024, 9, 30),
    )


def test_secretariat_schedules_a_meeting_in_wib(client, secretariat_user, task_force):
    c = _client(client, secretariat_user)
    response = c.post(
        reverse("taskforce:meeting-create"),
        {
            "kind": "coordination",
            "title": "Rakor triwulan III",
            "day": "07-08-2024",
            "time": "09:30",
            "place": "Ruang Rapat Sudin PPAPP",
            "chair": "Wakil Wali Kota",
            "agenda": "Evaluasi",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Rakor triwulan III")
    assert meeting.starts_at.isoformat() == "2024-08-07T02:30:00+00:00"  # 09:30 WIB
    page = c.get(reverse("taskforce:meeting-detail", args=[meeting.public_id]))
    assert "Rabu, 7 Agustus 2024, 09.30 WIB" in page.content.decode()


def test_bad_meeting_form_is_refused_in_indonesian(client, secretariat_user, task_force):
    c = _client(client, secretariat_user)
    response = c.post(reverse("taskforce:meeting-create"), {"kind": "coordination", "day": "x"})
    assert response.status_code == 400
    assert "DD-MM-YYYY" in response.content.decode()
    assert not Meeting.objects.exists()


def test_attendance_and_item_forms(client, secretariat_user, meeting):
    c = _client(client, secretariat_user)
    url = reverse("taskforce:attendance-add", args=[meeting.public_id])
    ag = agency("polres-jakpus-ppa")
    r = c.post(url, {"agency": ag.pk, "person_name": "AKP Contoh", "position": "Kanit PPA"})
    assert r.status_code == 302
    assert Attendance.objects.get(meeting=meeting).person_name == "AKP Contoh"
    r = c.post(
        reverse("taskforce:actionitem-add", args=[meeting.public_id]),
        {"owner_agency": ag.pk, "description": "Patroli", "due_on": "01-07-2024"},
    )
    assert r.status_code == 400  # due before the meeting of 3 July 2024
    assert not ActionItem.objects.exists()


def test_owner_marks_done_with_evidence(client, health_provider, item):
    c = _client(client, health_provider)
    url = reverse("taskforce:actionitem-detail", args=[item.public_id])
    assert c.post(url, {"evidence": ""}).status_code == 400
    r = c.post(url, {"evidence": "Skrining di Puskesmas Gambir, 12 Agustus 2024"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert item.done_by == health_provider


def test_other_agency_gets_404_on_item(client, police_officer, caseworker_b, item):
    for user in (police_officer, caseworker_b):
        c = _client(client, user)
        url = reverse("taskforce:actionitem-detail", args=[item.public_id])
        assert c.get(url).status_code == 404
        assert c.post(url, {"evidence": "x"}).status_code == 404


def test_leadership_sees_counts_not_items(client, leadership_user, meeting, item):
    c = _client(client, leadership_user)
    body = c.get(reverse("taskforce:meeting-detail", args=[meeting.public_id])).content.decode()
    assert "Skrining kesehatan" not in body
    overview = c.get(reverse("taskforce:overview")).content.decode()
    assert 'data-testid="aggregates"' in overview
    assert "Skrining kesehatan" not in overview
    url = reverse("taskforce:actionitem-detail", args=[item.public_id])
    assert c.get(url).status_code == 404


def test_notulen_pdf_has_the_date_written_out(client, secretariat_user, meeting, item):
    services.attendance_record(
        actor=secretariat_user,
        meeting=meeting,
        agency=agency("polres-jakpus-ppa"),
        person_name="AKP Contoh",
        position="Kanit PPA",
        present=True,
    )
    c = _client(client, secretariat_user)
    r = c.get(reverse("taskforce:meeting-notulen", args=[meeting.public_id]))
    assert r["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Rabu, 3 Juli 2024" in text
    assert "AKP Contoh" in text and "Skrining kesehatan" in text
    assert AuditEvent.objects.filter(action="meeting.notulen").count() == 1


def test_notulen_is_for_the_secretariat_only(client, health_provider, leadership_user, meeting):
    for user in (health_provider, leadership_user):
        c = _client(client, user)
        assert (
            c.get(reverse("taskforce:meeting-notulen", args=[meeting.public_id])).status_code == 403
        )


def test_my_work_lists_my_agencys_overdue_items(client, health_provider, police_officer, item):
    body = _client(client, health_provider).get(reverse("casework:my-work")).content.decode()
    assert "Skrining kesehatan" in body
    client.logout()
    body = _client(client, police_officer).get(reverse("casework:my-work")).content.decode()
    assert "Skrining kesehatan" not in body


def test_meeting_list_is_paginated(client, secretariat_user, task_force, meeting):
    r = _client(client, secretariat_user).get(reverse("taskforce:meeting-list"))
    assert r.status_code == 200
    assert r.context["page"].paginator.count == 1


def test_secretariat_edits_structure_and_adds_member(
    client, secretariat_user, task_force, social_provider
):
    c = _client(client, secretariat_user)
    url = reverse("taskforce:taskforce-edit", args=[task_force.public_id])
    assert c.get(url).status_code == 200
    r = c.post(
        url,
        {
            "name": task_force.name,
            "level": "kota",
            "decree_reference": "Kepwalkot 7/2025",
            "period_start": "01-01-2025",
            "period_end": "31-12-2024",
            "chair": "Wali Kota",
            "daily_chair": "Wakil Wali Kota",
        },
    )
    assert r.status_code == 400  # the period ends before it starts
    task_force.refresh_from_db()
    assert task_force.decree_reference == "Kepwalkot 1/2024"
    r = c.post(
        reverse("taskforce:member-add", args=[task_force.public_id]),
        {"agency": agency("sudin-sosial-jakpus").pk, "focal_point": social_provider.username},
    )
    assert r.status_code == 302
    member = task_force.members.get(agency__code="sudin-sosial-jakpus")
    assert member.focal_point == social_provider
