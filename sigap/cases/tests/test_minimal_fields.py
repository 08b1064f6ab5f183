"""Minimal fields for receiving agencies (issue 3 §1): a service provider or police unit sees
only the referred victim's name, age, sex and the referral; never the modus, destination,
recruitment channel, summary, journey, suspects or the other victims."""

import pytest
from django.urls import reverse

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.minimal import person_age
from sigap.cases.services import PersonData, participant_add
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

SUMMARY = "Tiga perempuan ditampung di rumah."  # conftest's reported_case
SUSPECT = "Tersangka Rahasiapelaku"  # synthetic


@pytest.fixture
def referred(open_case, caseworker_a):
    """open_case with a suspect, its first victim referred to Sudin Kesehatan and Polres."""
    participant_add(
        case=open_case, actor=caseworker_a, role="suspect", data=PersonData(full_name=SUSPECT)
    )
    victim = open_case.participants.filter(role="victim").order_by("id").first()
    for agency, service in (
        ("sudin-kesehatan-jakpus", "health_rehab"),
        ("polres-jakpus-ppa", "law_enforcement"),
    ):
        referral_send(
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
            case=open_case,
            actor=caseworker_a,
            victim=victim,
            to_agency=Agency.objects.get(code=agency),
            service=Service.objects.get(code=service),
        )
    return victim


def _page(client, user, case):
    client.force_login(user)
    response = client.get(reverse("cases:case-detail", kwargs={"public_id": case.public_id}))
    assert response.status_code == 200
    return response, response.content.decode()


def _leaks(html: str) -> list[str]:
    story = [SUMMARY, "penampungan", "Malaysia", "Facebook", "Rahasiapelaku", "h-journey"]
    others = ["Korban Sintetis 1", "Korban Sintetis 2"]
    return [s for s in story + others + ["01-03-1998", "1998-03-01"] if s in html]


@pytest.mark.parametrize("persona", ["health_provider", "police_officer"])
def test_receiving_agency_sees_only_the_minimal_fields(
    request, client, open_case, referred, persona
):
    user = request.getfixturevalue(persona)
    response, html = _page(client, user, open_case)
    assert response.context["minimal"] is True
    assert "Korban Sintetis 0" in html
    assert f'class="victim-age">{person_age(referred.person)}' in html
    assert _leaks(html) == []
    assert response.context["others"] == []


def test_case_team_still_sees_the_whole_case(client, open_case, referred, caseworker_a):
    response, html = _page(client, caseworker_a, open_case)
    assert response.context["minimal"] is False
    missing = [
        s
        for s in (SUMMARY, "penampungan", "Malaysia", "Korban Sintetis 2", SUSPECT)
        if s not in html
    ]
    assert missing == []


def test_police_get_the_justice_link_service_providers_do_not(
    client, open_case, referred, police_officer, health_provider
):
    link = reverse("justice:case-detail", kwargs={"case_id": open_case.public_id})
    assert link in _page(client, police_officer, open_case)[1]
    assert link not in _page(client, health_provider, open_case)[1]


def test_minimal_view_is_audited_with_its_fields(client, open_case, referred, health_provider):
    _page(client, health_provider, open_case)
    event = AuditEvent.objects.filter(action="case.view", actor=health_provider).get()
    assert event.changes["scope"] == "referral"
    assert event.changes["fields"] == ["full_name", "sex", "age"]
    assert event.changes["people"] == 1


def test_api_detail_for_a_service_provider_has_the_minimal_shape(
    client, open_case, referred, health_provider
):
    client.force_login(health_provider)
    data = client.get(f"/api/v1/cases/{open_case.public_id}/").json()
    assert data["access"] == "referral_only"
    for key in (
        "modus",
        "summary",
        "journey",
        "destination_country",
        "destination_area",
        "recruitment_channel",
        "exploitation_forms",
        "intake_channel",
    ):
        assert key not in data, key
    assert len(data["victims"]) == 1
    victim = data["victims"][0]
    assert set(victim) == {"public_id", "full_name", "identity_masked", "sex", "age", "is_child"}
    assert (victim["full_name"], victim["age"]) == (
        "Korban Sintetis 0",
        person_age(referred.person),
    )
    assert [r["service"] for r in data["referrals"]] == ["health_rehab"]
    assert _leaks(str(data)) == []


def test_api_list_for_a_service_provider_has_no_story(
    client, open_case, referred, health_provider, caseworker_a
):
    client.force_login(health_provider)
    (item,) = client.get("/api/v1/cases/").json()["results"]
    assert item["access"] == "referral_only"
    assert "modus" not in item and "exploitation_forms" not in item
    client.force_login(caseworker_a)
    (team,) = client.get("/api/v1/cases/").json()["results"]
    assert team["access"] == "header" and team["modus"] == "migrant_worker"
