"""Rights API: scope (404), permission (403), optimistic locking (409), relocation."""

import pytest
from rest_framework.test import APIClient

from sigap.rights.models import Repatriation, RightRecord

pytestmark = pytest.mark.django_db


def _url(case, action=None):
    base = f"/api/v1/rights/{case.public_id}/"
    return base + f"{action}/" if action else base


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_team_reads_rights_without_names(open_case, caseworker_a, completed_health):
    response = _client(caseworker_a).get(_url(open_case))
    assert response.status_code == 200
    victims = response.json()["victims"]
    assert len(victims) == 3
    health = next(r for r in victims[0]["rights"] if r["right"] == "health_rehab")
    assert health["status"] == "fulfilled"
    assert health["derived"]["referral"] == str(completed_health.public_id)
    assert "Korban" not in response.content.decode()


@pytest.mark.parametrize("persona", ["caseworker_b", "health_provider"])
def test_outsider_and_provider_get_404(request, open_case, health_referral, persona):
    assert _client(request.getfixturevalue(persona)).get(_url(open_case)).status_code == 404


def test_leadership_gets_403(open_case, leadership_user):
    assert _client(leadership_user).get(_url(open_case)).status_code == 403


def test_police_read_but_cannot_write(open_case, police_officer, verdict, victims):
    client = _client(police_officer)
    data = client.get(_url(open_case)).json()
    assert data["victims"][0]["rights"] == []
    assert data["victims"][0]["restitution"]["awarded_rupiah"] == 10_000_000
    body = {"victim": str(victims[0].public_id), "version": 0, "applied_on": "2026-06-01"}
    assert client.post(_url(open_case, "protection"), body, format="json").status_code == 403


def test_stale_version_is_409_and_nothing_changes(open_case, caseworker_a, supervisor_a, victim):
    body = {
        "victim": str(victim.public_id),
        "version": 0,
        "right": "legal_aid",
        "status": "requested",
    }
    first = _client(caseworker_a).post(_url(open_case, "right"), body, format="json")
    assert first.status_code == 200
    right = next(r for r in first.json()["victims"][0]["rights"] if r["right"] == "legal_aid")
    assert right["version"] == 1
    second = _client(supervisor_a).post(
        _url(open_case, "right"), {**body, "status": "refused"}, format="json"
    )
    assert second.status_code == 409
    assert second.json()["extra"]["current_version"] == 1
    assert RightRecord.objects.get().status == "requested"


def test_team_of_another_case_cannot_write(reported_case, caseworker_a):
    victim = reported_case.participants.filter(role="victim").first()
    body = {
        "victim": str(victim.public_id),
        "version": 0,
        "right": "identity",
        "status": "requested",
    }
    # the intake queue is readable by UPT PPA but not theirs to change until taken on
    response = _client(caseworker_a).post(_url(reported_case, "right"), body, format="json")
    assert response.status_code == 403


def test_relocation_needs_the_listed_ids(open_case, caseworker_a, victim, areas, health_referral):
    client = _client(caseworker_a)
    body = {
        "victim": str(victim.public_id),
        "version": 0,
        "kind": "domestic",
        "destination_area": "33.01.01.2001",
        "status": "planned",
    }
    refused = client.post(_url(open_case, "repatriation"), body, format="json")
    assert refused.status_code == 400
    assert refused.json()["extra"]["referrals"] == [str(health_referral.public_id)]
    assert not Repatriation.objects.exists()
    body["confirmed_ids"] = refused.json()["extra"]["referrals"]
    ok = client.post(_url(open_case, "repatriation"), body, format="json")
    assert ok.status_code == 200
    assert ok.json()["victims"][0]["repatriation"]["destination_area"] == "33.01.01.2001"


def test_restitution_claim_via_api(open_case, caseworker_a, victim):
    body = {
        "victim": str(victim.public_id),
        "version": 0,
        "claimed_on": "2026-05-01",
        "amount_claimed": 5_000_000,
    }
    response = _client(caseworker_a).post(_url(open_case, "restitution"), body, format="json")
    assert response.status_code == 200
    claim = response.json()["victims"][0]["restitution"]["claim"]
    assert (claim["amount_claimed"], claim["version"]) == (5_000_000, 1)


@pytest.mark.parametrize(
    "field", ["amount_claimed", "amount_assessed", "amount_in_indictment", "version"]
)
def test_huge_numbers_get_400_json_in_indonesian_not_500(open_case, caseworker_a, victim, field):
    """Issue 7 finding 4: ``amount_claimed: 10**25`` answered 500 with an HTML body."""
    from django.utils import translation

    from sigap.rights.models import RestitutionClaim

    body = {"victim": str(victim.public_id), "version": 0, "claimed_on": "2026-05-01"}
    body[field] = 10**25
    with translation.override("id"):
        response = _client(caseworker_a).post(
            _url(open_case, "restitution"), body, format="json", HTTP_ACCEPT_LANGUAGE="id"
        )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["extra"]["fields"][field]
    assert any("kurang atau sama dengan" in e for e in errors), errors
    assert not RestitutionClaim.objects.exists()
