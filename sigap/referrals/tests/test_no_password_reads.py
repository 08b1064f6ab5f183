"""Issue 8: the referral and transfer pages read the users they name (who sent, who answered,
who asked) without their password hash, in no more queries than before. Synthetic data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.agencies.models import Agency
from sigap.referrals.services import referral_accept
from sigap.referrals.services.transfers import transfer_request
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db


def _capture(client, user, url):
    client.force_login(user)
    client.get(url)  # first-request work (sessions, caches) out of the count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return ctx.captured_queries


@pytest.fixture
def answered(open_case, caseworker_a, health_provider):
    """A referral sent by UPT PPA and accepted by Sudin Kesehatan."""
    return referral_accept(referral=send(open_case, caseworker_a), actor=health_provider)


@pytest.fixture
def transfer(open_case, caseworker_a, caseworker_b):
    """UPT PPA asks Sudin Sosial to take the case over."""
    return transfer_request(
        case=open_case,
        actor=caseworker_a,
        to_agency=Agency.objects.get(code="sudin-sosial-jakpus"),
        reason="Korban pindah domisili ke wilayah lembaga penerima.",
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
    )


# Queries measured before issue 8 (SQLite and PostgreSQL alike).
@pytest.mark.parametrize(
    ("page", "before"), [("inbox", 14), ("detail", 15)], ids=["inbox", "detail"]
)
def test_referral_pages_read_no_password_hash(
    client, answered, health_provider, password_reads, page, before
):
    url = (
        reverse("referrals:referral-inbox")
        if page == "inbox"
        else reverse("referrals:referral-detail", args=[answered.public_id])
    )
    captured = _capture(client, health_provider, url)
    assert password_reads(captured, health_provider) == []
    assert len(captured) <= before


@pytest.mark.parametrize(
    ("page", "before"), [("inbox", 9), ("detail", 10)], ids=["inbox", "detail"]
)
def test_transfer_pages_read_no_password_hash(
    client, transfer, caseworker_b, password_reads, page, before
):
    url = (
        reverse("referrals:transfer-inbox")
        if page == "inbox"
        else reverse("referrals:transfer-detail", args=[transfer.public_id])
    )
    captured = _capture(client, caseworker_b, url)
    assert password_reads(captured, caseworker_b) == []
    assert len(captured) <= before
