"""Data-subject requests (UU 27/2022 PDP; issue 3 §8): the DPO registers a request, sees the
due dates, exports one person's data for an access request, records the outcome and closes."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.services import PersonData, case_open, case_report
from sigap.core.exceptions import ApplicationError
from sigap.privacy.models import DataSubjectRequest
from sigap.privacy.selectors import subject_participant_find
from sigap.privacy.services import (
    subject_data_export,
    subject_request_close,
    subject_request_register,
)
from sigap.referrals.services import referral_accept, referral_complete, referral_send

pytestmark = pytest.mark.django_db

NIK = "3171034101980003"
LIST_URL = reverse("privacy:request-list")
CREATE_URL = reverse("privacy:request-create")


@pytest.fixture
def dpo(make_user):
    return make_user(Role.AUDITOR, "pemkot-jakpus", "dpo")


@pytest.fixture
def subject(open_case, caseworker_a, health_provider, social_provider):
    """Victim 0 of open_case: referred to health (service delivered); victim 1 to social."""
    victims = list(open_case.participants.filter(role="victim").order_by("id"))

    def refer(victim, agency, service):
        return referral_send(
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
            case=open_case,
            actor=caseworker_a,
            victim=victim,
            to_agency=Agency.objects.get(code=agency),
            service=Service.objects.get(code=service),
            note="Synthetic referral note.",
        )

    health = referral_accept(
        referral=refer(victims[0], "sudin-kesehatan-jakpus", "health_rehab"),
        actor=health_provider,
    )
    referral_complete(
        referral=health,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Synthetic check-up delivered.",
    )
    refer(victims[1], "sudin-sosial-jakpus", "social_rehab")
    return victims[0]


def _access_request(dpo, subject):
    return subject_request_register(
        actor=dpo, kind="access", case_number=subject.case.number, participant=subject
    )


def test_export_holds_this_person_only(dpo, subject, open_case):
    request = _access_request(dpo, subject)
    data = subject_data_export(actor=dpo, request=request)
    assert data["person"]["full_name"] == "Korban Sintetis 0"
    assert data["person"]["date_of_birth"] == "1998-03-01"
    assert [p["case_number"] for p in data["participations"]] == [open_case.number]
    assert [r["service"] for r in data["referrals"]] == [
        str(Service.objects.get(code="health_rehab"))
    ]
    assert [s["description"] for s in data["services_delivered"]] == [
        "Synthetic check-up delivered."
    ]
    text = json.dumps(data)
    for other in ("Korban Sintetis 1", "Korban Sintetis 2", "Tiga perempuan", "penampungan"):
        assert other not in text, other
    event = AuditEvent.objects.get(action="privacy.subject_export", actor=dpo)
    assert event.target_public_id == request.public_id
    assert event.changes["referrals"] == 1 and event.changes["services_delivered"] == 1
    assert "Korban" not in json.dumps(event.changes)


def test_export_only_for_an_access_request_with_a_person(dpo, subject):
    correction = subject_request_register(
        actor=dpo, kind="correction", case_number=subject.case.number
    )
    with pytest.raises(ApplicationError):
        subject_data_export(actor=dpo, request=correction)
    assert not AuditEvent.objects.filter(action="privacy.subject_export").exists()


def test_access_request_needs_the_person(dpo, open_case):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        subject_request_register(actor=dpo, kind="access", case_number=open_case.number)


def test_participant_found_by_nik_hash_or_reference_within_the_case(caseworker_a, areas, open_case):
    case = case_open(
        case=case_report(
            actor=caseworker_a,
            intake_channel="kelurahan_report",
            report_area=areas["31.71.03.1001"],
            summary="Synthetic test case.",
            victims=[PersonData(full_name="Mawar Rahasiasubjek", nik=NIK, sex="F")],
        ),
        actor=caseworker_a,
    )
    found = subject_participant_find(case_number=case.number.lower(), nik=NIK)
    assert found.person.full_name == "Mawar Rahasiasubjek"
    assert subject_participant_find(case_number=case.number, reference=found.public_id) == found
    # the right NIK with another case's number matches nobody
    assert subject_participant_find(case_number=open_case.number, nik=NIK) is None
    assert subject_participant_find(case_number=case.number) is None


def test_register_page_by_nik_stores_no_nik(client, dpo, caseworker_a, areas):
    case = case_open(
        case=case_report(
            actor=caseworker_a,
            intake_channel="kelurahan_report",
            report_area=areas["31.71.03.1001"],
            summary="Synthetic test case.",
            victims=[PersonData(full_name="Mawar Rahasiasubjek", nik=NIK, sex="F")],
        ),
        actor=caseworker_a,
    )
    client.force_login(dpo)
    response = client.post(CREATE_URL, {"kind": "access", "case_number": case.number, "nik": NIK})
    request = DataSubjectRequest.objects.get()
    assert response.status_code == 302 and str(request.public_id) in response["Location"]
    assert NIK not in response["Location"]
    assert request.participant.person.full_name == "Mawar Rahasiasubjek"
    assert request.due_on == request.received_on + timedelta(days=3)
    event = AuditEvent.objects.get(action="privacy.request_register")
    assert event.changes == {"kind": "access", "participant": True}


def test_register_page_refuses_an_unmatched_person(client, dpo, open_case):
    client.force_login(dpo)
    response = client.post(
        CREATE_URL, {"kind": "access", "case_number": open_case.number, "nik": NIK}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not DataSubjectRequest.objects.exists()


def test_list_shows_due_dates_and_highlights_overdue(client, dpo, open_case):
    old = subject_request_register(
        actor=dpo,
        kind="correction",
        case_number=open_case.number,
        received_on=timezone.localdate() - timedelta(days=10),
    )
    fresh = subject_request_register(actor=dpo, kind="restriction", case_number=open_case.number)
    client.force_login(dpo)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert [r.pk for r in response.context["requests"]] == [old.pk, fresh.pk]
    html = response.content.decode()
    assert html.count('class="row-overdue"') == 1
    assert old.is_overdue and not fresh.is_overdue


def test_export_view_downloads_json(client, dpo, subject):
    request = _access_request(dpo, subject)
    client.force_login(dpo)
    url = reverse("privacy:request-export", kwargs={"public_id": request.public_id})
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["person"]["full_name"] == "Korban Sintetis 0"


def test_close_records_the_outcome(client, dpo, open_case):
    request = subject_request_register(actor=dpo, kind="correction", case_number=open_case.number)
    client.force_login(dpo)
    url = reverse("privacy:request-close", kwargs={"public_id": request.public_id})
    response = client.post(url, {"status": "completed", "outcome": "Date of birth corrected."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.outcome) == ("completed", "Date of birth corrected.")
    assert request.closed_on == timezone.localdate() and not request.is_open
    event = AuditEvent.objects.get(action="privacy.request_close")
    assert event.changes == {"kind": "correction", "status": "completed"}
    with pytest.raises(ApplicationError):
        subject_request_close(actor=dpo, request=request, status="refused", outcome="again")


def test_close_needs_an_outcome(client, dpo, open_case):
    request = subject_request_register(actor=dpo, kind="restriction", case_number=open_case.number)
    client.force_login(dpo)
    url = reverse("privacy:request-close", kwargs={"public_id": request.public_id})
    response = client.post(url, {"status": "completed", "outcome": ""})
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == "received"


@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a", "platform_admin"])
def test_other_roles_are_refused(request, client, persona, dpo, subject):
    dsr = _access_request(dpo, subject)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(CREATE_URL).status_code == 403
    url = reverse("privacy:request-export", kwargs={"public_id": dsr.public_id})
    assert client.post(url).status_code == 403


def test_superuser_without_the_role_is_refused(client, dpo, subject, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x" * 20)
    client.force_login(root)
    assert client.get(LIST_URL).status_code == 403


def test_auditor_role_holds_the_request_permissions(dpo):
    for perm in ("add", "view", "change"):
        assert dpo.has_perm(f"privacy.{perm}_datasubjectrequest"), perm
