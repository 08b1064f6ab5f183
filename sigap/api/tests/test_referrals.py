"""Referrals through the API: send, accept, decline, complete, conflicts, scoping, bounds."""

import pytest
from django.utils import timezone

from sigap.agencies.models import Agency
from sigap.audit.models import AuditEvent
from sigap.referrals.models import Referral, ServiceDelivery

URL = "/api/v1/referrals/"


def _url(referral, transition=""):
    return f"{URL}{referral.public_id}/" + (f"{transition}/" if transition else "")


def _send_body(case, victim, agency_code, service="health_rehab"):
    return {
        "case": str(case.public_id),
        "victim": str(victim.public_id),
        "to_agency": str(Agency.objects.get(code=agency_code).public_id),
        "service": service,
        "note": "Mohon pemeriksaan kesehatan.",
        "sharing_basis": "public_task",
        "legal_reference": "UU 21/2007 Pasal 51",
    }


@pytest.mark.django_db
def test_case_manager_sends_referral(as_user, caseworker_a, open_case):
    victim = open_case.participants.order_by("id").first()
    response = as_user(caseworker_a).post(
        URL, _send_body(open_case, victim, "sudin-kesehatan-jakpus"), format="json"
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "sent"
    assert data["victim"] == str(victim.public_id)
    assert data["case"] == {"public_id": str(open_case.public_id), "number": open_case.number}
    assert data["to_agency"]["code"] == "sudin-kesehatan-jakpus"
    assert data["service"]["code"] == "health_rehab"
    assert data["version"] == 1
    referral = Referral.objects.get(public_id=data["public_id"])
    assert AuditEvent.objects.filter(action="referral.send", target_public_id=referral.public_id)


@pytest.mark.django_db
def test_referral_to_the_cases_own_agency_is_refused(as_user, caseworker_a, open_case):
    victim = open_case.participants.first()
    response = as_user(caseworker_a).post(
        URL, _send_body(open_case, victim, "upt-ppa-dki"), format="json"
    )

    assert response.status_code == 400
    assert "to_agency" in response.json()["extra"]["fields"]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_referral_for_a_case_out_of_scope_reads_as_unknown(
    as_user, caseworker_b, open_case, make_user
):
    victim = open_case.participants.first()
    response = as_user(caseworker_b).post(
        URL, _send_body(open_case, victim, "sudin-kesehatan-jakpus"), format="json"
    )
    assert response.status_code == 400
    assert "case" in response.json()["extra"]["fields"]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_service_provider_cannot_send_referrals(as_user, health_provider, open_case):
    victim = open_case.participants.first()
    response = as_user(health_provider).post(
        URL, _send_body(open_case, victim, "sudin-sosial-jakpus"), format="json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_receiver_accepts_then_completes(as_user, health_provider, health_referral):
    client = as_user(health_provider)
    response = client.post(_url(health_referral, "accept"), {"expected_version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert response.json()["version"] == 2

    today = timezone.localdate().isoformat()
    response = client.post(
        _url(health_referral, "complete"),
        {"delivered_on": today, "description": "Pemeriksaan kesehatan umum."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "completed"
    assert [d["delivered_on"] for d in data["deliveries"]] == [today]
    assert ServiceDelivery.objects.filter(referral=health_referral).count() == 1
    actions = set(
        AuditEvent.objects.filter(target_public_id=health_referral.public_id).values_list(
            "action", flat=True
        )
    )
    assert {"referral.accept", "referral.complete"} <= actions


@pytest.mark.django_db
def test_stale_expected_version_gets_409(as_user, health_provider, health_referral):
    client = as_user(health_provider)
    response = client.post(_url(health_referral, "accept"), {"expected_version": 7}, format="json")

    assert response.status_code == 409
    assert set(response.json()) == {"message", "extra"}
    health_referral.refresh_from_db()
    assert health_referral.status == "sent"
    assert health_referral.version == 1


@pytest.mark.django_db
def test_receiver_declines_with_reason(as_user, health_provider, health_referral):
    client = as_user(health_provider)
    assert client.post(_url(health_referral, "decline"), {}, format="json").status_code == 400
    response = client.post(
        _url(health_referral, "decline"), {"reason": "Kapasitas penuh."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert response.json()["decline_reason"] == "Kapasitas penuh."
    health_referral.refresh_from_db()
    assert health_referral.status == "declined"


@pytest.mark.django_db
def test_completing_before_accepting_is_refused(as_user, health_provider, health_referral):
    response = as_user(health_provider).post(
        _url(health_referral, "complete"),
        {"delivered_on": timezone.localdate().isoformat(), "description": "x"},
        format="json",
    )
    assert response.status_code == 400
    health_referral.refresh_from_db()
    assert health_referral.status == "sent"


@pytest.mark.django_db
def test_case_manager_cannot_respond_to_referrals(as_user, caseworker_a, health_referral):
    response = as_user(caseworker_a).post(_url(health_referral, "accept"), {}, format="json")
    assert response.status_code == 403
    health_referral.refresh_from_db()
    assert health_referral.status == "sent"


@pytest.mark.django_db
def test_other_receiving_agency_gets_404(as_user, social_provider, health_referral):
    client = as_user(social_provider)
    assert client.get(_url(health_referral)).status_code == 404
    assert client.post(_url(health_referral, "accept"), {}, format="json").status_code == 404
    assert client.get(URL).json()["count"] == 0
    health_referral.refresh_from_db()
    assert health_referral.status == "sent"


@pytest.mark.django_db
def test_list_directions_and_status(as_user, caseworker_a, health_provider, health_referral):
    provider = as_user(health_provider)
    received = provider.get(URL, {"direction": "received"}).json()
    assert [r["public_id"] for r in received["results"]] == [str(health_referral.public_id)]
    assert provider.get(URL, {"direction": "sent"}).json()["count"] == 0
    assert provider.get(URL, {"status": "accepted"}).json()["count"] == 0

    manager = as_user(caseworker_a)
    assert manager.get(URL, {"direction": "sent", "status": "sent"}).json()["count"] == 1
    detail = manager.get(_url(health_referral)).json()
    assert detail["deliveries"] == []
    assert "Korban" not in str(detail)


@pytest.mark.django_db
def test_referral_list_runs_bounded_queries(
    api, caseworker_a, open_case, django_assert_max_num_queries
):
    from sigap.agencies.models import Service
    from sigap.referrals.services import referral_send

    targets = [("sudin-kesehatan-jakpus", "health_rehab"), ("sudin-sosial-jakpus", "shelter")]
    for victim in open_case.participants.all():
        for agency_code, service_code in targets:
            referral_send(
                sharing_basis="public_task",
                legal_reference="UU 21/2007 Pasal 51",
                case=open_case,
                actor=caseworker_a,
                victim=victim,
                to_agency=Agency.objects.get(code=agency_code),
                service=Service.objects.get(code=service_code),
            )
    from sigap.api.tokens import api_token_issue

    _row, key = api_token_issue(user=caseworker_a, two_factor_verified=False)  # fresh user
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api.get("/api/v1/referrals/")  # first use records last_used_at (one UPDATE)
    counts = {}
    for size in (5, 100):
        # 8 for the list, plus the access rows of the names it shows (issue 7 #6: the cases,
        # rows the view wrote itself, one bulk append), the same for any page size.
        with django_assert_max_num_queries(11) as captured:
            response = api.get(URL, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, 6)
        counts[size] = len(captured)
    assert counts[5] == counts[100], counts
