"""Fixtures for the referral tests: a referral of the shared ``open_case`` and helpers."""

import pytest

from sigap.agencies.models import Agency, Service


def send(case, actor, agency_code="sudin-kesehatan-jakpus", service_code="health_rehab", **kw):
    """Refer a victim of ``case`` (default: its first) on a lawful basis."""
    from sigap.referrals.services import referral_send

    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=case,
        actor=actor,
        victim=kw.pop("victim", None) or case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code=agency_code),
        service=Service.objects.get(code=service_code),
        **kw,
    )


@pytest.fixture
def sent_referral(open_case, caseworker_a):
    """Victim 0 of the open case referred by UPT PPA to Sudin Kesehatan (status sent)."""
    return send(open_case, caseworker_a)


@pytest.fixture
def accepted_referral(sent_referral, health_provider):
    from sigap.referrals.services import referral_accept

    return referral_accept(referral=sent_referral, actor=health_provider)
