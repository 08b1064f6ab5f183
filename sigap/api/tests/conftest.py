"""Fixtures for the API tests: a DRF client and a few referrals on the shared ``open_case``."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    """The token endpoint's throttle counts in the cache; start and end every test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An unauthenticated DRF test client; ``api.force_authenticate(user)`` to sign in."""
    return APIClient()


@pytest.fixture
def as_user(api):
    """``as_user(user)`` → the client signed in as ``user`` (session-less, like a token)."""

    def _as(user):
        api.force_authenticate(user)
        return api

    return _as


@pytest.fixture
def health_referral(open_case, caseworker_a):
    """The first victim of ``open_case`` referred to Suku Dinas Kesehatan for health rehab."""
    from sigap.agencies.models import Agency, Service
    from sigap.referrals.services import referral_send

    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
