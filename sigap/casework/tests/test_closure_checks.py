"""Closure checks (issue 13 §6): the closure request and the supervisor's decision list each
victim's services, rights and open items, and warn on any victim who received no service."""

import pytest
from django.urls import reverse

from sigap.casework import services
from sigap.casework.selectors import closure_checks
from sigap.referrals.services import jakarta_today, referral_accept, referral_complete
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_one(open_case, caseworker_a, health_provider):
    """Victim 0 received health rehabilitation; victims 1 and 2 received nothing."""
    referral = send(open_case, caseworker_a)
    referral_accept(referral=referral, actor=health_provider)
    referral_complete(
        referral=referral,
        actor=health_provider,
        delivered_on=jakarta_today(),
        description="Pemeriksaan kesehatan.",
    )
    return referral


def _victims(case):
    return list(case.participants.filter(role="victim").select_related("person").order_by("id"))


def test_checks_list_each_victim_with_what_they_received(
    open_case, caseworker_a, served_one, social_provider
):
    victims = _victims(open_case)
    send(open_case, caseworker_a, victim=victims[1], agency_code="sudin-sosial-jakpus",
         service_code="social_rehab")  # fmt: skip
    checks = closure_checks(user=caseworker_a, case=open_case)
    assert [c.participant.pk for c in checks] == [v.pk for v in victims]
    assert [c.no_service for c in checks] == [False, True, True]
    assert [len(c.services_received) for c in checks] == [1, 0, 0]
    assert [len(c.open_referrals) for c in checks] == [0, 1, 0]
    assert [c.open_items for c in checks] == [0, 1, 0]


def test_checks_are_for_the_case_team_only(open_case, served_one, health_provider):
    from django.http import Http404

    with pytest.raises(Http404):
        closure_checks(user=health_provider, case=open_case)


def test_closure_request_warns_the_case_manager_and_the_supervisor_of_victims_without_service(
    client, open_case, caseworker_a, supervisor_a, served_one
):
    victims = _victims(open_case)
    served, unserved = victims[0].person.full_name, [v.person.full_name for v in victims[1:]]

    client.force_login(caseworker_a)
    page = client.get(reverse("casework:closure-request", args=[open_case.public_id]))
    body = page.content.decode()
    assert 'id="closure-no-service"' in body
    warning = body.split('id="closure-no-service"')[1].split("</div>")[0]
    assert all(name in warning for name in unserved)
    assert served not in warning
    assert "2 korban belum menerima layanan apa pun" in warning
    response = client.post(
        reverse("casework:closure-request", args=[open_case.public_id]),
        {"reason": "services_completed", "note": ""},
    )
    assert response.status_code == 302

    client.force_login(supervisor_a)
    page = client.get(reverse("casework:closure-decide", args=[open_case.public_id]))
    body = page.content.decode()
    warning = body.split('id="closure-no-service"')[1].split("</div>")[0]
    assert all(name in warning for name in unserved)
    assert served not in warning
    assert "Rehabilitasi kesehatan" in body  # the served victim's service is listed


def test_no_warning_when_every_victim_received_a_service(
    client, open_case, caseworker_a, health_provider
):
    for victim in _victims(open_case):
        referral = send(open_case, caseworker_a, victim=victim)
        referral_accept(referral=referral, actor=health_provider)
        referral_complete(
            referral=referral,
            actor=health_provider,
            delivered_on=jakarta_today(),
            description="Layanan.",
        )
    client.force_login(caseworker_a)
    body = client.get(reverse("casework:closure-request", args=[open_case.public_id]))
    assert 'id="closure-no-service"' not in body.content.decode()
    assert services.closure_request(
        case=open_case, actor=caseworker_a, reason="services_completed"
    ).pk
