"""Issue 7, finding 7: a referral may only go to an agency that offers the requested service.

Before the fix a referral to a kelurahan office (which offers no victim service) was stored as
``sent`` and nobody could act on it. The rule lives in ``referral_service_check``, called by
``referral_send``, which the referral page and the API both use.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_send, referral_service_check

pytestmark = pytest.mark.django_db

KELURAHAN = "kelurahan-31-71-03-1001"  # Kantor Kelurahan Kemayoran: offers no service


def _victim(case):
    return case.participants.order_by("id").first()


def test_service_refuses_a_referral_to_an_agency_without_the_service(open_case, caseworker_a):
    with pytest.raises(ValidationError) as excinfo:
        referral_send(
            case=open_case,
            actor=caseworker_a,
            victim=_victim(open_case),
            to_agency=Agency.objects.get(code=KELURAHAN),
            service=Service.objects.get(code="health_rehab"),
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
        )
    assert "to_agency" in excinfo.value.message_dict
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action="referral.send").exists()


def test_service_refuses_an_agency_offering_other_services_only(open_case, caseworker_a):
    """Sudin Sosial offers social rehabilitation, not health rehabilitation."""
    with pytest.raises(ValidationError):
        referral_service_check(
            to_agency=Agency.objects.get(code="sudin-sosial-jakpus"),
            service=Service.objects.get(code="health_rehab"),
        )
    link = referral_service_check(
        to_agency=Agency.objects.get(code="sudin-sosial-jakpus"),
        service=Service.objects.get(code="social_rehab"),
    )
    assert link.days_limit == 7


def test_form_shows_an_indonesian_error_for_an_agency_without_the_service(
    client, open_case, caseworker_a
):
    client.force_login(caseworker_a)
    response = client.post(
        reverse("referrals:referral-create", kwargs={"case_id": open_case.public_id}),
        {
            "victim": str(_victim(open_case).public_id),
            "service": "health_rehab",
            "to_agency": str(Agency.objects.get(code=KELURAHAN).public_id),
            "sharing_basis": "public_task",
            "legal_reference": "UU 21/2007 Pasal 51",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["to_agency"]
    assert "tidak menyediakan layanan" in errors[0]
    assert "Rehabilitasi kesehatan" in errors[0]
    assert not Referral.objects.exists()


def test_api_refuses_an_agency_without_the_service_in_indonesian(open_case, caseworker_a):
    api = APIClient()
    api.force_authenticate(caseworker_a)
    response = api.post(
        "/api/v1/referrals/",
        {
            "case": str(open_case.public_id),
            "victim": str(_victim(open_case).public_id),
            "to_agency": str(Agency.objects.get(code=KELURAHAN).public_id),
            "service": "health_rehab",
            "sharing_basis": "public_task",
            "legal_reference": "UU 21/2007 Pasal 51",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    body = response.json()
    assert "tidak menyediakan layanan" in body["extra"]["fields"]["to_agency"][0]
    assert not Referral.objects.exists()
